#pragma once
// The small pieces of JSON the CLI's --json documents are written from (scorecard, audit).

#include <string>

namespace regiosim::cli {

// A JSON string literal: quotes, backslashes and control characters escaped; UTF-8 passes through.
std::string json_string(const std::string& text);

// A JSON number with full double precision; JSON has no NaN or Inf, so a value that does not
// exist is null.
std::string json_number(double x);

}  // namespace regiosim::cli
