#include "history/yaml_text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace regiosim::history {

std::string number_text(double x) {
  char text[40];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, x);
    if (std::strtod(text, nullptr) == x) break;
  }
  return text;
}

std::string number17(double x) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", x);
  return text;
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : one_line(text)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string extends_path(const std::string& scenario, const std::string& output) {
  namespace fs = std::filesystem;
  const fs::path output_dir = fs::absolute(output).parent_path().lexically_normal();
  const fs::path scenario_abs = fs::absolute(scenario).lexically_normal();
  fs::path relative = scenario_abs.lexically_relative(output_dir);
  if (relative.empty()) relative = scenario_abs;
  return relative.generic_string();
}

}  // namespace regiosim::history
