#include "regiosim/error.hpp"

#include <cstdio>
#include <utility>

namespace regiosim {

namespace {

// what() is one line (error.hpp), but a key or a value quoted in the message may hold a line break
// or another control character: YAML's escapes ("a\nb") and quoted CSV fields allow them. They are
// written escaped, as are the Unicode line separators; key_path() and message() keep them as read.
std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if ((byte < 0x20 && byte != '\t') || byte == 0x7F) {
      char code[8];
      std::snprintf(code, sizeof code, "\\x%02X", byte);
      out += code;
    } else if (text.compare(i, 2, "\xC2\x85") == 0) {  // U+0085, next line
      out += "\\u0085";
      i += 1;
    } else if (text.compare(i, 3, "\xE2\x80\xA8") == 0) {  // U+2028, line separator
      out += "\\u2028";
      i += 2;
    } else if (text.compare(i, 3, "\xE2\x80\xA9") == 0) {  // U+2029, paragraph separator
      out += "\\u2029";
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string format_config_error(const SourceLocation& at, const std::string& key_path,
                                const std::string& message) {
  std::string text =
      at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
  if (!key_path.empty()) text += key_path + ": ";
  return one_line(text + message);
}

}  // namespace

ConfigError::ConfigError(SourceLocation location, std::string key_path, std::string message)
    : Error(format_config_error(location, key_path, message)),
      location_(std::move(location)),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

}  // namespace regiosim
