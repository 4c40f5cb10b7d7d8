#include "regiosim/quantile_sketch.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace regiosim {

namespace {
// Bin width in log space: 2 ln(1 + a), so the geometric centre of a bin is within a relative
// RELATIVE_ACCURACY of every value in it.
const double BIN_WIDTH = 2.0 * std::log1p(QuantileSketch::RELATIVE_ACCURACY);
const long HALF_BINS = static_cast<long>(std::ceil(std::log(QuantileSketch::RANGE) / BIN_WIDTH));
}  // namespace

QuantileSketch::QuantileSketch(double anchor)
    : anchor_(anchor > 0 && std::isfinite(anchor) ? anchor : 1.0), log_anchor_(std::log(anchor_)) {}

void QuantileSketch::add(double value) {
  ++count_;
  if (value == 0) {  // exactly zero (e.g. final demand of a supply sector): reported as 0
    ++zeros_;
    return;
  }
  if (!(value > 0)) {  // negative or NaN: ordered first, reported as NaN if reached
    ++negative_;
    return;
  }
  const double position = std::floor((std::log(value) - log_anchor_) / BIN_WIDTH);
  if (position < static_cast<double>(-HALF_BINS)) {
    ++underflow_;
    return;
  }
  if (position >= static_cast<double>(HALF_BINS)) {
    ++overflow_;
    return;
  }
  const long bin = static_cast<long>(position);
  // The window [lo_bin_, lo_bin_ + size) grows to cover what was seen; after the first batches of a
  // run it no longer moves, so adds do not allocate.
  if (bins_.empty()) {
    lo_bin_ = bin;
    bins_.assign(1, 0);
  } else if (bin < lo_bin_) {
    const long grow = std::max(lo_bin_ - bin, static_cast<long>(bins_.size()));
    const long new_lo = std::max(lo_bin_ - grow, -HALF_BINS);
    bins_.insert(bins_.begin(), static_cast<std::size_t>(lo_bin_ - new_lo), 0);
    lo_bin_ = new_lo;
  } else if (bin >= lo_bin_ + static_cast<long>(bins_.size())) {
    const long need = bin - lo_bin_ + 1;
    const long want =
        std::min(std::max(need, 2 * static_cast<long>(bins_.size())), HALF_BINS - lo_bin_);
    bins_.resize(static_cast<std::size_t>(want), 0);
  }
  ++bins_[static_cast<std::size_t>(bin - lo_bin_)];
}

void QuantileSketch::merge(const QuantileSketch& other) {
  assert(anchor_ == other.anchor_);
  count_ += other.count_;
  negative_ += other.negative_;
  zeros_ += other.zeros_;
  underflow_ += other.underflow_;
  overflow_ += other.overflow_;
  if (other.bins_.empty()) return;
  if (bins_.empty()) {
    bins_ = other.bins_;
    lo_bin_ = other.lo_bin_;
    return;
  }
  const long lo = std::min(lo_bin_, other.lo_bin_);
  const long hi = std::max(lo_bin_ + static_cast<long>(bins_.size()),
                           other.lo_bin_ + static_cast<long>(other.bins_.size()));
  std::vector<std::uint64_t> merged(static_cast<std::size_t>(hi - lo), 0);
  for (std::size_t i = 0; i < bins_.size(); ++i)
    merged[static_cast<std::size_t>(lo_bin_ - lo) + i] += bins_[i];
  for (std::size_t i = 0; i < other.bins_.size(); ++i) {
    merged[static_cast<std::size_t>(other.lo_bin_ - lo) + i] += other.bins_[i];
  }
  bins_ = std::move(merged);
  lo_bin_ = lo;
}

double QuantileSketch::quantile(double q) const {
  double value = 0;
  quantiles(&q, 1, &value);
  return value;
}

void QuantileSketch::quantiles(const double* q, std::size_t n, double* out) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Walks the counts in value order (negatives, zeros, underflow, bins, overflow) once; each
  // probability's rank is found where the running count first exceeds it.
  std::uint64_t seen = negative_ + zeros_ + underflow_;
  std::size_t bin = 0;
  std::uint64_t through_bin = seen + (bins_.empty() ? 0 : bins_[0]);  // counts up to bin `bin`
  for (std::size_t k = 0; k < n; ++k) {
    if (count_ == 0 || !(q[k] >= 0 && q[k] <= 1) || (k > 0 && q[k] < q[k - 1])) {
      out[k] = nan;
      continue;
    }
    const auto rank =
        static_cast<std::uint64_t>(std::floor(q[k] * static_cast<double>(count_ - 1)));
    if (rank < negative_ || (rank >= negative_ + zeros_ && rank < seen)) {
      out[k] = nan;  // below zero or in the underflow
      continue;
    }
    if (rank < negative_ + zeros_) {
      out[k] = 0.0;
      continue;
    }
    while (bin < bins_.size() && rank >= through_bin) {
      ++bin;
      if (bin < bins_.size()) through_bin += bins_[bin];
    }
    if (bin == bins_.size()) {
      out[k] = nan;  // in the overflow
      continue;
    }
    const double centre = (static_cast<double>(lo_bin_ + static_cast<long>(bin)) + 0.5) * BIN_WIDTH;
    out[k] = std::exp(log_anchor_ + centre);
  }
}

}  // namespace regiosim
