#include "regiosim/error.hpp"

#include <utility>

namespace regiosim {

namespace {
std::string format_config_error(const SourceLocation& at, const std::string& key_path,
                                const std::string& message) {
  std::string text =
      at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
  if (!key_path.empty()) text += key_path + ": ";
  return text + message;
}
}  // namespace

ConfigError::ConfigError(SourceLocation location, std::string key_path, std::string message)
    : Error(format_config_error(location, key_path, message)),
      location_(std::move(location)),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

}  // namespace regiosim
