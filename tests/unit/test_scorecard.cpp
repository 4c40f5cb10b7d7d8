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
  // Growth from a later plan_base_year (income doubling 2025-35 style): 2023 -> 2025 here.
  TargetSpec later = target(TargetBasis::NominalGrowth, 2025, 0);
  later.plan_base_year = 2023;
  CHECK(target_value(later, path.data(), 2020) == Approx(10.0).epsilon(1e-12));
  // Flat to 2024, then +44 %: 20 %/yr over 2023-25 (1.44^(1/2)), not 7.6 %/yr from 2020.
  const std::vector<double> uneven = {100, 100, 100, 100, 100, 144};
  CHECK(target_value(later, uneven.data(), 2020) == Approx(20.0).epsilon(1e-12));
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

TEST_CASE("expected shortfall given a miss by hand", "[unit][scorecard]") {
  // Values 1..10 against >= 8: misses 1..7, shortfalls 7..1, mean 4, sample sd sqrt(28 / 6).
  // Against <= 3 (values 1..10): misses 4..10, shortfalls 1..7, the same mean and sd.
  std::vector<TargetSpec> targets = {
      target(TargetBasis::NominalLevel, 2025, 8),
      target(TargetBasis::NominalLevel, 2025, 3, Comparison::LessEqual),
      target(TargetBasis::NominalLevel, 2025, 0)};  // never missed
  std::vector<double> values;
  for (int k = 0; k < 3; ++k) {
    for (int p = 1; p <= 10; ++p)
      values.push_back(p);
  }
  const Scorecard card = make_scorecard(targets, values, 10);
  for (int k = 0; k < 2; ++k) {
    CHECK(card.targets[k].expected_shortfall == Approx(4.0).epsilon(1e-15));
    CHECK(card.targets[k].expected_shortfall_se ==
          Approx(std::sqrt(28.0 / 6.0) / std::sqrt(7.0)).epsilon(1e-14));
  }
  CHECK(std::isnan(card.targets[2].expected_shortfall));
  CHECK(std::isnan(card.targets[2].expected_shortfall_se));
}

TEST_CASE("P(at least m of n) by hand", "[unit][scorecard]") {
  // Three 2025 targets over 4 paths; met counts per path: 3, 2, 1, 0.
  std::vector<TargetSpec> targets = {
      target(TargetBasis::NominalLevel, 2025, 1), target(TargetBasis::NominalLevel, 2025, 2),
      target(TargetBasis::NominalLevel, 2025, 3), target(TargetBasis::NominalLevel, 2035, 0)};
  const std::vector<double> values = {3, 2, 1, 0,  // target 0 (>= 1): paths 0, 1, 2
                                      3, 2, 1, 0,  // target 1 (>= 2): paths 0, 1
                                      3, 2, 1, 0,  // target 2 (>= 3): path 0
                                      1, 1, 1, 1};
  const Scorecard card = make_scorecard(targets, values, 4);
  const std::vector<double> expected = {0.75, 0.5, 0.25};
  REQUIRE(card.p_at_least.at(2025) == expected);
  CHECK(card.p_at_least_se.at(2025)[1] == Approx(std::sqrt(0.5 * 0.5 / 4)).epsilon(1e-15));
  CHECK(card.p_at_least.at(2035) == std::vector<double>{1.0});
  CHECK(card.joint_p_meet.at(2025) == 0.25);  // at least 3 of 3 is all
}

TEST_CASE("first passage on hand paths", "[unit][scorecard]") {
  // Level >= 100 over 2020-2024 (years 5).
  const TargetSpec gdp = target(TargetBasis::NominalLevel, 2024, 100);
  const std::vector<double> early = {90, 100, 95, 120, 130};  // first met in 2021, even if lost
  const std::vector<double> late = {90, 91, 92, 93, 101};     // 2024
  const std::vector<double> never = {90, 91, 92, 93, 99};
  CHECK(first_passage_index(gdp, early.data(), 5) == 1);
  CHECK(first_passage_index(gdp, late.data(), 5) == 4);
  CHECK(first_passage_index(gdp, never.data(), 5) == 0);
  // Strided: the indicator is column 1 of two.
  const std::vector<double> strided = {0, 90, 0, 99, 0, 100, 0, 0, 0, 0};
  CHECK(first_passage_index(gdp, strided.data() + 1, 5, 2) == 2);
  CHECK(has_first_passage(gdp));
  CHECK_FALSE(has_first_passage(target(TargetBasis::RealGrowth, 2024, 7)));
  CHECK_FALSE(has_first_passage(target(TargetBasis::NominalLevel, 2024, 4, Comparison::Less)));

  // Four paths: passage in 2021, 2024, never, 2021; the growth target is not tracked.
  const std::vector<TargetSpec> targets = {gdp, target(TargetBasis::RealGrowth, 2024, 7)};
  const std::vector<double> values = {130, 101, 99, 130, 1, 1, 1, 1};
  const std::vector<std::uint16_t> passage = {1, 4, 0, 1, 0, 0, 0, 0};
  const Scorecard card = make_scorecard(targets, values, 4, passage, 2020, 5);
  CHECK(card.passage_years == std::vector<int>{2021, 2022, 2023, 2024});
  CHECK(card.targets[0].first_passage == std::vector<double>{0.5, 0, 0, 0.25, 0.25});
  CHECK(card.targets[1].first_passage.empty());
}
