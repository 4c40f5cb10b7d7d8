#include "regiosim/scorecard.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
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

bool is_growth(const TargetSpec& target) {
  return target.basis == TargetBasis::RealGrowth || target.basis == TargetBasis::NominalGrowth;
}

// The sketch's coordinate of a value: growth rates can be negative, so they are sketched through
// exp (as the runner sketches Rate variables), anchored at the threshold.
double sketched(const TargetSpec& target, double value) {
  return is_growth(target) ? std::exp(value / ScorecardAccumulator::GROWTH_SCALE) : value;
}
double unsketched(const TargetSpec& target, double x) {
  return is_growth(target) ? ScorecardAccumulator::GROWTH_SCALE * std::log(x) : x;
}
double sketch_anchor(const TargetSpec& target) {
  if (is_growth(target)) return sketched(target, target.threshold);
  return target.threshold > 0 ? target.threshold : 1.0;
}

// Mean and standard error of the shortfalls among misses from their exact sums s1 = sum x and
// s2 = sum x^2: var = (s2 - s1 mean) / (m - 1) in double-double, so the cancellation when the mean
// is large against the spread costs no more than rounding the exact sums (hi + lo) does.
void expected_shortfall(const ExactSum& s1, const ExactSum& s2, std::uint64_t misses,
                        TargetResult& r) {
  const double m = static_cast<double>(misses);
  const ExactSum::Pair sum = s1.split();
  const double mean_hi = sum.hi / m;
  const double mean_lo = (std::fma(-mean_hi, m, sum.hi) + sum.lo) / m;
  r.expected_shortfall = misses > 0 ? mean_hi + mean_lo : std::nan("");
  if (misses < 2) {
    r.expected_shortfall_se = std::nan("");
    return;
  }
  const ExactSum::Pair squares = s2.split();
  // s1 * mean as hi + lo (two-product), then s2 minus it (two-sum).
  const double product_hi = sum.hi * mean_hi;
  const double product_lo =
      std::fma(sum.hi, mean_hi, -product_hi) + sum.hi * mean_lo + sum.lo * mean_hi;
  const double diff_hi = squares.hi - product_hi;
  const double bv = diff_hi - squares.hi;
  const double diff_lo = (squares.hi - (diff_hi - bv)) + (-product_hi - bv);
  const double deviations = diff_hi + (diff_lo + squares.lo - product_lo);
  r.expected_shortfall_se = std::sqrt(std::fmax(deviations, 0.0) / (m - 1.0)) / std::sqrt(m);
}
}  // namespace

ScorecardAccumulator::ScorecardAccumulator(const std::vector<TargetSpec>& targets,
                                           bool first_passage, int base_year, int years)
    : targets_(targets), first_passage_(first_passage), base_year_(base_year), years_(years) {
  for (const TargetSpec& t : targets_) {
    PerTarget p{0, 0, {}, {}, {}, QuantileSketch(sketch_anchor(t))};
    if (first_passage_ && has_first_passage(t))
      p.passage.assign(static_cast<std::size_t>(years), 0);
    per_target_.push_back(std::move(p));
  }
  std::set<int> target_years;
  for (const TargetSpec& t : targets_)
    if (!t.outturn) target_years.insert(t.year);
  for (int year : target_years) {
    PerYear y;
    y.year = year;
    for (std::size_t k = 0; k < targets_.size(); ++k)
      if (!targets_[k].outturn && targets_[k].year == year) y.targets.push_back(k);
    y.paths_meeting.assign(y.targets.size() + 1, 0);
    per_year_.push_back(std::move(y));
  }
}

void ScorecardAccumulator::add_path(const double* values, const std::uint16_t* passage) {
  ++paths_;
  for (std::size_t k = 0; k < targets_.size(); ++k) {
    PerTarget& p = per_target_[k];
    const double v = values[k];
    if (meets(targets_[k], v)) {
      ++p.met;
    } else {
      ++p.misses;
      const double x = shortfall(targets_[k], v);
      const double square = x * x;
      p.shortfall.add(x);
      p.shortfall_squares.add(square);
      p.shortfall_squares.add(std::fma(x, x, -square));  // the square's rounding error: exact
    }
    if (!p.passage.empty()) ++p.passage[passage[k]];
    p.sketch.add(sketched(targets_[k], v));
    const double plus_zero = v + 0.0;  // -0 as +0, so the extremes' bits do not depend on order
    if (plus_zero < p.min) p.min = plus_zero;
    if (plus_zero > p.max) p.max = plus_zero;
  }
  for (PerYear& y : per_year_) {
    std::size_t met = 0;
    for (std::size_t k : y.targets)
      met += meets(targets_[k], values[k]) ? 1 : 0;
    ++y.paths_meeting[met];
  }
}

void ScorecardAccumulator::merge(const ScorecardAccumulator& other) {
  paths_ += other.paths_;
  for (std::size_t k = 0; k < per_target_.size(); ++k) {
    PerTarget& p = per_target_[k];
    const PerTarget& o = other.per_target_[k];
    p.met += o.met;
    p.misses += o.misses;
    p.shortfall.merge(o.shortfall);
    p.shortfall_squares.merge(o.shortfall_squares);
    for (std::size_t t = 0; t < p.passage.size(); ++t)
      p.passage[t] += o.passage[t];
    p.sketch.merge(o.sketch);
    p.min = std::fmin(p.min, o.min);
    p.max = std::fmax(p.max, o.max);
  }
  for (std::size_t i = 0; i < per_year_.size(); ++i) {
    for (std::size_t m = 0; m < per_year_[i].paths_meeting.size(); ++m)
      per_year_[i].paths_meeting[m] += other.per_year_[i].paths_meeting[m];
  }
}

Scorecard ScorecardAccumulator::scorecard() const {
  Scorecard card;
  card.paths = paths_;
  if (first_passage_) {
    for (int t = 1; t < years_; ++t)
      card.passage_years.push_back(base_year_ + t);
  }
  const auto n = static_cast<std::size_t>(paths_);
  for (std::size_t k = 0; k < targets_.size(); ++k) {
    const PerTarget& p = per_target_[k];
    TargetResult r;
    r.target = targets_[k];
    r.p_meet = share(p.met, n);
    r.p_meet_se = binomial_se(r.p_meet, paths_);
    const double q[] = {0.05, 0.5, 0.95};
    double x[std::size(q)];
    p.sketch.quantiles(q, std::size(q), x);
    const auto clamped = [&](double sketch_value) {
      const double value = unsketched(targets_[k], sketch_value);
      return std::isnan(value) || !(p.min <= p.max) ? value : std::clamp(value, p.min, p.max);
    };
    r.q05 = clamped(x[0]);
    r.median = clamped(x[1]);
    r.q95 = clamped(x[2]);
    expected_shortfall(p.shortfall, p.shortfall_squares, p.misses, r);
    // Shares of first-passage year indices 1..years-1, then of "never" (index 0).
    for (std::size_t t = 1; t < p.passage.size(); ++t)
      r.first_passage.push_back(share(p.passage[t], n));
    if (!p.passage.empty()) r.first_passage.push_back(share(p.passage[0], n));
    card.targets.push_back(r);
  }
  for (const PerYear& y : per_year_) {
    auto& p_m = card.p_at_least[y.year];
    auto& se_m = card.p_at_least_se[y.year];
    std::uint64_t at_least = 0;  // paths meeting at least m, from m = n down
    std::vector<std::uint64_t> counts(y.targets.size() + 1, 0);
    for (std::size_t m = y.targets.size(); m >= 1; --m) {
      at_least += y.paths_meeting[m];
      counts[m] = at_least;
    }
    for (std::size_t m = 1; m <= y.targets.size(); ++m) {
      p_m.push_back(share(counts[m], n));
      se_m.push_back(binomial_se(p_m.back(), paths_));
    }
    card.joint_p_meet[y.year] = p_m.back();
    card.joint_p_meet_se[y.year] = se_m.back();
  }
  return card;
}

void exact_quantiles(Scorecard& card, const std::vector<double>& values, std::uint64_t paths) {
  const auto n = static_cast<std::size_t>(paths);
  std::vector<double> sorted(n);
  for (std::size_t k = 0; k < card.targets.size(); ++k) {
    std::copy(values.begin() + static_cast<std::ptrdiff_t>(k * n),
              values.begin() + static_cast<std::ptrdiff_t>((k + 1) * n), sorted.begin());
    std::sort(sorted.begin(), sorted.end());
    TargetResult& r = card.targets[k];
    r.median = sorted_quantile(sorted, 0.5);
    r.q05 = sorted_quantile(sorted, 0.05);
    r.q95 = sorted_quantile(sorted, 0.95);
  }
}

Scorecard make_scorecard(const std::vector<TargetSpec>& targets, const std::vector<double>& values,
                         std::uint64_t paths, const std::vector<std::uint16_t>& passage,
                         int base_year, int years) {
  ScorecardAccumulator accumulator(targets, !passage.empty(), base_year, years);
  const auto n = static_cast<std::size_t>(paths);
  std::vector<double> path_values(targets.size());
  std::vector<std::uint16_t> path_passage(targets.size(), 0);
  for (std::size_t p = 0; p < n; ++p) {
    for (std::size_t k = 0; k < targets.size(); ++k) {
      path_values[k] = values[k * n + p];
      if (!passage.empty()) path_passage[k] = passage[k * n + p];
    }
    accumulator.add_path(path_values.data(), path_passage.data());
  }
  Scorecard card = accumulator.scorecard();
  exact_quantiles(card, values, paths);
  return card;
}

BacktestCoverage backtest_coverage(const Scorecard& card) {
  BacktestCoverage c;
  int inside_50 = 0, inside_90 = 0;
  for (const TargetResult& r : card.targets) {
    if (!r.target.outturn || r.target.implied_deflator) continue;
    ++c.outturns;
    inside_50 += r.p_meet >= 0.25 && r.p_meet <= 0.75 ? 1 : 0;
    inside_90 += r.p_meet >= 0.05 && r.p_meet <= 0.95 ? 1 : 0;
  }
  if (c.outturns == 0) return c;
  const double n = c.outturns;
  c.inside_50 = inside_50 / n;
  c.inside_90 = inside_90 / n;
  c.inside_50_se = std::sqrt(c.inside_50 * (1 - c.inside_50) / n);
  c.inside_90_se = std::sqrt(c.inside_90 * (1 - c.inside_90) / n);
  return c;
}

bool level_break(const TargetResult& result) {
  return result.target.implied_deflator && (result.p_meet < 0.005 || result.p_meet > 0.995);
}

bool revised_indicator(const TargetSpec& target) {
  return target.satellite < 0 &&
         (target.indicator == "gdp_nominal" || target.indicator == "gdp_real" ||
          target.indicator == "gdp_per_capita" || target.indicator == "labour_productivity");
}

}  // namespace regiosim
