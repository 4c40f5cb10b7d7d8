#include "regiosim/scorecard.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace regiosim {

IndicatorRef indicator_ref(const TargetSpec& target, int satellites) {
  if (target.satellite >= 0) return {Var::SatelliteValue, target.satellite, satellites};
  return {*find_variable(target.indicator), 0, 1};
}

double target_value(const TargetSpec& target, const double* indicator_path, int base_year,
                    int stride) {
  const int t = target.year - base_year;
  const double value = indicator_path[t * stride];
  switch (target.basis) {
    case TargetBasis::NominalLevel:
    case TargetBasis::RealLevel:
    case TargetBasis::PerCapita:
      return value;
    case TargetBasis::Share:
      return 100.0 * value;  // fractions in the model, percent in the plan
    case TargetBasis::RealGrowth:
    case TargetBasis::NominalGrowth:
      // Compound average growth from the base year, %/yr, as the plan states its rates.
      return 100.0 * (std::pow(value / indicator_path[0], 1.0 / t) - 1.0);
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
}  // namespace

Scorecard make_scorecard(const std::vector<TargetSpec>& targets, const std::vector<double>& values,
                         std::uint64_t paths) {
  Scorecard card;
  card.paths = paths;
  const auto n = static_cast<std::size_t>(paths);
  std::vector<double> sorted(n);
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const double* v = values.data() + k * n;
    std::uint64_t met = 0;
    for (std::size_t p = 0; p < n; ++p)
      met += meets(targets[k], v[p]) ? 1 : 0;
    TargetResult r;
    r.target = targets[k];
    r.p_meet = n > 0 ? static_cast<double>(met) / static_cast<double>(n) : std::nan("");
    r.p_meet_se = binomial_se(r.p_meet, paths);
    std::copy(v, v + n, sorted.begin());
    std::sort(sorted.begin(), sorted.end());
    r.median = sorted_quantile(sorted, 0.5);
    r.q05 = sorted_quantile(sorted, 0.05);
    r.q95 = sorted_quantile(sorted, 0.95);
    card.targets.push_back(r);
  }
  std::set<int> years;
  for (const TargetSpec& t : targets)
    years.insert(t.year);
  for (int year : years) {
    std::uint64_t all_met = 0;
    for (std::size_t p = 0; p < n; ++p) {
      bool ok = true;
      for (std::size_t k = 0; k < targets.size() && ok; ++k) {
        if (targets[k].year == year) ok = meets(targets[k], values[k * n + p]);
      }
      all_met += ok ? 1 : 0;
    }
    const double p_all =
        n > 0 ? static_cast<double>(all_met) / static_cast<double>(n) : std::nan("");
    card.joint_p_meet[year] = p_all;
    card.joint_p_meet_se[year] = binomial_se(p_all, paths);
  }
  return card;
}

}  // namespace regiosim
