// Scorecard: target values on each basis, comparisons, P(meet) with its binomial standard error,
// type-7 quantiles and joint probabilities, against hand computations.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "regiosim/scorecard.hpp"

using namespace regiosim;

namespace {
TargetSpec target(TargetBasis basis, int year, double threshold,
                  Comparison comparison = Comparison::GreaterEqual) {
  TargetSpec t;
  t.id = "t";
  t.indicator = "gdp_nominal";
  t.basis = basis;
  t.year = year;
  t.threshold = threshold;
  t.comparison = comparison;
  return t;
}
}  // namespace

TEST_CASE("target values on each basis", "[unit][scorecard]") {
  // 100 growing 10 %/yr for 5 years: 161.051 in year 5.
  const std::vector<double> path = {100, 110, 121, 133.1, 146.41, 161.051};
  CHECK(target_value(target(TargetBasis::NominalLevel, 2025, 0), path.data(), 2020) == 161.051);
  CHECK(target_value(target(TargetBasis::RealLevel, 2023, 0), path.data(), 2020) == 133.1);
  CHECK(target_value(target(TargetBasis::RealGrowth, 2025, 0), path.data(), 2020) ==
        Approx(10.0).epsilon(1e-12));
  CHECK(target_value(target(TargetBasis::NominalGrowth, 2022, 0), path.data(), 2020) ==
        Approx(10.0).epsilon(1e-12));
  const std::vector<double> share = {0.776, 0.78, 0.785};
  CHECK(target_value(target(TargetBasis::Share, 2022, 0), share.data(), 2020) ==
        Approx(78.5).epsilon(1e-15));
}

TEST_CASE("comparisons", "[unit][scorecard]") {
  CHECK(meets(target(TargetBasis::NominalLevel, 2025, 820), 820.0));
  CHECK_FALSE(meets(target(TargetBasis::NominalLevel, 2025, 820, Comparison::Greater), 820.0));
  CHECK(meets(target(TargetBasis::NominalLevel, 2025, 4, Comparison::Less), 3.9));
  CHECK_FALSE(meets(target(TargetBasis::NominalLevel, 2025, 4, Comparison::Less), 4.0));
  CHECK(meets(target(TargetBasis::NominalLevel, 2025, 4, Comparison::LessEqual), 4.0));
}

TEST_CASE("P(meet), standard error, quantiles and joint probability by hand", "[unit][scorecard]") {
  // Two 2025 targets and one 2035 target over 10 paths with values 1..10.
  std::vector<TargetSpec> targets = {
      target(TargetBasis::NominalLevel, 2025, 8),
      target(TargetBasis::NominalLevel, 2025, 3, Comparison::LessEqual),
      target(TargetBasis::NominalLevel, 2035, 5)};
  std::vector<double> values;
  for (int k = 0; k < 3; ++k) {
    for (int p = 1; p <= 10; ++p)
      values.push_back(k == 1 ? 11 - p : p);  // target 1 reversed
  }
  const Scorecard card = make_scorecard(targets, values, 10);
  // Target 0: paths with value >= 8 -> 3 of 10.
  CHECK(card.targets[0].p_meet == 0.3);
  CHECK(card.targets[0].p_meet_se == Approx(std::sqrt(0.3 * 0.7 / 10)).epsilon(1e-15));
  // numpy.quantile([1..10], [0.05, 0.5, 0.95]) = 1.45, 5.5, 9.55.
  CHECK(card.targets[0].q05 == Approx(1.45).epsilon(1e-15));
  CHECK(card.targets[0].median == Approx(5.5).epsilon(1e-15));
  CHECK(card.targets[0].q95 == Approx(9.55).epsilon(1e-15));
  // Target 1 (value 11 - p <= 3 -> p >= 8): the same paths as target 0, so joint 2025 = 0.3.
  CHECK(card.targets[1].p_meet == 0.3);
  CHECK(card.joint_p_meet.at(2025) == 0.3);
  CHECK(card.joint_p_meet.at(2035) == 0.6);
  CHECK(card.joint_p_meet_se.at(2035) == Approx(std::sqrt(0.6 * 0.4 / 10)).epsilon(1e-15));
}
