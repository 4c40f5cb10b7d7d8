// Paired comparisons of two runs and the lever solver (comparison.hpp), against hand computations.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "regiosim/comparison.hpp"
#include "regiosim/error.hpp"

using namespace regiosim;

namespace {

TargetSpec target(const std::string& id) {
  TargetSpec t;
  t.id = id;
  t.indicator = "gdp_nominal";
  t.basis = TargetBasis::NominalLevel;
  t.threshold = 0;  // met when the value is >= 0
  return t;
}

ScenarioSpec spec_with(const std::vector<std::string>& ids) {
  ScenarioSpec spec;
  for (const std::string& id : ids)
    spec.targets.push_back(target(id));
  return spec;
}

// A run's result as the runner leaves it: the scorecard and the per-path values it came from.
RunResult result_of(const ScenarioSpec& spec, const std::vector<double>& values) {
  RunResult result;
  result.paths = values.size() / spec.targets.size();
  result.scorecard = make_scorecard(spec.targets, values, result.paths);
  result.target_values = values;
  return result;
}

}  // namespace

TEST_CASE("paired differences of P(meet) and quantiles", "[unit][comparison]") {
  const ScenarioSpec spec = spec_with({"t"});
  // A meets on paths 0, 1 (pA = 0.5); B on 0, 2, 3 (pB = 0.75). d = B - A = (0, -1, 1, 1):
  // mean 0.25, var = mean(d^2) - 0.25^2 = 0.75 - 0.0625 = 0.6875, se = sqrt(0.6875 / 4).
  const RunResult a = result_of(spec, {1, 1, -1, -1});
  const RunResult b = result_of(spec, {1, -1, 1, 1});
  const RunComparison c = compare_runs(spec, a, spec, b);
  REQUIRE(c.targets.size() == 1);
  const TargetComparison& t = c.targets[0];
  CHECK(t.id == "t");
  CHECK(t.diff_p_meet == 0.25);
  CHECK(t.diff_p_meet_se == Approx(std::sqrt(0.6875 / 4)));
  // Unpaired: sqrt(0.5 * 0.5 / 4 + 0.75 * 0.25 / 4); the meets are negatively correlated here, so
  // pairing does not help (ratio > 1).
  const double unpaired = std::sqrt(0.25 / 4 + 0.1875 / 4);
  CHECK(t.diff_p_meet_se_unpaired == Approx(unpaired));
  CHECK(t.diff_p_meet_se_ratio == Approx(std::sqrt(0.6875 / 4) / unpaired));
  // Type-7 quantiles: A sorted (-1, -1, 1, 1), B (-1, 1, 1, 1). Medians 0 and 1; 5 %: h = 0.15,
  // A -1, B -1 + 0.15 * 2 = -0.7; 95 %: both 1.
  CHECK(t.diff_median == 1.0);
  CHECK(t.diff_q05 == Approx(0.3));
  CHECK(t.diff_q95 == 0.0);
}

TEST_CASE("a run compared with itself has zero differences and zero paired se",
          "[unit][comparison]") {
  const ScenarioSpec spec = spec_with({"t", "u"});
  // u meets on 3 of 4 paths: unpaired se sqrt(2 * 0.75 * 0.25 / 4), paired 0.
  const RunResult a = result_of(spec, {1, -1, 2, -3, 0.5, -2, 4, 1});
  // A copy: a reference into the returned temporary dangled (ASan: heap-use-after-free).
  const TargetComparison t = compare_runs(spec, a, spec, a).targets[1];
  CHECK(t.diff_p_meet == 0.0);
  CHECK(t.diff_p_meet_se == 0.0);
  CHECK(t.diff_p_meet_se_unpaired == Approx(std::sqrt(2 * 0.75 * 0.25 / 4)));
  CHECK(t.diff_p_meet_se_ratio == 0.0);
  CHECK(t.diff_median == 0.0);
}

TEST_CASE("targets are matched by id; mismatched runs are refused", "[unit][comparison]") {
  const ScenarioSpec a = spec_with({"x", "t"});
  const ScenarioSpec b = spec_with({"t", "y"});
  const RunResult ra = result_of(a, {1, 1, -1, 1});
  const RunResult rb = result_of(b, {1, 1, 1, -1});
  const RunComparison c = compare_runs(a, ra, b, rb);
  REQUIRE(c.targets.size() == 1);
  CHECK(c.targets[0].diff_p_meet == 0.5);  // A's t meets on path 1 only, B's on both
  CHECK(c.only_a == std::vector<std::string>{"x"});
  CHECK(c.only_b == std::vector<std::string>{"y"});
  CHECK_THROWS_AS(compare_runs(a, ra, a, result_of(a, {1, 1, 1, 1, 1, 1})), UsageError);
  CHECK_THROWS_AS(compare_runs(spec_with({"x"}), result_of(spec_with({"x"}), {1}), spec_with({"y"}),
                               result_of(spec_with({"y"}), {1})),
                  UsageError);
}

TEST_CASE("unknown target ids get a did-you-mean", "[unit][comparison]") {
  const ScenarioSpec spec = spec_with({"gdp_2025", "fai_2025"});
  CHECK(find_target(spec, "fai_2025") == 1);
  CHECK_THROWS_WITH(find_target(spec, "gdp_2052"), Catch::Contains("unknown target 'gdp_2052'") &&
                                                       Catch::Contains("did you mean 'gdp_2025'"));
}

TEST_CASE("solve finds a step's position in either direction", "[unit][comparison]") {
  const double tolerance = 1.0 / 4096;  // (1 - 0) / 2^12
  const SolveResult up = solve_lever(
      [](double x) {
        return LeverPoint{x, x >= 0.3 ? 1.0 : 0.0, 0.0};
      },
      0, 1, 0.9, 12);
  CHECK(up.outcome == SolveOutcome::Found);
  CHECK(up.rising);
  CHECK(up.tolerance == tolerance);
  CHECK(up.value >= 0.3);
  CHECK(up.value < 0.3 + tolerance);
  // se 0: the interval is the bisection bracket.
  CHECK(up.interval_low == Approx(up.value - tolerance));
  CHECK(up.interval_high == up.value);
  const SolveResult down = solve_lever(
      [](double x) {
        return LeverPoint{x, x <= 0.6 ? 1.0 : 0.0, 0.0};
      },
      0, 1, 0.5, 12);
  CHECK(down.outcome == SolveOutcome::Found);
  CHECK_FALSE(down.rising);
  CHECK(down.value <= 0.6);
  CHECK(down.value > 0.6 - tolerance);
  // Ends, the answer and the bracket's other side, each run once.
  CHECK(down.evaluations.size() == 14);
}

TEST_CASE("solve's interval is where P +- 2 se crosses alpha", "[unit][comparison]") {
  // P(x) = x with se 0.05: P + 2 se reaches 0.5 at 0.4, P - 2 se at 0.6.
  const SolveResult r = solve_lever([](double x) { return LeverPoint{x, x, 0.05}; }, 0, 1, 0.5, 12);
  CHECK(r.value == Approx(0.5).margin(1.0 / 4096));
  CHECK(r.interval_low == Approx(0.4).margin(1.0 / 4096));
  CHECK(r.interval_high == Approx(0.6).margin(1.0 / 4096));
  CHECK_FALSE(r.low_at_range_end);
  CHECK_FALSE(r.high_at_range_end);
  // A range whose top end has P - 2 se still below alpha: the interval stops there, flagged.
  const SolveResult short_range = solve_lever(
      [](double x) {
        return LeverPoint{x, x, 0.05};
      },
      0, 0.55, 0.5, 12);
  CHECK(short_range.interval_high == 0.55);
  CHECK(short_range.high_at_range_end);
}

TEST_CASE("solve reports out of reach and already met", "[unit][comparison]") {
  const SolveResult never = solve_lever(
      [](double x) {
        return LeverPoint{x, 0.2, 0.01};
      },
      0, 1, 0.5, 12);
  CHECK(never.outcome == SolveOutcome::OutOfReach);
  CHECK(std::isnan(never.value));
  CHECK(never.evaluations.size() == 2);
  const SolveResult always = solve_lever(
      [](double x) {
        return LeverPoint{x, 0.9 + 0.05 * x, 0.0};
      },
      0, 1, 0.5, 12);
  CHECK(always.outcome == SolveOutcome::MetAcrossRange);
  CHECK(always.value == 0.0);
}

TEST_CASE("solve checks its input before running anything", "[unit][comparison]") {
  int runs = 0;
  const LeverEvaluator counting = [&runs](double x) {
    ++runs;
    return LeverPoint{x, 0.5, 0.0};
  };
  CHECK_THROWS_AS(solve_lever(counting, 1, 1, 0.5, 12), UsageError);
  CHECK_THROWS_AS(solve_lever(counting, 2, 1, 0.5, 12), UsageError);
  CHECK_THROWS_AS(solve_lever(counting, 0, 1, 0.0, 12), UsageError);
  CHECK_THROWS_AS(solve_lever(counting, 0, 1, 1.0, 12), UsageError);
  CHECK_THROWS_AS(solve_lever(counting, 0, 1, 0.5, 0), UsageError);
  CHECK(runs == 0);
}
