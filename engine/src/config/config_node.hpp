#pragma once
// A YAML document as an owned tree that remembers where every node came from (file, 1-based line
// and column). yaml-cpp's own nodes are converted once, by yaml_reader.cpp, under depth and node
// budgets; everything after that (extends merging, --set overrides, typed reading, emitting the
// resolved scenario) works on this tree, so an error can always point at FILE:LINE:COLUMN.

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "regiosim/error.hpp"

namespace regiosim::config {

struct Mark {
  std::shared_ptr<const std::string> file;  // shared: thousands of nodes name the same file
  int line = 0;                             // 1-based
  int column = 0;                           // 1-based

  SourceLocation location() const {
    return {file ? *file : std::string("<unknown>"), line, column};
  }
};

class Node {
 public:
  enum class Kind { Null, Scalar, Sequence, Map };

  Node() = default;
  static Node null(Mark mark);
  static Node scalar(std::string text, Mark mark, bool quoted = false);
  static Node sequence(Mark mark);
  static Node map(Mark mark);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_scalar() const { return kind_ == Kind::Scalar; }
  bool is_sequence() const { return kind_ == Kind::Sequence; }
  bool is_map() const { return kind_ == Kind::Map; }
  const Mark& mark() const { return mark_; }
  void set_mark(Mark mark) { mark_ = std::move(mark); }
  // "a map", "a list", "a scalar", "null": for "expected X, found Y" messages.
  const char* kind_name() const;

  // Scalar: the text as written; quoted is true for '...' or "..." scalars (always strings), and
  // for block scalars (| and >) and the rare plain scalars that plain_safe() rejects.
  const std::string& text() const { return text_; }
  bool quoted() const { return quoted_; }

  // Sequence items, in order.
  const std::vector<Node>& items() const { return items_; }
  std::vector<Node>& items() { return items_; }
  void push_back(Node item) { items_.push_back(std::move(item)); }

  // Map entries in document order (keys are unique; the reader rejects duplicates). A deque, so
  // that appending a key (a default written by MapReader) keeps references to other children valid.
  using Entries = std::deque<std::pair<std::string, Node>>;
  const Entries& entries() const;
  Entries& entries();
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  // Where key `key` itself was written (the mark of its value if the key node has none).
  Mark key_mark(std::string_view key) const;
  // The same for the entry at `index` in entries() (constant time, for walking large maps).
  Mark key_mark_at(std::size_t index) const;
  // Inserts or replaces; a new key goes at the end.
  void set(std::string key, Node value, Mark key_mark = {});
  // Appends without looking for `key` first (the caller knows it is new), so that building a
  // large map stays linear.
  void append(std::string key, Node value, Mark key_mark = {});
  bool erase(std::string_view key);

 private:
  Kind kind_ = Kind::Null;
  Mark mark_;
  std::string text_;
  bool quoted_ = false;
  std::vector<Node> items_;
  // Engaged only once used: an empty std::deque allocates, and most nodes are scalars.
  std::optional<Entries> entries_;
  std::vector<Mark> key_marks_;  // parallel to *entries_
};

}  // namespace regiosim::config
