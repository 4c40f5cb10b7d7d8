#pragma once
// The small pieces the CLI's text tables are written from (scorecard, audit, multipliers).

#include <cstddef>
#include <string>

namespace regiosim::cli {

// printf-style formatting of one number; "n/a" for NaN or Inf.
std::string format(const char* pattern, double x);

// Left-aligned in a column of `width` characters (longer text is left as it is).
std::string pad(const std::string& text, std::size_t width);

}  // namespace regiosim::cli
