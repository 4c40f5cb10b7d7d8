#include "config/overrides.hpp"

#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "config/map_reader.hpp"
#include "config/yaml_reader.hpp"

namespace regiosim::config {

namespace {

// One step of a key path: a key (or a list item's code, id or name, or a bare number), or a
// bracketed index.
struct Step {
  std::string key;
  bool bracketed = false;
  std::size_t offset = 0;  // where the step starts in the assignment
  std::size_t end = 0;  // where it ends: the key path "as written" up to it is assignment[0, end)
};

class Override {
 public:
  Override(std::string_view assignment, int index)
      : assignment_(assignment),
        index_(index),
        file_(std::make_shared<const std::string>("--set")) {}

  void apply(Node& root) {
    if (const auto bad = assignment_.find_first_of("\r\n"); bad != std::string_view::npos) {
      fail(bad, "", "line break in --set (expected key.path=value on one line)");
    }
    const std::size_t equals = assignment_.find('=');
    if (equals == std::string_view::npos) fail(0, "", "missing '=' (expected key.path=value)");
    if (equals == 0) fail(0, "", "empty key path (expected key.path=value)");
    const std::vector<Step> steps = parse_path(assignment_.substr(0, equals));
    Node value = parse_value(equals);

    Node* node = &root;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      node = &child(*node, steps[i]);
      if (i + 1 == steps.size()) *node = std::move(value);
    }
  }

 private:
  Mark mark(std::size_t offset) const { return {file_, index_, static_cast<int>(offset) + 1}; }

  [[noreturn]] void fail(std::size_t offset, std::string_view key_path,
                         const std::string& message) const {
    throw ConfigError(mark(offset).location(), std::string(key_path), message);
  }
  [[noreturn]] void fail(const Step& step, const std::string& message) const {
    fail(step.offset, assignment_.substr(0, step.end), message);
  }

  // Errors inside the value name the full path: `a.b={c: 1, c: 2}` fails at a.b.c.
  Node parse_value(std::size_t equals) const {
    try {
      return parse_yaml_fragment(assignment_.substr(equals + 1), *file_, index_,
                                 static_cast<int>(equals + 1));
    } catch (const ConfigError& e) {
      std::string path(assignment_.substr(0, equals));
      if (!e.key_path().empty()) path += (e.key_path()[0] == '[' ? "" : ".") + e.key_path();
      throw ConfigError(e.location(), path, e.message());
    }
  }

  // "a.b[2].c" -> a, b, [2], c. Keys are not otherwise checked: a misspelt one reaches the typed
  // reader, which suggests the right one.
  std::vector<Step> parse_path(std::string_view path) const {
    std::vector<Step> steps;
    std::size_t i = 0;
    while (true) {
      const std::size_t start = i;
      while (i < path.size() && path[i] != '.' && path[i] != '[')
        ++i;
      if (i == start)
        fail(start, path.substr(0, i), "empty key in the key path (expected key.path=value)");
      steps.push_back({std::string(path.substr(start, i - start)), false, start, i});
      while (i < path.size() && path[i] == '[') {
        const std::size_t close = path.find(']', i);
        const std::size_t digits = i + 1;
        if (close == std::string_view::npos || close == digits ||
            path.find_first_not_of("0123456789", digits) < close) {
          fail(i, path.substr(0, i), "bad list index (expected [N] with N a whole number)");
        }
        steps.push_back({std::string(path.substr(digits, close - digits)), true, i, close + 1});
        i = close + 1;
      }
      // Each step nests a map or list one level deeper; the limit keeps the tree within the depth
      // that the recursive walks over it (merge, emit) are written for.
      if (steps.size() > static_cast<std::size_t>(ReadLimits{}.max_depth)) {
        fail(start, path.substr(0, i),
             "key path too long (expected at most " + std::to_string(ReadLimits{}.max_depth) +
                 " steps)");
      }
      if (i == path.size()) return steps;
      if (path[i] != '.')
        fail(i, path.substr(0, i),
             "unexpected '" + std::string(1, path[i]) + "' (expected '.' or '[')");
      ++i;
    }
  }

  // The child that `step` names, created if it is a missing map key.
  Node& child(Node& node, const Step& step) const {
    if (node.is_null()) {
      if (step.bracketed) fail(step, "expected a list, found null");
      node = Node::map(mark(step.offset));
    }
    if (node.is_scalar()) fail(step, "cannot go into a scalar (expected a map or a list)");
    if (node.is_map()) {
      if (step.bracketed) fail(step, "expected a list, found a map");
      if (Node* found = node.find(step.key)) return *found;
      node.append(step.key, Node::map(mark(step.offset)), mark(step.offset));
      return node.entries().back().second;
    }
    auto& items = node.items();
    if (step.key.find_first_not_of("0123456789") == std::string::npos) {
      // More than 19 digits is out of range anyway, and would make stoull throw.
      const std::size_t count = items.size();
      if (step.key.size() > 19 || std::stoull(step.key) >= count) {
        fail(step, "index " + step.key + " out of range (list has " + std::to_string(count) +
                       (count == 1 ? " item)" : " items)"));
      }
      return items[std::stoull(step.key)];
    }
    std::vector<std::string> names;
    for (Node& item : items) {
      if (!item.is_map()) continue;
      for (const char* field : {"code", "id", "name"}) {
        const Node* id = item.find(field);
        if (!id || !id->is_scalar()) continue;
        if (id->text() == step.key) return item;
        names.push_back(id->text());
      }
    }
    const std::string message = "no item with code, id or name '" + step.key + "'";
    const auto guess = did_you_mean(step.key, names);
    fail(step, message + (guess ? " (did you mean '" + *guess + "'?)"
                                : " (expected an index, or the code, id or name of an item)"));
  }

  std::string_view assignment_;
  int index_;
  std::shared_ptr<const std::string> file_;
};

}  // namespace

void apply_override(Node& root, std::string_view assignment, int index) {
  Override(assignment, index).apply(root);
}

}  // namespace regiosim::config
