#pragma once
// Target scorecard (MODEL.md section 9): for each target, P(meet) with its Monte Carlo standard
// error, quantiles of the indicator on the target's basis, the expected shortfall given a miss and,
// for level targets, the distribution of the first year the level is passed; per year, the joint
// probability of meeting all targets and of meeting at least m of them.
//
// Streaming (ScorecardAccumulator): memory independent of the path count, and the same bits for any
// thread count and batch size because every accumulator merges exactly and order-free: counts are
// integers, the ES|miss sums are exact (exact_sum.hpp) and quantiles come from QuantileSketch.
// Counts, P(meet), P(at least m), joint P(meet) and first-passage shares are exact; ES|miss and its
// standard error are the exact sums rounded once (within a few ulps, where a sum in path order
// would be within n ulps). Quantiles (median, q05, q95) are the sketch's: on a level or share basis
// within QuantileSketch::RELATIVE_ACCURACY (5e-4) of |x| of the lower empirical quantile x (rank
// floor(q (n - 1)), not numpy's interpolation), within threshold / 1000 .. threshold * 1000 (NaN
// outside), and clamped to the exact range of the values, so exact when all are equal; on a growth
// basis (%/yr, can be negative) the sketch holds exp(value / GROWTH_SCALE),
// so within GROWTH_SCALE * ln(1 + 5e-4) = 1e-3 %/yr absolute of x, for values within GROWTH_SCALE *
// ln(1000) = 13.8 %/yr of the threshold (NaN outside). make_scorecard, from kept per-path values,
// reports exact type-7 quantiles instead.

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "regiosim/exact_sum.hpp"
#include "regiosim/output_variables.hpp"
#include "regiosim/quantile_sketch.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim {

// Parameter uncertainty (issue item 4): the variance of a target's value split by the law of total
// variance over P parameter sets of S paths each. within: mean over sets of the within-set sample
// variance (unbiased for E[Var(X | parameters)]); between: sample variance of the set means minus
// within / S (unbiased for Var(E[X | parameters])), clamped at 0. Shares are of between + within,
// the unbiased estimate of Var(X), so they sum to 1; the plain sample variance of all P x S values
// (total) would be biased low in its between part by S (P - 1) / (P S - 1).
struct VarianceSplit {
  double total = 0;  // between + within
  double between = 0;
  double within = 0;
  double parameters = 0;  // between / total (NaN when total is 0)
  double shocks = 0;      // within / total
};
// values[k * per_set + s]: path s of set k; needs sets >= 2 and per_set >= 2.
VarianceSplit split_variance(const double* values, std::uint64_t sets, std::uint64_t per_set);

struct TargetResult {
  TargetSpec target;
  double p_meet = 0;     // share of paths meeting the target
  double p_meet_se = 0;  // binomial standard error sqrt(p (1 - p) / n)
  // Quantiles of the indicator on the target's basis: exact type 7 (as numpy) from make_scorecard
  // or runs keeping their per-path values, the sketch's otherwise (see the top of this file).
  double median = 0;
  double q05 = 0;
  double q95 = 0;
  // E[threshold - value | miss] for >= and > targets, E[value - threshold | miss] for <= and <, in
  // the basis unit; NaN when no path misses. Its standard error is the sample sd of the shortfalls
  // among misses / sqrt(misses), NaN with fewer than two misses.
  double expected_shortfall = 0;
  double expected_shortfall_se = 0;
  // Targets with has_first_passage(): the share of paths whose level first meets the threshold in
  // year base + 1 + i (i < years - 1), the last entry the share that never does within the horizon.
  // Empty for other targets.
  std::vector<double> first_passage;
  std::optional<VarianceSplit> variance;  // runs with parameter sets only
  // J4: the share of paths meeting the target on GDP as it would be measured without statistical
  // revisions (the same paths); NaN when J4 is off or the indicator is not a revised GDP level.
  // p_meet - p_meet_unrevised is what the revisions alone contribute.
  double p_meet_unrevised = std::numeric_limits<double>::quiet_NaN();
};

struct Scorecard {
  std::vector<TargetResult> targets;
  std::map<int, double> joint_p_meet;  // year -> P(all targets of that year met on the same path)
  std::map<int, double> joint_p_meet_se;
  // year -> P(at least m of that year's n targets met on the same path), m = 1..n at index m - 1,
  // with binomial standard errors.
  std::map<int, std::vector<double>> p_at_least;
  std::map<int, std::vector<double>> p_at_least_se;
  // The calendar years of TargetResult::first_passage's entries but the last ("never"): base + 1 to
  // end; empty without first-passage distributions.
  std::vector<int> passage_years;
  std::uint64_t paths = 0;
};

// Where a target's indicator lives in one path's values of a variable: year t is at
// column + t * stride (a satellite is one column of the satellite variable).
struct IndicatorRef {
  Var var = Var::GdpNominal;
  int column = 0;
  int stride = 1;
};
IndicatorRef indicator_ref(const TargetSpec& target, int satellites);

// The indicator value on the target's basis from one path's trajectory of the indicator
// (year t at indicator_path[t * stride], t = 0 the base year): a level, a compound growth rate in
// %/yr, or a share in %.
double target_value(const TargetSpec& target, const double* indicator_path, int base_year,
                    int stride = 1);
bool meets(const TargetSpec& target, double value);

// Whether the first year a target's level is passed is tracked: a level basis (nominal, real, per
// capita) with comparison >= or >, as the 2035 "1000 亿" GDP target (MODEL.md section 9).
bool has_first_passage(const TargetSpec& target);
// The year index t (1..years-1) in which the indicator's level first meets the target, 0 when it
// never does within the horizon (years: including the base year).
std::uint16_t first_passage_index(const TargetSpec& target, const double* indicator_path, int years,
                                  int stride = 1);

// The scorecard of any number of paths in memory independent of their number (see the top of this
// file for what is exact and how accurate the quantiles are). One accumulator per thread, each fed
// whole paths in any order, merged in any order.
class ScorecardAccumulator {
 public:
  // Growth-basis values are sketched as exp(value / GROWTH_SCALE), in %/yr.
  static constexpr double GROWTH_SCALE = 2.0;

  // first_passage: track first-passage years over `years` years from base_year (including it).
  ScorecardAccumulator(const std::vector<TargetSpec>& targets, bool first_passage, int base_year,
                       int years);
  // One path: values[k] is target k's value, passage[k] its first_passage_index (read only for
  // targets with has_first_passage(), and only when first passage is tracked).
  void add_path(const double* values, const std::uint16_t* passage);
  void merge(const ScorecardAccumulator& other);
  Scorecard scorecard() const;

 private:
  struct PerTarget {
    std::uint64_t met = 0;
    std::uint64_t misses = 0;
    ExactSum shortfall;                  // sum of shortfalls over misses
    ExactSum shortfall_squares;          // sum of their squares, each square exact (hi + lo)
    std::vector<std::uint64_t> passage;  // paths by first-passage index; empty if not tracked
    QuantileSketch sketch;
    // The values' exact range (NaN ignored): quantiles are clamped to it, which only brings them
    // closer to the exact ones and makes them exact when every path has the same value.
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
  };
  // A plan year's targets (backtest outturns are not targets) and the paths by how many of them
  // they meet.
  struct PerYear {
    int year = 0;
    std::vector<std::size_t> targets;
    std::vector<std::uint64_t> paths_meeting;  // [m]: paths meeting exactly m of them
  };
  std::vector<TargetSpec> targets_;
  std::vector<PerTarget> per_target_;
  std::vector<PerYear> per_year_;
  bool first_passage_ = false;
  int base_year_ = 0;
  int years_ = 0;
  std::uint64_t paths_ = 0;
};

// values[k * paths + p]: target k's value on path p. passage[k * paths + p]: first_passage_index
// on path p for targets with has_first_passage() (any value for the others), over `years` years
// from base_year (including it); empty: no first-passage distributions. A ScorecardAccumulator fed
// in path order, with exact type-7 quantiles (exact_quantiles) in place of the sketch's.
Scorecard make_scorecard(const std::vector<TargetSpec>& targets, const std::vector<double>& values,
                         std::uint64_t paths, const std::vector<std::uint16_t>& passage = {},
                         int base_year = 0, int years = 0);

// Sets every target's median, q05 and q95 to the exact type-7 quantiles of values (laid out as for
// make_scorecard).
void exact_quantiles(Scorecard& card, const std::vector<double>& values, std::uint64_t paths);

// Type-7 quantile (linear interpolation between order statistics, numpy's default) of a sorted
// range.
double sorted_quantile(const std::vector<double>& sorted, double q);

// How well a run's bands cover the published outturns (issue 12's honest backtest): the share of
// outturns whose percentile lies in the central 50 % band [0.25, 0.75] and in the 90 % band
// [0.05, 0.95], each with its binomial standard error sqrt(c (1 - c) / n). A calibrated forecast
// covers about 0.5 and 0.9; far less says its bands are too narrow.
struct BacktestCoverage {
  int outturns = 0;
  double inside_50 = 0, inside_50_se = 0;
  double inside_90 = 0, inside_90_se = 0;
};
BacktestCoverage backtest_coverage(const Scorecard& card);

// Whether J4's revisions shift the target's indicator (GDP nominal, real, per capita, labour
// productivity).
bool revised_indicator(const TargetSpec& target);

// A level break (issue 12): the deflator growth implied by a GDP level outturn and its real growth
// (TargetSpec::implied_deflator) lies outside the forecast's central 99 % band.
bool level_break(const TargetResult& result);

}  // namespace regiosim
