// Scorecard: target values on each basis, comparisons, P(meet) with its binomial standard error,
// type-7 quantiles and joint probabilities, against hand computations; the exact sums and the
// streaming scorecard against the exact one on the same values.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
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

TEST_CASE("exact sums are exact and order-free", "[unit][scorecard]") {
  ExactSum a;
  for (double x : {1e100, 1.0, -1e100, 0x1p-1074, -0.0})
    a.add(x);
  CHECK(a.hi() == 1.0);
  CHECK(a.split().lo == 0x1p-1074);
  // Ten copies of the double 0.1 sum exactly to 1 + 5.6e-17, which rounds to 1; added in order they
  // give 0.9999999999999999.
  ExactSum tenths;
  for (int i = 0; i < 10; ++i)
    tenths.add(0.1);
  CHECK(tenths.hi() == 1.0);
  ExactSum negative;  // a negative sum's limbs are in two's complement
  negative.add(-1.5);
  negative.add(0.25);
  CHECK(negative.hi() == -1.25);
  CHECK(negative.split().lo == 0);
  // Any split into partial sums merged in any order gives the same bits.
  std::vector<double> values;
  for (int i = 0; i < 1000; ++i)
    values.push_back(std::ldexp(1.0 + i * 0.37, (i * 7919) % 200 - 100) * (i % 3 == 0 ? -1 : 1));
  ExactSum forward;
  ExactSum backward_halves[2];
  for (double x : values)
    forward.add(x);
  for (std::size_t i = values.size(); i-- > 0;)
    backward_halves[i % 2].add(values[i]);
  backward_halves[1].merge(backward_halves[0]);
  CHECK(forward.split().hi == backward_halves[1].split().hi);
  CHECK(forward.split().lo == backward_halves[1].split().lo);
  ExactSum special;
  special.add(1.0);
  special.add(std::numeric_limits<double>::infinity());
  CHECK(special.hi() == std::numeric_limits<double>::infinity());
  special.add(std::nan(""));
  CHECK(std::isnan(special.hi()));
}

TEST_CASE("the streaming scorecard against exact values", "[unit][scorecard]") {
  // Four targets on 20000 paths: levels >= and <= (first passage tracked for the first), a growth
  // rate in %/yr that is often negative, and a share; values from a fixed-seed generator.
  std::vector<TargetSpec> targets = {
      target(TargetBasis::NominalLevel, 2025, 105),
      target(TargetBasis::NominalLevel, 2025, 98, Comparison::LessEqual),
      target(TargetBasis::RealGrowth, 2035, 0.5),
      target(TargetBasis::Share, 2035, 40, Comparison::Greater)};
  const std::size_t n = 20000;
  const int years = 6;
  std::mt19937_64 generator(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> values(targets.size() * n);
  std::vector<std::uint16_t> passage(targets.size() * n, 0);
  for (std::size_t p = 0; p < n; ++p) {
    values[p] = 100.0 * std::exp(0.05 * normal(generator));
    values[n + p] = 100.0 * std::exp(0.05 * normal(generator));
    values[2 * n + p] = 0.2 + 1.5 * normal(generator);
    values[3 * n + p] = 40.0 + 3.0 * normal(generator);
    passage[p] = static_cast<std::uint16_t>(generator() % years);
  }
  const Scorecard exact = make_scorecard(targets, values, n, passage, 2020, years);

  // The same paths in a shuffled order over three accumulators, merged.
  std::vector<std::size_t> order(n);
  for (std::size_t p = 0; p < n; ++p)
    order[p] = p;
  std::shuffle(order.begin(), order.end(), generator);
  std::vector<ScorecardAccumulator> parts(3, ScorecardAccumulator(targets, true, 2020, years));
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t p = order[i];
    double row[4];
    std::uint16_t passage_row[4];
    for (std::size_t k = 0; k < targets.size(); ++k) {
      row[k] = values[k * n + p];
      passage_row[k] = passage[k * n + p];
    }
    parts[i % 3].add_path(row, passage_row);
  }
  parts[2].merge(parts[0]);
  parts[2].merge(parts[1]);
  const Scorecard streamed = parts[2].scorecard();

  // Counts merge exactly and the ES sums are exact, so everything but the quantiles is the same
  // bits in any order.
  REQUIRE(streamed.paths == n);
  CHECK(streamed.joint_p_meet == exact.joint_p_meet);
  CHECK(streamed.joint_p_meet_se == exact.joint_p_meet_se);
  CHECK(streamed.p_at_least == exact.p_at_least);
  CHECK(streamed.p_at_least_se == exact.p_at_least_se);
  CHECK(streamed.passage_years == exact.passage_years);
  for (std::size_t k = 0; k < targets.size(); ++k) {
    INFO("target " << k);
    const TargetResult& s = streamed.targets[k];
    const TargetResult& e = exact.targets[k];
    CHECK(s.p_meet == e.p_meet);
    CHECK(s.p_meet_se == e.p_meet_se);
    CHECK(s.expected_shortfall == e.expected_shortfall);
    CHECK(s.expected_shortfall_se == e.expected_shortfall_se);
    CHECK(s.first_passage == e.first_passage);

    // Against a two-pass computation in long double: the exact sums rounded once agree to a few
    // ulps of the mean and of the deviations' sum.
    const bool upward = targets[k].comparison == Comparison::GreaterEqual ||
                        targets[k].comparison == Comparison::Greater;
    std::vector<long double> shortfalls;
    for (std::size_t p = 0; p < n; ++p) {
      const double v = values[k * n + p];
      if (!meets(targets[k], v))
        shortfalls.push_back(upward ? targets[k].threshold - v : v - targets[k].threshold);
    }
    const auto misses = static_cast<long double>(shortfalls.size());
    long double sum = 0;
    for (long double x : shortfalls)
      sum += x;
    const long double mean = sum / misses;
    long double squares = 0;
    for (long double x : shortfalls)
      squares += (x - mean) * (x - mean);
    const long double se = std::sqrt(squares / (misses - 1)) / std::sqrt(misses);
    CHECK(s.expected_shortfall == Approx(static_cast<double>(mean)).epsilon(1e-14));
    CHECK(s.expected_shortfall_se == Approx(static_cast<double>(se)).epsilon(1e-14));
    REQUIRE(misses > 100);  // the thresholds leave enough misses for a meaningful check

    // Quantiles: the sketch's value is within its accuracy of the lower empirical quantile (rank
    // floor(q (n - 1))), QuantileSketch::RELATIVE_ACCURACY of it on a level or share basis; on a
    // growth basis the sketch holds exp(value / GROWTH_SCALE), so relative 5e-4 on it is
    // GROWTH_SCALE * ln(1 + 5e-4) absolute on the value (plus exp/log rounding, 1e-12 of slack).
    std::vector<double> sorted(values.begin() + static_cast<std::ptrdiff_t>(k * n),
                               values.begin() + static_cast<std::ptrdiff_t>((k + 1) * n));
    std::sort(sorted.begin(), sorted.end());
    const double accuracy = QuantileSketch::RELATIVE_ACCURACY;
    const double q[] = {0.05, 0.5, 0.95};
    const double got[] = {s.q05, s.median, s.q95};
    for (int i = 0; i < 3; ++i) {
      const double x = sorted[static_cast<std::size_t>(std::floor(q[i] * (n - 1)))];
      const double bound = k == 2
                               ? ScorecardAccumulator::GROWTH_SCALE * std::log1p(accuracy) + 1e-12
                               : accuracy * std::fabs(x);
      CHECK(std::fabs(got[i] - x) <= bound);
    }
  }
}

TEST_CASE("streaming quantiles of equal values are exact", "[unit][scorecard]") {
  // Clamped to the values' exact range, so a run without shocks reports its one value.
  const std::vector<TargetSpec> targets = {target(TargetBasis::NominalLevel, 2025, 500),
                                           target(TargetBasis::RealGrowth, 2025, 3)};
  ScorecardAccumulator accumulator(targets, false, 2020, 6);
  const double row[] = {471.123456789, -2.718281828};
  for (int p = 0; p < 5; ++p)
    accumulator.add_path(row, nullptr);
  const Scorecard card = accumulator.scorecard();
  for (std::size_t k = 0; k < targets.size(); ++k) {
    CHECK(card.targets[k].q05 == row[k]);
    CHECK(card.targets[k].median == row[k]);
    CHECK(card.targets[k].q95 == row[k]);
  }
}
