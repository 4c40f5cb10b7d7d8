#include "regiosim/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "config/map_reader.hpp"
#include "regiosim/error.hpp"

namespace regiosim {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

const TargetSpec* target_with_id(const ScenarioSpec& spec, const std::string& id) {
  for (const TargetSpec& t : spec.targets) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const TargetResult& result_for(const RunResult& result, const std::string& id) {
  for (const TargetResult& r : result.scorecard.targets) {
    if (r.target.id == id) return r;
  }
  throw UsageError("target '" + id + "' is not in the run's scorecard");
}

TargetComparison compare_target(const TargetSpec& a, const RunResult& result_a, std::size_t index_a,
                                const TargetSpec& b, const RunResult& result_b,
                                std::size_t index_b) {
  const std::uint64_t n = result_a.paths;
  const double* values_a = result_a.target_values.data() + index_a * n;
  const double* values_b = result_b.target_values.data() + index_b * n;
  // Counting the paths where exactly one run meets keeps the paired variance exact: 0 when the
  // runs agree everywhere, with no rounding from summing indicator differences.
  std::uint64_t only_a = 0;
  std::uint64_t only_b = 0;
  for (std::uint64_t p = 0; p < n; ++p) {
    const bool meet_a = meets(a, values_a[p]);
    const bool meet_b = meets(b, values_b[p]);
    if (meet_a && !meet_b) ++only_a;
    if (meet_b && !meet_a) ++only_b;
  }
  const TargetResult& ra = result_for(result_a, a.id);
  const TargetResult& rb = result_for(result_b, b.id);
  const double count = static_cast<double>(n);
  TargetComparison c;
  c.id = a.id;
  c.p_meet_a = ra.p_meet;
  c.p_meet_b = rb.p_meet;
  c.diff_p_meet = rb.p_meet - ra.p_meet;
  const double mean = (static_cast<double>(only_b) - static_cast<double>(only_a)) / count;
  const double variance = static_cast<double>(only_a + only_b) / count - mean * mean;
  c.diff_p_meet_se = only_a + only_b == 0 ? 0.0 : std::sqrt(std::max(variance, 0.0) / count);
  c.diff_p_meet_se_unpaired =
      std::sqrt(ra.p_meet * (1 - ra.p_meet) / count + rb.p_meet * (1 - rb.p_meet) / count);
  c.diff_p_meet_se_ratio =
      c.diff_p_meet_se_unpaired > 0 ? c.diff_p_meet_se / c.diff_p_meet_se_unpaired : NaN;
  c.diff_median = rb.median - ra.median;
  c.diff_q05 = rb.q05 - ra.q05;
  c.diff_q95 = rb.q95 - ra.q95;
  return c;
}

}  // namespace

RunComparison compare_runs(const ScenarioSpec& a, const RunResult& result_a, const ScenarioSpec& b,
                           const RunResult& result_b) {
  if (result_a.paths != result_b.paths)
    throw UsageError("the runs compared need the same number of paths");
  if (result_a.parameter_sets > 0 || result_b.parameter_sets > 0)
    throw UsageError("runs with parameter sets cannot be compared path by path");
  if (result_a.target_values.size() != a.targets.size() * result_a.paths ||
      result_b.target_values.size() != b.targets.size() * result_b.paths)
    throw UsageError("the runs compared must keep their per-path target values");
  RunComparison comparison;
  comparison.paths = result_a.paths;
  for (std::size_t i = 0; i < a.targets.size(); ++i) {
    const TargetSpec& ta = a.targets[i];
    const TargetSpec* tb = target_with_id(b, ta.id);
    if (tb == nullptr) {
      comparison.only_a.push_back(ta.id);
      continue;
    }
    const auto index_b = static_cast<std::size_t>(tb - b.targets.data());
    comparison.targets.push_back(compare_target(ta, result_a, i, *tb, result_b, index_b));
  }
  for (const TargetSpec& tb : b.targets) {
    if (target_with_id(a, tb.id) == nullptr) comparison.only_b.push_back(tb.id);
  }
  if (comparison.targets.empty()) throw UsageError("the two scenarios have no target id in common");
  return comparison;
}

std::size_t find_target(const ScenarioSpec& spec, const std::string& id) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < spec.targets.size(); ++i) {
    if (spec.targets[i].id == id) return i;
    ids.push_back(spec.targets[i].id);
  }
  std::string message = "--target: unknown target '" + id + "'";
  if (const auto guess = config::did_you_mean(id, ids))
    message += " (did you mean '" + *guess + "'?)";
  throw UsageError(message);
}

SolveResult solve_lever(const LeverEvaluator& evaluate, double lo, double hi, double alpha,
                        int steps) {
  if (!(lo < hi)) throw UsageError("--range: LO must be below HI");
  if (!(alpha > 0 && alpha < 1)) throw UsageError("--probability: ALPHA must lie in (0, 1)");
  if (steps < 1) throw UsageError("--steps: at least 1 bisection step");
  std::map<double, LeverPoint> runs;
  auto at = [&](double x) -> const LeverPoint& {
    auto it = runs.find(x);
    if (it == runs.end()) it = runs.emplace(x, evaluate(x)).first;
    return it->second;
  };
  SolveResult result;
  result.rising = at(hi).p_meet >= at(lo).p_meet;
  result.tolerance = (hi - lo) / std::ldexp(1.0, steps);
  // Walking from the end where P(meet) is lowest towards the other, the bracket [fail, pass] of
  // where P + z se first reaches alpha.
  const double from = result.rising ? lo : hi;
  const double to = result.rising ? hi : lo;
  struct Crossing {
    double fail;
    double pass;
    bool at_from;  // passes already at `from`
    bool past_to;  // fails even at `to`
  };
  auto crossing = [&](double z) {
    auto passes = [&](double x) {
      const LeverPoint& point = at(x);
      return point.p_meet + z * point.p_meet_se >= alpha;
    };
    if (passes(from)) return Crossing{from, from, true, false};
    if (!passes(to)) return Crossing{to, to, false, true};
    Crossing c{from, to, false, false};
    for (int i = 0; i < steps; ++i) {
      const double mid = 0.5 * (c.fail + c.pass);
      (passes(mid) ? c.pass : c.fail) = mid;
    }
    return c;
  };
  const Crossing main = crossing(0);
  if (main.past_to) {
    result.outcome = SolveOutcome::OutOfReach;
    result.value = result.interval_low = result.interval_high = NaN;
  } else {
    result.outcome = main.at_from ? SolveOutcome::MetAcrossRange : SolveOutcome::Found;
    result.value = main.pass;
    const Crossing optimistic = crossing(2);
    const Crossing pessimistic = crossing(-2);
    const double near = optimistic.fail;  // equals `from` when already passing there
    const double far = pessimistic.pass;  // equals `to` when failing even there
    result.interval_low = std::min(near, far);
    result.interval_high = std::max(near, far);
    const bool near_at_end = optimistic.at_from;
    const bool far_at_end = pessimistic.past_to;
    result.low_at_range_end = result.rising ? near_at_end : far_at_end;
    result.high_at_range_end = result.rising ? far_at_end : near_at_end;
  }
  for (const auto& entry : runs)
    result.evaluations.push_back(entry.second);
  return result;
}

}  // namespace regiosim
