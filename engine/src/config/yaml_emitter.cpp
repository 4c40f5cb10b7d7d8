#include "config/yaml_emitter.hpp"

#include <cstring>
#include <string_view>

namespace regiosim::config {

namespace {

bool blank(char c) {
  return c == ' ' || c == '\t';
}

// A double-quoted scalar; non-ASCII UTF-8 stays as it is (readable Chinese names).
std::string double_quoted(std::string_view text) {
  static const char* const hex = "0123456789ABCDEF";
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::string_view rest = text.substr(i);
    if (text[i] == '"' || text[i] == '\\') {
      out += '\\';
      out += text[i];
    } else if (text[i] == '\n') {
      out += "\\n";
    } else if (text[i] == '\t') {
      out += "\\t";
    } else if (text[i] == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    } else if (rest.substr(0, 2) == "\xC2\x85") {
      // Not \N: yaml-cpp 0.7 reads that as the single byte 0x85, which is not UTF-8.
      out += "\\u0085";
      ++i;
    } else if (rest.substr(0, 3) == "\xE2\x80\xA8" || rest.substr(0, 3) == "\xE2\x80\xA9") {
      out += rest[2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else if (rest.substr(0, 3) == "\xEF\xBB\xBF") {
      out += "\\uFEFF";
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out + "\"";
}

std::string scalar_text(const Node& node) {
  if (node.is_null()) return "~";
  if (node.is_sequence()) return "[]";
  if (node.is_map()) return "{}";
  return node.quoted() || !plain_safe(node.text()) ? double_quoted(node.text()) : node.text();
}

bool inline_node(const Node& node) {
  return node.is_null() || node.is_scalar() || (node.is_sequence() && node.items().empty()) ||
         (node.is_map() && node.entries().empty());
}

void emit_block(const Node& node, std::size_t indent, bool continues_line, std::string& out);

// After "key:" or "- ": the value on the same line, or a block on the next lines. A list under a
// key is indented; a collection inside a list item starts on the item's line ("- - a", "- a: 1").
void emit_after_indicator(const Node& node, std::size_t indent, bool in_list, std::string& out) {
  if (inline_node(node)) {
    out += " " + scalar_text(node) + "\n";
  } else if (in_list) {
    out += " ";
    emit_block(node, indent + 2, true, out);
  } else {
    out += "\n";
    emit_block(node, indent + 2, false, out);
  }
}

// A non-empty map or list whose lines start at column `indent`; when `continues_line`, the cursor
// already stands there for the first line.
void emit_block(const Node& node, std::size_t indent, bool continues_line, std::string& out) {
  bool first = true;
  const auto start_line = [&] {
    if (!(first && continues_line)) out.append(indent, ' ');
    first = false;
  };
  if (node.is_sequence()) {
    for (const Node& item : node.items()) {
      start_line();
      out += "-";
      emit_after_indicator(item, indent, true, out);
    }
    return;
  }
  // yaml-cpp reads implicit keys (`key: value`) up to 1024 characters only; longer ones are written
  // explicitly (`? key` then `: value`).
  constexpr std::size_t longest_implicit_key = 1000;
  for (const auto& [key, value] : node.entries()) {
    start_line();
    const std::string text = plain_safe(key) ? key : double_quoted(key);
    if (text.size() > longest_implicit_key) {
      out += "? " + text + "\n";
      out.append(indent, ' ');
    } else {
      out += text;
    }
    out += ":";
    emit_after_indicator(value, indent, false, out);
  }
}

}  // namespace

// Conservative: anything doubtful is quoted instead. Also used for keys.
bool plain_safe(std::string_view text) {
  if (text.empty() || blank(text.front()) || blank(text.back()) || text.back() == ':') return false;
  // These read back as null.
  if (text == "~" || text == "null" || text == "Null" || text == "NULL") return false;
  // Document markers, at the start of a line.
  if (text.substr(0, 3) == "---" || text.substr(0, 3) == "...") return false;
  if (std::strchr(",[]{}#&*!|>'\"%@`", text.front())) return false;
  if (std::strchr("-?:", text.front()) && (text.size() == 1 || blank(text[1]))) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7F) return false;
    if (text[i] == ':' && i + 1 < text.size() && blank(text[i + 1])) return false;
    if (text[i] == '#' && i > 0 && blank(text[i - 1])) return false;
  }
  // NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR may be read as line breaks; a BOM is invisible.
  for (const std::string_view odd : {"\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xEF\xBB\xBF"}) {
    if (text.find(odd) != std::string_view::npos) return false;
  }
  return true;
}

std::string emit_yaml(const Node& root) {
  if (inline_node(root)) return scalar_text(root) + "\n";
  std::string out;
  emit_block(root, 0, false, out);
  return out;
}

}  // namespace regiosim::config
