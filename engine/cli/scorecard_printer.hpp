#pragma once
// The scorecard as a terminal table or as one JSON document (the --json schema in README).

#include <iosfwd>
#include <string>

#include "regiosim/runner.hpp"

namespace regiosim::cli {

struct RunDescription {
  std::string scenario;
  int base_year = 0;  // the year the forecast starts from (the calibrated base year)
  std::uint64_t seed = 0;
  std::string output_path;  // empty: none written
};

void print_scorecard_table(std::ostream& out, const RunDescription& run, const RunResult& result);
void print_scorecard_json(std::ostream& out, const RunDescription& run, const RunResult& result);

}  // namespace regiosim::cli
