#pragma once
// Per-year quantiles of a variable over any number of paths in memory independent of the path
// count: a histogram of log(value / anchor) in bins of fixed relative width. Counts are integers,
// so merging sketches is exact and order-free: the quantiles are bit-identical for any thread count
// or batch size. A reported quantile is the geometric centre of its bin, within RELATIVE_ACCURACY
// of the empirical (lower) quantile of the values, for values inside [anchor / RANGE, anchor *
// RANGE]. Values outside that range (or <= 0) land in underflow/overflow counts; a quantile that
// falls there is reported as NaN rather than as a wrong number.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace regiosim {

class QuantileSketch {
 public:
  static constexpr double RELATIVE_ACCURACY = 5e-4;  // half-width of a bin, relative
  static constexpr double RANGE = 1e3;               // values within anchor/RANGE..anchor*RANGE

  explicit QuantileSketch(double anchor = 1.0);

  void add(double value);
  void merge(const QuantileSketch& other);  // anchors must be equal
  std::uint64_t count() const { return count_; }
  // The q-quantile (0 <= q <= 1) as the value of rank floor(q * (count - 1)) in sorted order,
  // approximated by its bin centre; NaN if count() == 0 or the rank falls outside the range.
  double quantile(double q) const;
  // quantile(q[k]) into out[k] for the n probabilities q, ascending, in one pass over the bins.
  void quantiles(const double* q, std::size_t n, double* out) const;

 private:
  double anchor_;
  double log_anchor_;
  std::uint64_t count_ = 0;
  std::uint64_t negative_ = 0;  // < 0 or NaN
  std::uint64_t zeros_ = 0;
  std::uint64_t underflow_ = 0;  // 0 < value < anchor / RANGE
  std::uint64_t overflow_ = 0;
  long lo_bin_ = 0;  // bin index of bins_[0]; bins cover only the values seen
  std::vector<std::uint64_t> bins_;
};

}  // namespace regiosim
