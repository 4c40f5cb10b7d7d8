#include "text_format.hpp"

#include <cmath>
#include <cstdio>

namespace regiosim::cli {

std::string format(const char* pattern, double x) {
  if (!std::isfinite(x)) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, pattern, x);
  return text;
}

std::string pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

}  // namespace regiosim::cli
