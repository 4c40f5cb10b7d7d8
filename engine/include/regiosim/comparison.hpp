#pragma once
// Paired comparisons of two runs and the lever solver (`regiosim compare`, `regiosim solve`).
//
// Common random numbers: the random streams are keyed by (seed, path, stream), not by scenario, so
// two runs with the same seed, path count and design point draw the same shocks on path k whatever
// their scenarios. Differences are therefore taken path by path; their Monte Carlo error is that
// of the per-path difference, smaller than that of two independent runs whenever the two
// scenarios' outcomes are positively correlated on the same draws.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "regiosim/runner.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim {

// One target in both runs; every diff_ is B minus A.
struct TargetComparison {
  std::string id;
  double p_meet_a = 0;
  double p_meet_b = 0;
  double diff_p_meet = 0;
  // Paired: sqrt(var(d) / n), d = 1[B meets] - 1[A meets] on the same path, var with divisor n as
  // the scorecard's binomial error; 0 when the two runs agree on every path.
  double diff_p_meet_se = 0;
  // What two independent runs of n paths would give: sqrt(pA (1 - pA) / n + pB (1 - pB) / n).
  double diff_p_meet_se_unpaired = 0;
  double diff_p_meet_se_ratio = 0;  // paired / unpaired; NaN when unpaired is 0
  double diff_median = 0;
  double diff_q05 = 0;
  double diff_q95 = 0;
};

struct RunComparison {
  std::uint64_t paths = 0;
  std::vector<TargetComparison> targets;  // targets with the same id in both runs, in A's order
  std::vector<std::string> only_a;        // target ids in one run only (not compared)
  std::vector<std::string> only_b;
};

// Both runs need the same path count (and, for the pairing to mean anything, the same seed) and no
// parameter sets. Throws UsageError otherwise, or when the runs share no target id.
RunComparison compare_runs(const ScenarioSpec& a, const RunResult& result_a, const ScenarioSpec& b,
                           const RunResult& result_b);

// The index of the target `id` in spec.targets; UsageError "unknown target" with a did-you-mean.
std::size_t find_target(const ScenarioSpec& spec, const std::string& id);

// P(meet) of the solver's target at one lever value, from a run with the solver's seed and paths.
struct LeverPoint {
  double lever = 0;
  double p_meet = 0;
  double p_meet_se = 0;
};
using LeverEvaluator = std::function<LeverPoint(double lever)>;

enum class SolveOutcome {
  Found,           // alpha is crossed inside the range
  MetAcrossRange,  // P(meet) >= alpha already at the end where it is lowest
  OutOfReach,      // P(meet) < alpha at both ends
};

struct SolveResult {
  SolveOutcome outcome = SolveOutcome::OutOfReach;
  // P(meet) rises with the lever (the answer is the smallest value reaching alpha) or falls (the
  // largest); decided by the ends, a tie counting as rising.
  bool rising = true;
  double value = 0;      // the answer; NaN when out of reach
  double tolerance = 0;  // (hi - lo) / 2^steps: the bisection bracket's width
  // Where P(meet) +- 2 se crosses alpha, found by the same bisection: from the last value at which
  // even P + 2 se < alpha to the first at which P - 2 se >= alpha. NaN when out of reach. A
  // *_at_range_end flag says that side stopped at the range's end and may lie beyond it.
  double interval_low = 0;
  double interval_high = 0;
  bool low_at_range_end = false;
  bool high_at_range_end = false;
  std::vector<LeverPoint> evaluations;  // every lever value run, ascending
};

// Bisection for the lever value at which P(meet) >= alpha, `steps` halvings for each of the three
// crossings (P, P + 2 se, P - 2 se); values already run are reused. UsageError unless lo < hi,
// 0 < alpha < 1 and steps >= 1, checked before any evaluation.
SolveResult solve_lever(const LeverEvaluator& evaluate, double lo, double hi, double alpha,
                        int steps);

}  // namespace regiosim
