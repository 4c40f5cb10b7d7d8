#pragma once
// Target scorecard (MODEL.md section 9): for each target, P(meet) with its Monte Carlo standard
// error, quantiles of the indicator on the target's basis, the expected shortfall given a miss and,
// for level targets, the distribution of the first year the level is passed; per year, the joint
// probability of meeting all targets and of meeting at least m of them. Computed from one value
// (and one first-passage year) per path and target, in path order, so it is the same for any thread
// count or batch size.

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "regiosim/output_variables.hpp"
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
  double median = 0;     // quantiles of the indicator on the target's basis (type 7, as numpy)
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

// values[k * paths + p]: target k's value on path p. passage[k * paths + p]: first_passage_index
// on path p for targets with has_first_passage() (any value for the others), over `years` years
// from base_year (including it); empty: no first-passage distributions.
Scorecard make_scorecard(const std::vector<TargetSpec>& targets, const std::vector<double>& values,
                         std::uint64_t paths, const std::vector<std::uint16_t>& passage = {},
                         int base_year = 0, int years = 0);

// Type-7 quantile (linear interpolation between order statistics, numpy's default) of a sorted
// range.
double sorted_quantile(const std::vector<double>& sorted, double q);

}  // namespace regiosim
