#include "config/yaml_reader.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "config/map_reader.hpp"
#include "config/yaml_emitter.hpp"

namespace regiosim::config {

namespace {

namespace fs = std::filesystem;

// Turns yaml-cpp's 0-based marks into 1-based Marks of one source (possibly embedded in a longer
// line, see parse_yaml_fragment).
struct Source {
  std::shared_ptr<const std::string> file;
  int first_line = 1;
  int column_offset = 0;

  Mark at(int line0, int column0) const {
    // yaml-cpp reports a null mark (-1) for some errors at the end of input.
    const int line = std::max(line0, 0) + 1;
    const int column = std::max(column0, 0) + 1;
    return {file, first_line + line - 1, line == 1 ? column + column_offset : column};
  }
  Mark at(const YAML::Mark& mark) const { return at(mark.line, mark.column); }
};

[[noreturn]] void fail_at_mark(const Mark& mark, const std::string& key_path,
                               const std::string& message) {
  throw ConfigError(mark.location(), key_path, message);
}

std::string hex_byte(unsigned char byte) {
  static const char* const digits = "0123456789ABCDEF";
  return std::string("0x") + digits[byte >> 4] + digits[byte & 0xF];
}

// yaml-cpp silently replaces invalid UTF-8 and treats byte 0x04 as end of input, so the text is
// checked first: valid UTF-8, and no control characters but tab and line breaks (YAML 1.2, 5.1).
void check_text(std::string_view text, const Source& source) {
  // UTF-8 lead bytes: the sequence length, the payload bits, and the smallest code point the
  // length may encode (smaller ones are overlong encodings).
  struct Lead {
    unsigned char first, last;
    std::size_t length;
    unsigned bits;
    char32_t min;
  };
  static constexpr Lead leads[] = {
      {0xC2, 0xDF, 2, 0x1F, 0x80}, {0xE0, 0xEF, 3, 0x0F, 0x800}, {0xF0, 0xF4, 4, 0x07, 0x10000}};

  int line0 = 0;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const auto fail = [&](const std::string& what) {
      fail_at_mark(source.at(line0, static_cast<int>(i - line_start)), "",
                   what + " (expected UTF-8 text)");
    };
    if (byte == '\n') {
      ++line0;
      line_start = ++i;
      continue;
    }
    if (byte < 0x80) {
      // A carriage return only as part of CR LF: yaml-cpp keeps a lone one inside plain scalars.
      const bool crlf = byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
      if ((byte < 0x20 && byte != '\t' && !crlf) || byte == 0x7F) {
        fail("control character " + hex_byte(byte) + " is not allowed");
      }
      ++i;
      continue;
    }
    const Lead* lead = std::find_if(std::begin(leads), std::end(leads), [&](const Lead& l) {
      return byte >= l.first && byte <= l.last;
    });
    if (lead == std::end(leads)) fail("invalid UTF-8 byte " + hex_byte(byte));
    char32_t code = byte & lead->bits;
    for (std::size_t k = 1; k < lead->length; ++k) {
      if (i + k >= text.size()) fail("truncated UTF-8 sequence");
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) fail("invalid UTF-8 byte " + hex_byte(next));
      code = (code << 6) | (next & 0x3Fu);
    }
    if (code < lead->min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      fail("invalid UTF-8 sequence");
    }
    i += lead->length;
  }
}

std::string tag_name(const std::string& tag) {
  static const std::string core = "tag:yaml.org,2002:";
  return tag.compare(0, core.size(), core) == 0 ? "!!" + tag.substr(core.size()) : tag;
}

// What a node costs against the read budgets: nodes, and bytes of key and scalar text.
struct Cost {
  std::size_t nodes = 0;
  std::size_t bytes = 0;
};

// Builds a Node tree from yaml-cpp's parse events with an explicit stack. Aliases are expanded by
// copying the anchored node, charged to the node budget (so alias bombs stop early); an alias to a
// node that is still open (`&a [*a]`, which yaml-cpp accepts) is an error.
class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view text, const Source& source, const ReadLimits& limits)
      : text_(text), source_(source), limits_(limits) {}

  std::optional<Node>& root() { return root_; }

  // A complex key is reported only once the document parsed without a syntax error: yaml-cpp 0.7
  // reads an unclosed `[1, 2` at the end of the input as a map whose key is a list, before it
  // finds the real error.
  void throw_deferred() const {
    if (deferred_) throw *deferred_;
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (deferred_) return;
    Mark at = source_.at(mark);
    if (expecting_key()) fail(at, path(), "a map key is null (expected a string key)");
    // yaml-cpp places the null of `key:` at the next token, often on a later line: the key is a
    // better place to point at.
    if (!stack_.empty() && stack_.back().node.is_map() && stack_.back().key_mark.line < at.line) {
      at = stack_.back().key_mark;
    }
    count(at, {1, 0});
    finish_node(Node::null(at), anchor, 0, {1, 0});
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (deferred_) return;
    const Mark at = source_.at(mark);
    // "?" is a plain scalar; "!" a quoted or block scalar (or the non-specific tag `!`, which
    // also means string).
    if (tag != "?" && tag != "!") fail_tag(at, tag);
    if (tag == "!") check_closed(mark);
    const Cost cost{1, value.size()};
    count(at, cost);
    // See plain_safe: the rare plain scalars that cannot be written back plain count as quoted.
    const bool quoted = tag == "!" || !plain_safe(value);
    if (expecting_key()) {
      set_key(value, at);
      if (anchor != 0) anchors_[anchor] = Anchored{Node::scalar(value, at, quoted), cost, 0, true};
      return;
    }
    finish_node(Node::scalar(value, at, quoted), anchor, 0, cost);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::sequence(source_.at(mark)), tag, anchor);
  }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::map(source_.at(mark)), tag, anchor);
  }
  void OnSequenceEnd() override {
    if (!deferred_) close();
  }
  void OnMapEnd() override {
    if (!deferred_) close();
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (deferred_) return;
    const Mark at = source_.at(mark);
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end() || !it->second.complete) {
      fail(at, path(),
           "alias refers to a node that contains it (expected an alias to a finished node)");
    }
    const Anchored& target = it->second;
    if (expecting_key()) {
      if (!target.node.is_scalar()) {
        deferred_.emplace(
            at.location(), path(),
            "a map key is " + std::string(target.node.kind_name()) + " (expected a string key)");
        return;
      }
      count(at, {1, target.node.text().size()});
      set_key(target.node.text(), at);
      return;
    }
    if (static_cast<int>(stack_.size()) + target.height > limits_.max_depth) fail_depth(at);
    count(at, target.cost);
    Node copy = target.node;
    copy.set_mark(at);
    finish_node(std::move(copy), 0, target.height, target.cost);
  }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    Cost before;  // total_ when the collection opened, for its anchor's cost
    int height = 1;
    // Maps only: the key waiting for its value, and the keys seen so far.
    bool has_key = false;
    std::string key;
    Mark key_mark;
    std::unordered_set<std::string> keys;
  };
  struct Anchored {
    Node node;
    Cost cost;
    int height = 0;
    bool complete = false;
  };

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().node.is_map() && !stack_.back().has_key;
  }

  // The key path of the position the next node goes to.
  std::string path() const {
    std::string text;
    for (const Frame& frame : stack_) {
      if (frame.node.is_sequence()) {
        text += "[" + std::to_string(frame.node.items().size()) + "]";
      } else if (frame.has_key) {
        text += (text.empty() ? "" : ".") + frame.key;
      }
    }
    return text;
  }

  [[noreturn]] void fail(const Mark& at, const std::string& key_path, const std::string& message) {
    fail_at_mark(at, key_path, message);
  }
  [[noreturn]] void fail_tag(const Mark& at, const std::string& tag) {
    fail(at, path(), "tag '" + tag_name(tag) + "' is not supported (expected no tag)");
  }
  [[noreturn]] void fail_depth(const Mark& at) {
    fail(at, path(),
         "nesting too deep (expected at most " + std::to_string(limits_.max_depth) + " levels)");
  }

  // Charges `cost` to the budgets. Text is charged as well as nodes: each use of an alias copies
  // its scalars, so a long string behind nested aliases would otherwise grow without bound.
  void count(const Mark& at, Cost cost) {
    if (cost.nodes > limits_.max_nodes - std::min(total_.nodes, limits_.max_nodes)) {
      fail(at, path(),
           "too many nodes (expected at most " + std::to_string(limits_.max_nodes) +
               ", counting each use of an alias)");
    }
    if (cost.bytes > limits_.max_text_bytes - std::min(total_.bytes, limits_.max_text_bytes)) {
      fail(at, path(),
           "too much text (expected at most " + std::to_string(limits_.max_text_bytes) +
               " bytes of keys and values, counting each use of an alias)");
    }
    total_.nodes += cost.nodes;
    total_.bytes += cost.bytes;
  }

  // yaml-cpp 0.7 ends a quoted scalar that is never closed at the end of the input, after a line
  // break, without an error: `a: "open` + newline + `b: 2` would read as the string "open b: 2".
  // So the closing quote is looked for here. `mark` is where the node starts, at its anchor or tag
  // if it has any; when the scalar cannot be found after them, nothing is checked.
  void check_closed(const YAML::Mark& mark) {
    std::size_t i = static_cast<std::size_t>(std::max(mark.pos, 0));
    int line0 = mark.line;
    int column0 = mark.column;
    bool in_property = false;
    for (; i < text_.size(); ++i) {
      const bool space = std::isspace(static_cast<unsigned char>(text_[i])) != 0;
      if (text_[i] == '&' || text_[i] == '!') in_property = true;
      if (space) in_property = false;
      if (!space && !in_property) break;
      ++column0;
      if (text_[i] == '\n') {
        ++line0;
        column0 = 0;
      }
    }
    if (i >= text_.size() || (text_[i] != '"' && text_[i] != '\'')) return;
    const char quote = text_[i];
    for (std::size_t k = i + 1; k < text_.size(); ++k) {
      if (quote == '"' && text_[k] == '\\') {
        ++k;
      } else if (text_[k] == quote) {
        // In single quotes, '' is an escaped quote.
        if (quote == '"' || k + 1 >= text_.size() || text_[k + 1] != quote) return;
        ++k;
      }
    }
    fail(source_.at(line0, column0), path(),
         std::string("quoted string never closed (expected a closing ") + quote + ")");
  }

  void set_key(const std::string& key, const Mark& at) {
    Frame& frame = stack_.back();
    if (!frame.keys.insert(key).second) {
      const Mark first = frame.node.key_mark(key);
      fail(at, (path().empty() ? "" : path() + ".") + key,
           "duplicate key '" + key + "' (expected each key once; first at line " +
               std::to_string(first.line) + ", column " + std::to_string(first.column) + ")");
    }
    frame.has_key = true;
    frame.key = key;
    frame.key_mark = at;
  }

  void open(Node node, const std::string& tag, YAML::anchor_t anchor) {
    if (deferred_) return;
    const Mark at = node.mark();
    if (tag != "?") fail_tag(at, tag);
    if (expecting_key()) {
      deferred_.emplace(
          at.location(), path(),
          "a map key is " + std::string(node.kind_name()) + " (expected a string key)");
      return;
    }
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) fail_depth(at);
    count(at, {1, 0});
    if (anchor != 0) anchors_[anchor] = Anchored{};  // open: an alias to it now is recursive
    Frame frame;
    frame.node = std::move(node);
    frame.anchor = anchor;
    frame.before = {total_.nodes - 1, total_.bytes};
    stack_.push_back(std::move(frame));
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    finish_node(std::move(frame.node), frame.anchor, frame.height,
                {total_.nodes - frame.before.nodes, total_.bytes - frame.before.bytes});
  }

  // Records a finished node (its anchor, if any) and adds it to its parent.
  void finish_node(Node node, YAML::anchor_t anchor, int height, Cost cost) {
    if (anchor != 0) {
      // The stored copy is memory too, so it is charged like the nodes it copies.
      count(node.mark(), cost);
      anchors_[anchor] = Anchored{node, cost, height, true};
    }
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& parent = stack_.back();
    parent.height = std::max(parent.height, height + 1);
    if (parent.node.is_sequence()) {
      parent.node.push_back(std::move(node));
      return;
    }
    parent.node.append(std::move(parent.key), std::move(node), parent.key_mark);
    parent.has_key = false;
  }

  std::string_view text_;
  const Source& source_;
  const ReadLimits& limits_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  Cost total_;
  std::optional<Node> root_;
  std::optional<ConfigError> deferred_;  // once set, the remaining events are ignored
};

// Stops the parser at the start of a second document; the parser is never asked for more (yaml-cpp
// 0.7's LoadAll can loop forever on input like ",").
class SecondDocument final : public YAML::EventHandler {
 public:
  explicit SecondDocument(const Source& source) : source_(source) {}
  void OnDocumentStart(const YAML::Mark& mark) override {
    fail_at_mark(source_.at(mark), "",
                 "unexpected content after the end of the document (expected a single YAML "
                 "document)");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  const Source& source_;
};

Node parse(std::string_view text, const Source& source, const ReadLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    fail_at_mark(source.at(0, 0), "",
                 "text too large (" + std::to_string(text.size()) + " bytes, expected at most " +
                     std::to_string(limits.max_file_bytes) + ")");
  }
  static constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text.substr(0, bom.size()) == bom) text.remove_prefix(bom.size());
  check_text(text, source);

  std::istringstream in{std::string(text)};
  TreeBuilder builder(text, source, limits);
  try {
    YAML::Parser parser(in);
    const bool found = parser.HandleNextDocument(builder);
    builder.throw_deferred();
    if (found) {
      SecondDocument guard(source);
      parser.HandleNextDocument(guard);
    }
  } catch (const ConfigError&) {
    throw;
  } catch (const YAML::Exception& e) {
    fail_at_mark(source.at(e.mark), "", "YAML syntax error (" + e.msg + ")");
  } catch (const std::exception& e) {
    fail_at_mark(source.at(0, 0), "", std::string("cannot parse YAML (") + e.what() + ")");
  }
  if (!builder.root()) return Node::null(source.at(0, 0));
  return std::move(*builder.root());
}

struct ReadFailure {
  bool too_large = false;
  std::string reason;  // "No such file or directory", or the size for a file too large
};

// Reads at most max_bytes (also for files whose size is unknown beforehand, such as pipes).
std::optional<ReadFailure> read_capped(const fs::path& path, std::size_t max_bytes,
                                       std::string& text) {
  const auto too_large = [&](const std::string& size) {
    return ReadFailure{true, size + ", expected at most " + std::to_string(max_bytes) + " bytes"};
  };
  std::error_code ec;
  if (fs::is_directory(path, ec)) return ReadFailure{false, "is a directory"};
  if (fs::is_regular_file(path, ec)) {
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) return too_large(std::to_string(size) + " bytes");
  }
  errno = 0;
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) return ReadFailure{false, errno ? std::strerror(errno) : "cannot open"};
  text.clear();
  char buffer[1 << 16];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get())) {
    if (text.size() + n > max_bytes)
      return too_large("more than " + std::to_string(max_bytes) + " bytes");
    text.append(buffer, n);
  }
  if (std::ferror(file.get()))
    return ReadFailure{false, errno ? std::strerror(errno) : "read error"};
  return std::nullopt;
}

// One file of an extends chain: its canonical path (empty for in-memory text) and its name as the
// user wrote it (the top file's display name, or the `extends` value that led to it).
struct ChainLink {
  fs::path canonical;
  std::string shown;
};

fs::path canonical_path(const fs::path& path) {
  std::error_code ec;
  fs::path result = fs::weakly_canonical(path, ec);
  return ec ? fs::absolute(path, ec).lexically_normal() : result;
}

Node resolve(std::string_view text, const std::string& display_name, const fs::path& base_dir,
             std::vector<ChainLink>& chain, const ReadLimits& limits) {
  Node root = parse(text, Source{std::make_shared<const std::string>(display_name)}, limits);
  const Node* extends = root.is_map() ? root.find("extends") : nullptr;
  if (!extends) return root;

  if (!extends->is_scalar() || extends->text().empty()) {
    const std::string found = extends->is_scalar() ? "an empty string" : extends->kind_name();
    fail_at_mark(extends->mark(), "extends", "expected a file name, found " + found);
  }
  const std::string& name = extends->text();
  if (const auto problem = path_text_problem(name))
    fail_at_mark(extends->mark(), "extends", *problem);
  const fs::path path = base_dir / name;
  const fs::path canonical = canonical_path(path);
  const auto seen = std::find_if(chain.begin(), chain.end(), [&](const ChainLink& link) {
    return link.canonical == canonical;
  });
  if (seen != chain.end()) {
    std::string cycle;
    for (auto it = seen; it != chain.end(); ++it)
      cycle += it->shown + " -> ";
    fail_at_mark(extends->mark(), "extends", "cyclic extends: " + cycle + name);
  }
  if (static_cast<int>(chain.size()) > limits.max_extends_depth) {
    fail_at_mark(extends->mark(), "extends",
                 "too many nested extends (expected at most " +
                     std::to_string(limits.max_extends_depth) + ")");
  }
  std::string base_text;
  if (const auto failure = read_capped(path, limits.max_file_bytes, base_text)) {
    fail_at_mark(extends->mark(), "extends",
                 failure->too_large ? "'" + name + "' is too large (" + failure->reason + ")"
                                    : "cannot read '" + name + "' (" + failure->reason + ")");
  }
  chain.push_back({canonical, name});
  Node base =
      resolve(base_text, path.lexically_normal().string(), path.parent_path(), chain, limits);
  chain.pop_back();
  root.erase("extends");
  deep_merge(base, root);
  return base;
}

}  // namespace

Node parse_yaml(std::string_view text, const std::string& display_name, const ReadLimits& limits) {
  return parse(text, Source{std::make_shared<const std::string>(display_name)}, limits);
}

Node parse_yaml_fragment(std::string_view text, const std::string& display_name, int first_line,
                         int column_offset, const ReadLimits& limits) {
  return parse(text,
               Source{std::make_shared<const std::string>(display_name), first_line, column_offset},
               limits);
}

Node load_yaml_file(const std::string& path, const ReadLimits& limits) {
  std::string text;
  if (const auto failure = read_capped(path, limits.max_file_bytes, text)) {
    const Mark top{std::make_shared<const std::string>(path), 1, 1};
    fail_at_mark(top, "",
                 failure->too_large ? "file is too large (" + failure->reason + ")"
                                    : "cannot read file (" + failure->reason + ")");
  }
  std::vector<ChainLink> chain{{canonical_path(path), path}};
  return resolve(text, path, fs::path(path).parent_path(), chain, limits);
}

Node load_yaml_text(std::string_view text, const std::string& display_name,
                    const std::string& base_dir, const ReadLimits& limits) {
  std::vector<ChainLink> chain{{fs::path(), display_name}};
  return resolve(text, display_name, base_dir, chain, limits);
}

void deep_merge(Node& base, const Node& overlay) {
  if (!base.is_map() || !overlay.is_map()) {
    base = overlay;
    return;
  }
  // Rebuilt rather than edited in place, with an index on each side, so that merging two large
  // maps stays linear.
  std::unordered_map<std::string_view, std::size_t> in_overlay;
  for (std::size_t i = 0; i < overlay.entries().size(); ++i)
    in_overlay[overlay.entries()[i].first] = i;
  Node merged = Node::map(overlay.mark());
  std::unordered_set<std::string_view> in_base;
  for (std::size_t i = 0; i < base.entries().size(); ++i) {
    auto& [key, value] = base.entries()[i];
    in_base.insert(key);
    const auto it = in_overlay.find(key);
    if (it == in_overlay.end()) {
      merged.append(key, std::move(value), base.key_mark_at(i));
      continue;
    }
    deep_merge(value, overlay.entries()[it->second].second);
    merged.append(key, std::move(value), overlay.key_mark_at(it->second));
  }
  for (std::size_t i = 0; i < overlay.entries().size(); ++i) {
    const auto& [key, value] = overlay.entries()[i];
    if (!in_base.count(key)) merged.append(key, value, overlay.key_mark_at(i));
  }
  base = std::move(merged);
}

}  // namespace regiosim::config
