// Sobol indices from a Saltelli design, with bootstrap confidence intervals, and Morris statistics
// from elementary-effect trajectories.
#include "regiosim/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "regiosim/random_stream.hpp"
#include "regiosim/scorecard.hpp"

namespace regiosim {

namespace {

struct Estimate {
  std::vector<double> first, total;
};

// The estimators over the base rows `rows` (a bootstrap resample, or 0..N-1).
Estimate estimate(const std::vector<double>& y, std::uint64_t n, std::size_t d,
                  const std::vector<std::uint64_t>& rows) {
  const double m = static_cast<double>(rows.size());
  double sum = 0;
  double sum_sq = 0;
  for (std::uint64_t j : rows) {
    for (double v : {y[j], y[n + j]}) {
      sum += v;
      sum_sq += v * v;
    }
  }
  const double mean = sum / (2 * m);
  const double variance = sum_sq / (2 * m) - mean * mean;
  Estimate e{std::vector<double>(d), std::vector<double>(d)};
  for (std::size_t i = 0; i < d; ++i) {
    double first = 0;
    double total = 0;
    for (std::uint64_t j : rows) {
      const double a = y[j];
      const double b = y[n + j];
      const double ab = y[(2 + i) * n + j];
      first += b * (ab - a);
      total += (a - ab) * (a - ab);
    }
    e.first[i] = first / m / variance;
    e.total[i] = total / (2 * m) / variance;
  }
  return e;
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& y, std::uint64_t base_rows, int dimensions,
                           int resamples, std::uint64_t seed) {
  const auto d = static_cast<std::size_t>(dimensions);
  if (y.size() != base_rows * (d + 2))
    throw std::invalid_argument("sobol_indices: outputs do not match the Saltelli design");
  std::vector<std::uint64_t> rows(base_rows);
  for (std::uint64_t j = 0; j < base_rows; ++j)
    rows[j] = j;
  const Estimate point = estimate(y, base_rows, d, rows);
  SobolIndices s;
  s.first = point.first;
  s.total = point.total;
  std::vector<std::vector<double>> first(d), total(d);
  for (int r = 0; r < resamples; ++r) {
    const RandomStream stream(seed, static_cast<std::uint64_t>(r));
    for (std::uint64_t j = 0; j < base_rows; ++j) {
      const auto pick = static_cast<std::uint64_t>(stream.uniform(Stream::SweepBootstrap, j) *
                                                   static_cast<double>(base_rows));
      rows[j] = std::min(pick, base_rows - 1);
    }
    const Estimate e = estimate(y, base_rows, d, rows);
    for (std::size_t i = 0; i < d; ++i) {
      first[i].push_back(e.first[i]);
      total[i].push_back(e.total[i]);
    }
  }
  // Percentile intervals; a resample with zero variance gives NaN, which sorts nowhere useful, so
  // intervals are taken over the finite values only.
  auto interval = [](std::vector<double> values, std::vector<double>& lo, std::vector<double>& hi) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    std::sort(values.begin(), values.end());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    lo.push_back(values.empty() ? nan : sorted_quantile(values, 0.025));
    hi.push_back(values.empty() ? nan : sorted_quantile(values, 0.975));
  };
  for (std::size_t i = 0; i < d; ++i) {
    interval(first[i], s.first_lo, s.first_hi);
    interval(total[i], s.total_lo, s.total_hi);
  }
  return s;
}

MorrisIndices morris_indices(const DesignMatrix& unit_design, const std::vector<double>& y,
                             int dimensions) {
  const auto d = static_cast<std::size_t>(dimensions);
  if (d == 0 || y.size() != unit_design.size() || unit_design.size() % (d + 1) != 0)
    throw std::invalid_argument("morris_indices: outputs do not match the Morris design");
  const std::size_t r = unit_design.size() / (d + 1);
  std::vector<std::vector<double>> effects(d);
  for (std::size_t t = 0; t < r; ++t) {
    for (std::size_t step = 0; step < d; ++step) {
      const std::size_t row = t * (d + 1) + step;
      const std::vector<double>& before = unit_design[row];
      const std::vector<double>& after = unit_design[row + 1];
      // The one coordinate that moved between the two rows.
      std::size_t moved = d;
      for (std::size_t k = 0; k < d; ++k) {
        if (after[k] != before[k]) {
          if (moved != d) throw std::invalid_argument("morris_indices: two coordinates moved");
          moved = k;
        }
      }
      if (moved == d) throw std::invalid_argument("morris_indices: no coordinate moved");
      effects[moved].push_back((y[row + 1] - y[row]) / (after[moved] - before[moved]));
    }
  }
  MorrisIndices m;
  for (const std::vector<double>& ee : effects) {
    if (ee.size() != r)
      throw std::invalid_argument("morris_indices: a coordinate did not move once per trajectory");
    double sum = 0;
    double sum_abs = 0;
    for (double e : ee) {
      sum += e;
      sum_abs += std::abs(e);
    }
    const double mean = sum / static_cast<double>(r);
    double squares = 0;
    for (double e : ee)
      squares += (e - mean) * (e - mean);
    m.mu.push_back(mean);
    m.mu_star.push_back(sum_abs / static_cast<double>(r));
    m.sigma.push_back(r > 1 ? std::sqrt(squares / static_cast<double>(r - 1))
                            : std::numeric_limits<double>::quiet_NaN());
  }
  return m;
}

}  // namespace regiosim
