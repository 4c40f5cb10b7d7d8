// The law of total variance over parameter sets (scorecard.hpp VarianceSplit). Deviations are
// taken from each set's first value, so a set whose paths are all equal (no shocks) has within-set
// variance exactly 0 and the parameters' share is exactly 1.
#include <cmath>

#include "regiosim/scorecard.hpp"

namespace regiosim {

VarianceSplit split_variance(const double* values, std::uint64_t sets, std::uint64_t per_set) {
  const auto s_count = static_cast<double>(per_set);
  std::vector<double> means;
  double within_sum = 0;
  for (std::uint64_t k = 0; k < sets; ++k) {
    const double* v = values + k * per_set;
    double shifted = 0;
    for (std::uint64_t s = 0; s < per_set; ++s)
      shifted += v[s] - v[0];
    const double mean_shift = shifted / s_count;
    double squares = 0;
    for (std::uint64_t s = 0; s < per_set; ++s) {
      const double d = (v[s] - v[0]) - mean_shift;
      squares += d * d;
    }
    within_sum += squares / (s_count - 1.0);
    means.push_back(v[0] + mean_shift);
  }
  VarianceSplit split;
  split.within = within_sum / static_cast<double>(sets);
  double grand = 0;
  for (const double m : means)
    grand += m - means[0];
  grand /= static_cast<double>(sets);
  double squares = 0;
  for (const double m : means) {
    const double d = (m - means[0]) - grand;
    squares += d * d;
  }
  const double between_raw = squares / static_cast<double>(sets - 1) - split.within / s_count;
  split.between = std::fmax(between_raw, 0.0);  // an unbiased estimate can fall below 0
  split.total = split.between + split.within;
  split.parameters = split.total > 0 ? split.between / split.total : std::nan("");
  split.shocks = split.total > 0 ? split.within / split.total : std::nan("");
  return split;
}

}  // namespace regiosim
