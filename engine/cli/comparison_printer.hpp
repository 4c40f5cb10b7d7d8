#pragma once
// `regiosim compare` and `regiosim solve` as terminal text or as one JSON document (README).

#include <cstdint>
#include <iosfwd>
#include <string>

#include "regiosim/comparison.hpp"

namespace regiosim::cli {

struct CompareDescription {
  std::string scenario_a;
  std::string scenario_b;
  std::uint64_t seed = 0;
};

struct SolveDescription {
  std::string scenario;
  std::string target;
  std::string lever;
  double alpha = 0;
  double lo = 0;
  double hi = 0;
  int steps = 0;
  std::uint64_t seed = 0;
  std::uint64_t paths = 0;
};

void print_comparison_table(std::ostream& out, const CompareDescription& run,
                            const RunComparison& comparison);
void print_comparison_json(std::ostream& out, const CompareDescription& run,
                           const RunComparison& comparison);

void print_solve_table(std::ostream& out, const SolveDescription& run, const SolveResult& result);
void print_solve_json(std::ostream& out, const SolveDescription& run, const SolveResult& result);

}  // namespace regiosim::cli
