#include "regiosim/scorecard.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <set>

namespace regiosim {

IndicatorRef indicator_ref(const TargetSpec& target, int satellites) {
  if (target.satellite >= 0) return {Var::SatelliteValue, target.satellite, satellites};
  return {*find_variable(target.indicator), 0, 1};
}

double target_value(const TargetSpec& target, const double* indicator_path, int base_year,
                    int stride) {
  const int t = target.year - base_year;
  const double value = indicator_path[static_cast<std::ptrdiff_t>(t) * stride];
  switch (target.basis) {
    case TargetBasis::NominalLevel:
    case TargetBasis::RealLevel:
    case TargetBasis::PerCapita:
      return value;
    case TargetBasis::Share:
      return 100.0 * value;  // fractions in the model, percent in the plan
    case TargetBasis::RealGrowth:
    case TargetBasis::NominalGrowth: {
      // Compound average growth, %/yr, as the plan states its rates: from the target's
      // plan_base_year (e.g. income doubling 2025-2035), or from the base year.
      const int from = std::max(0, target.plan_base_year - base_year);
      return 100.0 * (std::pow(value / indicator_path[static_cast<std::ptrdiff_t>(from) * stride],
                               1.0 / (t - from)) -
                      1.0);
    }
  }
  return value;
}

bool meets(const TargetSpec& target, double value) {
  switch (target.comparison) {
    case Comparison::GreaterEqual:
      return value >= target.threshold;
    case Comparison::Greater:
      return value > target.threshold;
    case Comparison::LessEqual:
      return value <= target.threshold;
    case Comparison::Less:
      return value < target.threshold;
  }
  return false;
}

bool has_first_passage(const TargetSpec& target) {
  const bool level = target.basis == TargetBasis::NominalLevel ||
                     target.basis == TargetBasis::RealLevel ||
                     target.basis == TargetBasis::PerCapita;
  const bool upward =
      target.comparison == Comparison::GreaterEqual || target.comparison == Comparison::Greater;
  return level && upward;
}

std::uint16_t first_passage_index(const TargetSpec& target, const double* indicator_path, int years,
                                  int stride) {
  for (int t = 1; t < years; ++t) {
    if (meets(target, indicator_path[static_cast<std::ptrdiff_t>(t) * stride])) {
      return static_cast<std::uint16_t>(t);
    }
  }
  return 0;
}

double sorted_quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::nan("");
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

namespace {
double binomial_se(double p, std::uint64_t n) {
  return n > 0 ? std::sqrt(p * (1.0 - p) / static_cast<double>(n)) : std::nan("");
}

double share(std::uint64_t count, std::size_t n) {
  return n > 0 ? static_cast<double>(count) / static_cast<double>(n) : std::nan("");
}

// How far a missing value falls short of the threshold, positive, in the basis unit.
double shortfall(const TargetSpec& target, double value) {
  const bool upward =
      target.comparison == Comparison::GreaterEqual || target.comparison == Comparison::Greater;
  return upward ? target.threshold - value : value - target.threshold;
}

// Mean and standard error of the shortfalls among misses (two passes, in path order).
void expected_shortfall(const TargetSpec& target, const double* v, std::size_t n, TargetResult& r) {
  std::uint64_t misses = 0;
  double sum = 0;
  for (std::size_t p = 0; p < n; ++p) {
    if (meets(target, v[p])) continue;
    sum += shortfall(target, v[p]);
    ++misses;
  }
  r.expected_shortfall = misses > 0 ? sum / static_cast<double>(misses) : std::nan("");
  if (misses < 2) {
    r.expected_shortfall_se = std::nan("");
    return;
  }
  double squares = 0;
  for (std::size_t p = 0; p < n; ++p) {
    if (meets(target, v[p])) continue;
    const double d = shortfall(target, v[p]) - r.expected_shortfall;
    squares += d * d;
  }
  const auto m = static_cast<double>(misses);
  r.expected_shortfall_se = std::sqrt(squares / (m - 1.0)) / std::sqrt(m);
}

// Shares of first-passage year indices 1..years-1, then of "never" (index 0).
std::vector<double> passage_shares(const std::uint16_t* passage, std::size_t n, int years) {
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(years), 0);
  for (std::size_t p = 0; p < n; ++p)
    ++counts[passage[p]];
  std::vector<double> shares;
  for (std::size_t t = 1; t < counts.size(); ++t)
    shares.push_back(share(counts[t], n));
  shares.push_back(share(counts[0], n));
  return shares;
}
}  // namespace

Scorecard make_scorecard(const std::vector<TargetSpec>& targets, const std::vector<double>& values,
                         std::uint64_t paths, const std::vector<std::uint16_t>& passage,
                         int base_year, int years) {
  Scorecard card;
  card.paths = paths;
  if (!passage.empty()) {
    for (int t = 1; t < years; ++t)
      card.passage_years.push_back(base_year + t);
  }
  const auto n = static_cast<std::size_t>(paths);
  std::vector<double> sorted(n);
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const double* v = values.data() + k * n;
    std::uint64_t met = 0;
    for (std::size_t p = 0; p < n; ++p)
      met += meets(targets[k], v[p]) ? 1 : 0;
    TargetResult r;
    r.target = targets[k];
    r.p_meet = share(met, n);
    r.p_meet_se = binomial_se(r.p_meet, paths);
    std::copy(v, v + n, sorted.begin());
    std::sort(sorted.begin(), sorted.end());
    r.median = sorted_quantile(sorted, 0.5);
    r.q05 = sorted_quantile(sorted, 0.05);
    r.q95 = sorted_quantile(sorted, 0.95);
    expected_shortfall(targets[k], v, n, r);
    if (!passage.empty() && has_first_passage(targets[k]))
      r.first_passage = passage_shares(passage.data() + k * n, n, years);
    card.targets.push_back(r);
  }
  // Joint probabilities are over the plan's targets of a year; backtest outturns are not targets.
  const auto counts = [](const TargetSpec& t, int year) { return !t.outturn && t.year == year; };
  std::set<int> target_years;
  for (const TargetSpec& t : targets)
    if (!t.outturn) target_years.insert(t.year);
  for (int year : target_years) {
    std::size_t of_year = 0;
    for (const TargetSpec& t : targets)
      of_year += counts(t, year) ? 1 : 0;
    // at_least[m]: paths meeting at least m of the year's targets; m = n is "all".
    std::vector<std::uint64_t> at_least(of_year + 1, 0);
    for (std::size_t p = 0; p < n; ++p) {
      std::size_t met = 0;
      for (std::size_t k = 0; k < targets.size(); ++k) {
        if (counts(targets[k], year) && meets(targets[k], values[k * n + p])) ++met;
      }
      for (std::size_t m = 1; m <= met; ++m)
        ++at_least[m];
    }
    auto& p_m = card.p_at_least[year];
    auto& se_m = card.p_at_least_se[year];
    for (std::size_t m = 1; m <= of_year; ++m) {
      p_m.push_back(share(at_least[m], n));
      se_m.push_back(binomial_se(p_m.back(), paths));
    }
    card.joint_p_meet[year] = p_m.back();
    card.joint_p_meet_se[year] = se_m.back();
  }
  return card;
}

}  // namespace regiosim
