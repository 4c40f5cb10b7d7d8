#include "config/config_node.hpp"

#include <algorithm>

namespace regiosim::config {

Node Node::null(Mark mark) {
  Node node;
  node.mark_ = std::move(mark);
  return node;
}

Node Node::scalar(std::string text, Mark mark, bool quoted) {
  Node node;
  node.kind_ = Kind::Scalar;
  node.mark_ = std::move(mark);
  node.text_ = std::move(text);
  node.quoted_ = quoted;
  return node;
}

Node Node::sequence(Mark mark) {
  Node node;
  node.kind_ = Kind::Sequence;
  node.mark_ = std::move(mark);
  return node;
}

Node Node::map(Mark mark) {
  Node node;
  node.kind_ = Kind::Map;
  node.mark_ = std::move(mark);
  return node;
}

const char* Node::kind_name() const {
  switch (kind_) {
    case Kind::Null:
      return "null";
    case Kind::Scalar:
      return "a scalar";
    case Kind::Sequence:
      return "a list";
    case Kind::Map:
      return "a map";
  }
  return "null";
}

const Node::Entries& Node::entries() const {
  static const Entries none;
  return entries_ ? *entries_ : none;
}

Node::Entries& Node::entries() {
  if (!entries_) entries_.emplace();
  return *entries_;
}

const Node* Node::find(std::string_view key) const {
  const Entries& all = entries();
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const auto& entry) { return entry.first == key; });
  return it == all.end() ? nullptr : &it->second;
}

Node* Node::find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node&>(*this).find(key));
}

Mark Node::key_mark(std::string_view key) const {
  const Entries& all = entries();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].first == key) return key_mark_at(i);
  }
  return mark_;
}

Mark Node::key_mark_at(std::size_t index) const {
  // entries() is public, so key_marks_ may be shorter if a caller appended there directly.
  const bool known = index < key_marks_.size() && key_marks_[index].file;
  return known ? key_marks_[index] : entries().at(index).second.mark();
}

void Node::set(std::string key, Node value, Mark key_mark) {
  Entries& all = entries();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].first != key) continue;
    all[i].second = std::move(value);
    // A replaced value keeps its key's position unless the caller knows a better one.
    if (!key_mark.file) return;
    key_marks_.resize(std::max(key_marks_.size(), all.size()));
    key_marks_[i] = std::move(key_mark);
    return;
  }
  append(std::move(key), std::move(value), std::move(key_mark));
}

void Node::append(std::string key, Node value, Mark key_mark) {
  Entries& all = entries();
  all.emplace_back(std::move(key), std::move(value));
  key_marks_.resize(all.size());
  key_marks_.back() = std::move(key_mark);
}

bool Node::erase(std::string_view key) {
  Entries& all = entries();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].first != key) continue;
    all.erase(all.begin() + static_cast<std::ptrdiff_t>(i));
    if (i < key_marks_.size())
      key_marks_.erase(key_marks_.begin() + static_cast<std::ptrdiff_t>(i));
    return true;
  }
  return false;
}

}  // namespace regiosim::config
