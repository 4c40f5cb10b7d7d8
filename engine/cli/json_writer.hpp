#pragma once
// The small pieces of JSON the CLI's --json documents are written from (scorecard, audit).

#include <string>
#include <vector>

namespace regiosim::cli {

// A JSON string literal: quotes, backslashes and control characters escaped; UTF-8 passes through.
std::string json_string(const std::string& text);

// A JSON number with full double precision; JSON has no NaN or Inf, so a value that does not
// exist is null.
std::string json_number(double x);
// A JSON array of numbers, each as json_number writes it.
std::string json_array(const std::vector<double>& values);

}  // namespace regiosim::cli
