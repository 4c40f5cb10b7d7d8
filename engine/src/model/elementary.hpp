#pragma once
// exp and log of our own for the year step (PathSimulator), Box-Muller and the runner's rate
// sketches: array versions two lanes at a time in GCC/Clang vector extensions (SSE2 on x86-64,
// NEON on ARM) or four in AVX2 where the CPU has it (elementary.cpp), and scalar versions that run
// the same kernel on plain doubles, the same IEEE operations in the same order, so the same bits.
//
// Why not std::exp / std::log: glibc picks an FMA or a plain variant per CPU when it loads, so the
// same binary may give different last bits on different machines; these use only IEEE additions,
// multiplications and divisions in a fixed order (no FMA, no -ffast-math), so every x86-64 and ARM
// machine gives the same numbers (compiled without FMA contraction).
// They are also cheaper (no errno wrapper, two lanes per call).
//
// Algorithms and coefficients are fdlibm's (e_exp.c, e_log.c; Copyright (C) 1993 by Sun
// Microsystems, Inc. "Permission to use, copy, modify, and distribute this software is freely
// granted, provided that this notice is preserved."), errors below 1 ulp. The tests
// (tests/unit/test_elementary.cpp) measure at most 1 ulp against glibc, correctly rounded in
// practice, over millions of arguments, subnormals included. Special values behave like std::exp
// and std::log, so a non-finite value still reaches the check of MODEL.md section 10.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// A compiler may contract a * b + c into an FMA where the target has one (AArch64, or x86-64 with
// -march=haswell and later), which changes the last bits: the project's CMake compiles every
// target with -ffp-contract=off.

namespace regiosim::elementary {

using F64x2 = double __attribute__((vector_size(16)));
using U64x2 = std::uint64_t __attribute__((vector_size(16)));
using F64x4 = double __attribute__((vector_size(32)));
using U64x4 = std::uint64_t __attribute__((vector_size(32)));

namespace detail {

// GCC warns that F64x4 arguments change the calling convention without AVX; the F64x4 kernels are
// only ever inlined into AVX2 functions, so no call passes one (the files that instantiate them
// say the same for the warning GCC gives at their end).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

// The kernels below are written once for F = double (scalar), F64x2 and F64x4: the operators,
// comparisons and ?: selects of vector extensions act lane by lane as on doubles. Everything is
// always inlined, so F64x4 code is compiled for AVX2 inside the AVX2 functions that use it
// (elementary.cpp, random_stream.cpp) and never stands alone without it.
template <typename F>
using Bits = std::conditional_t<std::is_same_v<F, double>, std::uint64_t,
                                std::conditional_t<std::is_same_v<F, F64x2>, U64x2, U64x4>>;

template <typename F>
[[gnu::always_inline]] constexpr F splat(double v) {
  if constexpr (std::is_same_v<F, double>) {
    return v;
  } else {
    return F{} + v;
  }
}

template <typename F>
[[gnu::always_inline]] inline Bits<F> bits_of(F x) {
  Bits<F> bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

template <typename F>
[[gnu::always_inline]] inline F from_bits(Bits<F> bits) {
  F x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// Adding 1.5 2^52 rounds a double below 2^51 in magnitude to the nearest integer (ties to even),
// which then sits in the low mantissa bits: SSE2 has no packed rounding or 64-bit conversion.
constexpr double ROUNDING_SHIFT = 6755399441055744.0;  // 1.5 2^52

// 2^k for integer-valued k in [-1022, 1023]: k + 1023 in the exponent field. k + shift + 1023 holds
// k + 1023 in its low 12 bits, which the shift moves to the exponent, dropping the rest.
template <typename F>
[[gnu::always_inline]] inline F power_of_two(F k) {
  return from_bits<F>(bits_of(k + (ROUNDING_SHIFT + 1023.0)) << 52);
}

// Exact conversion of integers below 2^52: 2^52 + v has v as its mantissa.
template <typename F>
[[gnu::always_inline]] inline F small_to_f64(Bits<F> v) {
  constexpr double TWO_POW_52 = 4503599627370496.0;
  return from_bits<F>(v | 0x4330000000000000ull) - TWO_POW_52;
}

// True if every lane of x is in [low, high] (false for NaN).
template <typename F>
[[gnu::always_inline]] inline bool all_within(F x, double low, double high) {
  if constexpr (std::is_same_v<F, double>) {
    return x >= low && x <= high;
  } else if constexpr (std::is_same_v<F, F64x2>) {
#if defined(__SSE2__)
    // movmskpd reads both lanes' comparisons at once; GCC would move the lanes out one by one.
    __m128d v;
    std::memcpy(&v, &x, sizeof v);
    const __m128d inside =
        _mm_and_pd(_mm_cmpge_pd(v, _mm_set1_pd(low)), _mm_cmple_pd(v, _mm_set1_pd(high)));
    return _mm_movemask_pd(inside) == 3;
#else
    return x[0] >= low && x[0] <= high && x[1] >= low && x[1] <= high;
#endif
  } else {
    // No AVX intrinsics here: this header is also compiled without AVX.
    const auto inside = (x >= low) & (x <= high);
    return (inside[0] & inside[1] & inside[2] & inside[3]) != 0;
  }
}

// e^x (fdlibm e_exp.c). x = k ln2 + r with k = round(x / ln2), |r| <= ln2 / 2, r held as hi - lo
// with ln2 split in two (ln2_hi has 32 significant bits, so k ln2_hi and hi are exact);
// e^r = 1 + r + r c / (2 - c) with c = r - r^2 (P1 + ... + P5 r^8) (a Remez fit, error < 2^-59);
// then e^x = e^r 2^k. fdlibm's k = 0 and |k| = 1 branches are this formula with lo = 0 and k = +-1,
// and ties in k round to even here (away from zero in fdlibm): either gives |r| <= ln2 / 2.
struct Exp {
  template <typename F>
  [[gnu::always_inline]] F operator()(F x) const {
    // The common case, a normal result: k in [-1021, 1023], and y 2^k is exact.
    if (all_within(x, -708.0, 709.0)) {
      F k;
      const F y = reduced(x, k);
      return y * power_of_two(k);
    }
    // Beyond [-746, 710] e^x is below half the least subnormal or above the largest double, and
    // the clamped argument still rounds to 0 or overflows to +inf below; it keeps 2^k's two
    // factors normal. NaN passes through (both comparisons are false) and propagates.
    x = x < -746.0 ? splat<F>(-746.0) : x;
    x = x > 710.0 ? splat<F>(710.0) : x;
    F k;
    const F y = reduced(x, k);
    // k is in [-1076, 1024]: 2^k as two normal factors. y 2^k1 is exact, so the result is rounded
    // once, also where it is subnormal (fdlibm scales by 2^(k + 1000) and 2^-1000 there) or
    // overflows; where it is normal, it is the common case's.
    const F k1 = (k * 0.5 + ROUNDING_SHIFT) - ROUNDING_SHIFT;
    return y * power_of_two(k1) * power_of_two(k - k1);
  }

  // e^r for x = k ln2 + r, with k.
  template <typename F>
  [[gnu::always_inline]] static F reduced(F x, F& k) {
    constexpr double INV_LN2 = 1.44269504088896338700e+00;
    constexpr double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    constexpr double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
                     P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
                     P5 = 4.13813679705723846039e-08;
    k = (x * INV_LN2 + ROUNDING_SHIFT) - ROUNDING_SHIFT;
    const F hi = x - k * LN2_HI;
    const F lo = k * LN2_LO;
    const F r = hi - lo;
    const F t = r * r;
    const F c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    return 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  }
};

// ln(x) (fdlibm e_log.c): x = m 2^k with sqrt(2)/2 <= m < sqrt(2), f = m - 1, s = f / (2 + f),
// ln(m) = 2 atanh(s) = f - (f^2/2 - s (f^2/2 + R(s^2))), ln(x) = k ln2 + ln(m) with ln2 split in
// two.
struct Log {
  template <typename F>
  [[gnu::always_inline]] F operator()(F x) const {
    constexpr double INF = std::numeric_limits<double>::infinity();
    // The common case, x positive, normal and finite.
    if (all_within(x, std::numeric_limits<double>::min(), std::numeric_limits<double>::max())) {
      return of_normal(x, splat<F>(1023.0));
    }
    // Subnormals are scaled into the normal range first, as in fdlibm, and k corrected by 54.
    constexpr double TWO_POW_54 = 18014398509481984.0;
    const auto subnormal = x < std::numeric_limits<double>::min();
    const F result = of_normal(subnormal ? x * TWO_POW_54 : x,
                               subnormal ? splat<F>(1023.0 + 54.0) : splat<F>(1023.0));
    // As std::log: ln(+-0) = -inf, ln(x < 0) = NaN, ln(+inf) = +inf, ln(NaN) = NaN.
    const F special = x == 0.0  ? splat<F>(-INF)
                      : x < 0.0 ? splat<F>(std::numeric_limits<double>::quiet_NaN())
                                : x + x;
    const auto positive_finite = (x > 0.0) & (x < INF);
    return positive_finite ? result : special;
  }

  // ln(u 2^(exponent_bias - 1023)) for a positive normal u. With exponent_bias = 1023 it is also
  // Box-Muller's logarithm (log_positive in engine/src/run/random_lanes.inc).
  template <typename F>
  [[gnu::always_inline]] static F of_normal(F u, F exponent_bias) {
    constexpr double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    constexpr double LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01,
                     LG3 = 2.857142874366239149e-01, LG4 = 2.222219843214978396e-01,
                     LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01,
                     LG7 = 1.479819860511658591e-01;
    const Bits<F> bits = bits_of(u);
    const Bits<F> mantissa = bits & 0x000FFFFFFFFFFFFFull;
    // 1 where the mantissa's upper 20 bits reach sqrt(2)'s (0x6a09e, fdlibm's test): halve m.
    const Bits<F> halve = (((mantissa >> 32) + 0x95f64ull) & 0x100000ull) >> 20;
    const F m = from_bits<F>(mantissa | ((0x3FFull - halve) << 52));
    // k = biased exponent - bias + halve, an exact small integer.
    const F k = small_to_f64<F>((bits >> 52) + halve) - exponent_bias;
    const F f = m - 1.0;
    const F s = f / (2.0 + f);
    const F z = s * s;
    const F w = z * z;
    const F r = w * (LG2 + w * (LG4 + w * LG6)) + z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    const F half_f2 = 0.5 * f * f;
    return k * LN2_HI - ((half_f2 - (s * (half_f2 + r) + k * LN2_LO)) - f);
  }
};

// out[i] = kernel(in[i]) for i < n, F's lanes at a time, then two, then one; out may be in.
template <typename Kernel, typename F>
[[gnu::always_inline]] inline void apply(const double* in, double* out, std::size_t n) {
  constexpr std::size_t LANES = sizeof(F) / sizeof(double);
  std::size_t i = 0;
  for (; i + LANES <= n; i += LANES) {
    F x;
    std::memcpy(&x, in + i, sizeof x);
    const F y = Kernel{}(x);
    std::memcpy(out + i, &y, sizeof y);
  }
  if constexpr (LANES > 2) {
    if (i + 2 <= n) {
      apply<Kernel, F64x2>(in + i, out + i, 2);
      i += 2;
    }
  }
  if (i < n) out[i] = Kernel{}(in[i]);
}

#pragma GCC diagnostic pop

}  // namespace detail

inline double exp(double x) {
  return detail::Exp{}(x);
}

inline double log(double x) {
  return detail::Log{}(x);
}

// out[i] = e^in[i] for i < n (out may be in); the same bits as exp(in[i]).
void exp(const double* in, double* out, std::size_t n);

// out[i] = ln(in[i]) for i < n (out may be in); the same bits as log(in[i]).
void log(const double* in, double* out, std::size_t n);

}  // namespace regiosim::elementary
