#pragma once
// Target scorecard (MODEL.md section 9): for each target, P(meet) with its Monte Carlo standard
// error and quantiles of the indicator on the target's basis; the joint probability of meeting all
// targets of a year. Computed from one value per path and target, in path order, so it is the same
// for any thread count or batch size.

#include <cstdint>
#include <map>
#include <vector>

#include "regiosim/output_variables.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim {

struct TargetResult {
  TargetSpec target;
  double p_meet = 0;     // share of paths meeting the target
  double p_meet_se = 0;  // binomial standard error sqrt(p (1 - p) / n)
  double median = 0;     // quantiles of the indicator on the target's basis (type 7, as numpy)
  double q05 = 0;
  double q95 = 0;
};

struct Scorecard {
  std::vector<TargetResult> targets;
  std::map<int, double> joint_p_meet;  // year -> P(all targets of that year met on the same path)
  std::map<int, double> joint_p_meet_se;
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

// values[k * paths + p]: target k's value on path p.
Scorecard make_scorecard(const std::vector<TargetSpec>& targets, const std::vector<double>& values,
                         std::uint64_t paths);

// Type-7 quantile (linear interpolation between order statistics, numpy's default) of a sorted
// range.
double sorted_quantile(const std::vector<double>& sorted, double q);

}  // namespace regiosim
