#pragma once
// Per-year quantiles of a variable over any number of paths in memory independent of the path
// count: a histogram over a log-like index of the values (DDSketch's cubically interpolated
// mapping, Masson, Rim & Lee 2019, section 3 and appendix). Counts are integers, so merging
// sketches is exact and order-free: the quantiles are bit-identical for any thread count or batch
// size.
//
// Accuracy guarantee: a reported quantile is the geometric centre of its bin, and every bin is at
// most 2 ln(1 + RELATIVE_ACCURACY) wide in log space, so the reported value v and the empirical
// (lower) quantile x of the values satisfy |v - x| <= RELATIVE_ACCURACY * x. This holds for every
// value that is binned, which includes all values in [anchor / RANGE, anchor * RANGE]; values
// outside that range (or <= 0) land in underflow/overflow counts (values a fraction of a bin
// outside may still be binned), and a quantile that falls there is reported as NaN rather than as
// a wrong number.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace regiosim {

class QuantileSketch {
 public:
  static constexpr double RELATIVE_ACCURACY = 5e-4;  // |reported - exact| / exact at most
  static constexpr double RANGE = 1e3;               // values within anchor/RANGE..anchor*RANGE
  // Values one sketch can hold: bins count in 32 bits (the runner's path limit).
  static constexpr std::uint64_t MAX_COUNT = 0xFFFFFFFFull;

  explicit QuantileSketch(double anchor = 1.0);

  // Both adds throw std::length_error beyond MAX_COUNT values.
  void add(double value) {
    if (count_ == MAX_COUNT) throw_full();
    ++count_;
    place(value);
  }
  // Adds values[0], values[stride], ..., values[(n - 1) * stride], in that order: four at a time
  // on the fast path, with the same bins, window and counts as n single adds.
  void add(const double* values, std::size_t n, std::size_t stride);
  void merge(const QuantileSketch& other);  // anchors must be equal
  std::uint64_t count() const { return count_; }
  // The q-quantile (0 <= q <= 1) as the value of rank floor(q * (count - 1)) in sorted order,
  // approximated by its bin centre; NaN if count() == 0 or the rank falls outside the range.
  double quantile(double q) const;
  // quantile(q[k]) into out[k] for the n probabilities q, ascending, in one pass over the bins.
  void quantiles(const double* q, std::size_t n, double* out) const;

  // Bins per unit of the log-like index L(x) = E + P(m - 1) for x = m 2^(E - 1023), 1 <= m < 2,
  // with E the biased exponent field (see quantile_sketch.cpp for its derivation from
  // RELATIVE_ACCURACY).
  static const double MULTIPLIER;

  // The bin of a value: floor(MULTIPLIER * L(x)), from the double's exponent and mantissa bits
  // with a cubic in the mantissa instead of a logarithm.
  static long index(double value) {
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    // The biased exponent with the sign bit above it: negative values get a huge exponent, zero and
    // subnormals 0, so L >= 0 for every double and truncation is the floor.
    const auto exponent = static_cast<long>(bits >> 52);
    const std::uint64_t one = 0x3FF0000000000000ull;
    double mantissa;  // 1 <= mantissa < 2, exact
    const std::uint64_t mantissa_bits = (bits & 0x000FFFFFFFFFFFFFull) | one;
    std::memcpy(&mantissa, &mantissa_bits, sizeof mantissa);
    const double s = mantissa - 1.0;
    // P(s) = A s^3 + B s^2 + C s with P(0) = 0, P(1) = 1 (DDSketch's cubic).
    const double log_like = ((CUBIC_A * s + CUBIC_B) * s + CUBIC_C) * s;
    return static_cast<long>((static_cast<double>(exponent) + log_like) * MULTIPLIER);
  }
  // index() of values[0], values[stride], values[2 stride] and values[3 stride] into out, as the
  // baseline bulk add's fast path computes them: two per SSE2 operation, the same double
  // arithmetic in the same order per lane (public so that tests can compare it with index() bit
  // for bit; the AVX2 add, four per operation, is tested through add() on that kernel).
  static void index4(const double* values, std::size_t stride, std::int32_t* out);

 private:
  static constexpr double CUBIC_A = 6.0 / 35.0;
  static constexpr double CUBIC_B = -3.0 / 5.0;
  static constexpr double CUBIC_C = 10.0 / 7.0;

  // Counts a value outside the window, of bin index(value) (count_ is the caller's): zero,
  // negative, under- or overflow, or a new bin the window grows to cover.
  void place_outside(double value, long bin);
  [[noreturn]] static void throw_full();
  void grow_to(long bin);
  struct Lanes;  // the vector arithmetic of index4 and the bulk adds (quantile_sketch.cpp)
  // The geometric centre of bin `bin`.
  static double centre(long bin);
  // Counts one value (count_ is the caller's): the fast path is a value inside the window of bins
  // seen so far. Zero, negative, NaN, infinite and subnormal values all index below lo_limit_ or
  // above hi_limit_, so they fall through to place_outside.
  void place(double value) {
    const long bin = index(value);
    const auto offset = static_cast<std::size_t>(bin - lo_bin_);
    if (offset < bins_.size()) {
      ++bins_[offset];
    } else {
      place_outside(value, bin);
    }
  }

  std::uint64_t count_ = 0;
  std::uint64_t negative_ = 0;  // < 0 or NaN
  std::uint64_t zeros_ = 0;
  std::uint64_t underflow_ = 0;  // 0 < value, bin below lo_limit_
  std::uint64_t overflow_ = 0;   // bin above hi_limit_
  long lo_limit_ = 0;            // bins of anchor / RANGE and anchor * RANGE
  long hi_limit_ = 0;
  long lo_bin_ = 0;  // bin index of bins_[0]; bins cover the values seen, with a margin
  std::vector<std::uint32_t> bins_;
};

}  // namespace regiosim
