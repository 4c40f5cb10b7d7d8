#include "regiosim/quantile_sketch.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "simd_kernel.hpp"

namespace regiosim {

namespace {

// Width of a bin in log space. With L(x) = E + P(s), x = (1 + s) 2^(E - 1023), one unit of L spans
// d ln(x) / dL = 1 / ((1 + s) P'(s)) in log space, at most 7/10 (at s = 0, where P'(0) = 10/7;
// (1 + s) P'(s) grows to 52/35 at s = 1). A bin of 1 / MULTIPLIER units of L is therefore at most
// 0.7 / MULTIPLIER wide, and MULTIPLIER = 0.7 / (2 ln(1 + a)) makes that 2 ln(1 + a): the bin's
// geometric centre is within a relative a of every value in it. The exact logarithm would need
// 1 / 1.01 as many bins (DDSketch's correcting factor 7 / (10 ln 2) = 1.01). MARGIN makes bins
// narrower by 1e-8 relative, which covers rounding in L (|error| < 1e-12 in units of L) for values
// at a bin edge and in the bin centre.
constexpr double MAX_LOG_PER_UNIT = 0.7;
constexpr double MARGIN = 1.0 + 1e-8;

// Empty bins added on each side when the window grows, so the window settles after a few values.
constexpr long GROW_MARGIN = 32;

}  // namespace

const double QuantileSketch::MULTIPLIER =
    MAX_LOG_PER_UNIT / (2.0 * std::log1p(QuantileSketch::RELATIVE_ACCURACY)) * MARGIN;

QuantileSketch::QuantileSketch(double anchor) {
  const double a = anchor > 0 && std::isfinite(anchor) ? anchor : 1.0;
  // Subnormal and non-finite values have no bin of their own (their exponent field is 0 or all
  // ones), so the limits stay strictly between the bins of the smallest and largest normal
  // doubles.
  lo_limit_ = std::max(index(a / RANGE), index(std::numeric_limits<double>::min()) + 1);
  hi_limit_ = std::min(index(a * RANGE), index(std::numeric_limits<double>::max()) - 1);
}

// GCC warns that F64x4 arguments change the calling convention without AVX; the functions taking
// them are always inlined, into the AVX2 add or the baseline one, so no call passes one.
#pragma GCC diagnostic ignored "-Wpsabi"

// Four lanes of index(): GCC/Clang vector extensions, two SSE2 operations of two lanes (x86-64's
// baseline), or one AVX2 operation of four where the CPU has it (simd_kernel.hpp). Every lane is
// the same double arithmetic as index() in the same order (no FMA: the build has
// -ffp-contract=off, and AVX2 alone has none), so each value gets exactly its scalar bin.
struct QuantileSketch::Lanes {
  using F64x2 = double __attribute__((vector_size(16)));
  using F64x4 = double __attribute__((vector_size(32)));
  using U64x2 = std::uint64_t __attribute__((vector_size(16)));
  using U64x4 = std::uint64_t __attribute__((vector_size(32)));
  using I32x4 = std::int32_t __attribute__((vector_size(16)));

  // MULTIPLIER L(x) of two or four values (F, with U its bits), index() before its truncation.
  template <class F, class U>
  [[gnu::always_inline]] static F scaled_log_like(F value) {
    U bits;
    std::memcpy(&bits, &value, sizeof bits);
    const auto as_f64 = [](U b) {
      F x;
      std::memcpy(&x, &b, sizeof x);
      return x;
    };
    // The exponent (with the sign bit) is below 2^12, so 2^52 + exponent holds it exactly as its
    // mantissa and the subtraction is the exact conversion; SSE2 has no packed one from 64 bits.
    constexpr std::uint64_t TWO_POW_52_BITS = 0x4330000000000000ull;
    const F exponent = as_f64((bits >> 52) | TWO_POW_52_BITS) - 4503599627370496.0;
    const F s = as_f64((bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull) - 1.0;
    const F log_like = ((CUBIC_A * s + CUBIC_B) * s + CUBIC_C) * s;
    return (exponent + log_like) * MULTIPLIER;
  }

  // index() of values[0], values[stride], values[2 stride], values[3 stride]. The packed
  // truncation to 32 bits is index()'s truncation to long: 0 <= exponent < 2^12 and
  // 0 <= P(s) <= 1 (up to rounding), so 0 <= MULTIPLIER L < 2^12 * 701 < 2^22 for every double,
  // NaN and infinities included.
  template <bool WIDE>
  [[gnu::always_inline]] static I32x4 index4(const double* values, std::size_t stride) {
    if constexpr (WIDE) {
      const F64x4 four = {values[0], values[stride], values[2 * stride], values[3 * stride]};
      return __builtin_convertvector(scaled_log_like<F64x4, U64x4>(four), I32x4);
    } else {
      const F64x2 low = {values[0], values[stride]};
      const F64x2 high = {values[2 * stride], values[3 * stride]};
      const F64x4 scaled = __builtin_shufflevector(scaled_log_like<F64x2, U64x2>(low),
                                                   scaled_log_like<F64x2, U64x2>(high), 0, 1, 2, 3);
      return __builtin_convertvector(scaled, I32x4);
    }
  }

  // QuantileSketch::add with index4<WIDE>.
  template <bool WIDE>
  [[gnu::always_inline]] static void add(QuantileSketch& sketch, const double* values,
                                         std::size_t n, std::size_t stride) {
    // The window in locals, so the loop keeps it in registers (its start in every lane);
    // place_outside may move it. Bins are below 2^22 (index4), so its bounds fit 32 bits.
    I32x4 lo;
    std::uint32_t size;
    std::uint32_t* bins;
    const auto load_window = [&] {
      lo = I32x4{} + static_cast<std::int32_t>(sketch.lo_bin_);
      size = static_cast<std::uint32_t>(sketch.bins_.size());
      bins = sketch.bins_.data();
    };
    load_window();
    std::size_t k = 0;
    for (; k + 4 <= n; k += 4) {
      const double* four = values + k * stride;
      const I32x4 bin = index4<WIDE>(four, stride);
      I32x4 offset = bin - lo;
      for (std::size_t j = 0; j < 4; ++j) {
        // Offsets below the window wrap to above 2^31 as unsigned.
        const auto inside = static_cast<std::uint32_t>(offset[j]);
        if (inside < size) {
          ++bins[inside];
          continue;
        }
        // Zeros (whole series of them, as final demand of supply sectors) never move the window.
        const double value = four[j * stride];
        if (value == 0) {
          ++sketch.zeros_;
          continue;
        }
        // In order, so the window grows exactly as with single adds; the later lanes' bins stay.
        sketch.place_outside(value, bin[j]);
        load_window();
        offset = bin - lo;
      }
    }
    for (; k < n; ++k)
      sketch.place(values[k * stride]);
  }

  static void add_baseline(QuantileSketch& sketch, const double* values, std::size_t n,
                           std::size_t stride) {
    add<false>(sketch, values, n, stride);
  }

#if defined(__x86_64__) || defined(__i386__)
#define REGIOSIM_HAVE_AVX2_KERNEL 1
  [[gnu::target("avx2")]] static void add_avx2(QuantileSketch& sketch, const double* values,
                                               std::size_t n, std::size_t stride) {
    add<true>(sketch, values, n, stride);
  }
#endif
};

void QuantileSketch::index4(const double* values, std::size_t stride, std::int32_t* out) {
  const Lanes::I32x4 bins = Lanes::index4<false>(values, stride);
  std::memcpy(out, &bins, sizeof bins);
}

void QuantileSketch::add(const double* values, std::size_t n, std::size_t stride) {
  if (n > MAX_COUNT - count_) throw_full();
  count_ += n;
#if defined(REGIOSIM_HAVE_AVX2_KERNEL)
  if (use_avx2()) return Lanes::add_avx2(*this, values, n, stride);
#endif
  Lanes::add_baseline(*this, values, n, stride);
}

void QuantileSketch::throw_full() {
  throw std::length_error("a quantile sketch holds at most 2^32 - 1 values");
}

void QuantileSketch::place_outside(double value, long bin) {
  if (value == 0) {  // exactly zero (e.g. final demand of a supply sector): reported as 0
    ++zeros_;
  } else if (!(value > 0)) {  // negative or NaN: ordered first, reported as NaN if reached
    ++negative_;
  } else if (bin < lo_limit_) {
    ++underflow_;
  } else if (bin > hi_limit_) {
    ++overflow_;
  } else {
    grow_to(bin);
    ++bins_[static_cast<std::size_t>(bin - lo_bin_)];
  }
}

// Widens the window [lo_bin_, lo_bin_ + size) to cover `bin` with a margin, at least doubling it,
// within the limits; the counts move once per growth, so adds stay amortised O(1).
void QuantileSketch::grow_to(long bin) {
  const long size = static_cast<long>(bins_.size());
  long lo = bin;
  long hi = bin + 1;  // exclusive
  if (size > 0) {
    lo = std::min(lo, lo_bin_);
    hi = std::max(hi, lo_bin_ + size);
  }
  const long extra = std::max(GROW_MARGIN, size / 2);
  lo = std::max(lo - (bin < lo_bin_ || size == 0 ? extra : 0), lo_limit_);
  hi = std::min(hi + (bin >= lo_bin_ + size || size == 0 ? extra : 0), hi_limit_ + 1);
  std::vector<std::uint32_t> grown(static_cast<std::size_t>(hi - lo), 0);
  if (size > 0) std::copy(bins_.begin(), bins_.end(), grown.begin() + (lo_bin_ - lo));
  bins_ = std::move(grown);
  lo_bin_ = lo;
}

void QuantileSketch::merge(const QuantileSketch& other) {
  assert(lo_limit_ == other.lo_limit_ && hi_limit_ == other.hi_limit_);
  if (other.count_ > MAX_COUNT - count_) throw_full();
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
  std::vector<std::uint32_t> merged(static_cast<std::size_t>(hi - lo), 0);
  for (std::size_t i = 0; i < bins_.size(); ++i)
    merged[static_cast<std::size_t>(lo_bin_ - lo) + i] += bins_[i];
  for (std::size_t i = 0; i < other.bins_.size(); ++i) {
    merged[static_cast<std::size_t>(other.lo_bin_ - lo) + i] += other.bins_[i];
  }
  bins_ = std::move(merged);
  lo_bin_ = lo;
}

double QuantileSketch::centre(long bin) {
  // x with L(x) = y: E = floor(y), then the s in [0, 1) with P(s) = y - E by Newton's method, which
  // converges monotonically from s = 0 because P is increasing and concave on [0, 1].
  const auto inverse = [](double y) {
    const double exponent = std::floor(y);
    const double target = y - exponent;
    double s = 0;
    for (int i = 0; i < 8; ++i) {
      const double p = ((CUBIC_A * s + CUBIC_B) * s + CUBIC_C) * s - target;
      s -= p / ((3.0 * CUBIC_A * s + 2.0 * CUBIC_B) * s + CUBIC_C);
    }
    return std::ldexp(1.0 + std::clamp(s, 0.0, 1.0), static_cast<int>(exponent) - 1023);
  };
  const double lower = inverse(static_cast<double>(bin) / MULTIPLIER);
  const double upper = inverse(static_cast<double>(bin + 1) / MULTIPLIER);
  return lower * std::sqrt(upper / lower);
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
    out[k] = centre(lo_bin_ + static_cast<long>(bin));
  }
}

}  // namespace regiosim
