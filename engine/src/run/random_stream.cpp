#include "regiosim/random_stream.hpp"

#include <Random123/philox.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstring>

namespace regiosim {

namespace {

using Philox = r123::Philox4x32_R<10>;

constexpr double TWO_PI = 6.283185307179586476925286766559;
constexpr double TWO_POW_M53 = 1.0 / 9007199254740992.0;  // 2^-53

// 53 random bits from two 32-bit words, mapped to the open interval (0, 1): never 0, so log(u) in
// Box-Muller is finite.
inline double to_open_unit(std::uint32_t hi, std::uint32_t lo) {
  const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) ^ (lo >> 11);
  // bits + 0.5 needs 54 bits: for the largest bits it rounds up to 2^53, so cap below 1.
  return std::min((static_cast<double>(bits) + 0.5) * TWO_POW_M53, 1.0 - TWO_POW_M53);
}

struct NormalPair {
  double first;
  double second;
};

// Box-Muller's logarithm, sine and cosine are our own, from fdlibm's polynomials (e_log.c,
// k_sin.c, k_cos.c; Sun Microsystems, freely usable), within about 1 ulp: several times cheaper
// than the library calls, which handle every argument and set errno, and the same numbers with
// every libm.

// ln(u) for a positive normal double u: u = m 2^k with sqrt(2)/2 <= m < sqrt(2), f = m - 1,
// s = f / (2 + f), ln(m) = 2 atanh(s) = f - (f^2/2 - s (f^2/2 + R(s^2))).
inline double log_positive(double u) {
  std::uint64_t bits;
  std::memcpy(&bits, &u, sizeof bits);
  const std::uint64_t mantissa = bits & 0x000FFFFFFFFFFFFFull;
  // 1 where the mantissa's upper 20 bits reach sqrt(2)'s (0x6a09e, fdlibm's test): halve m.
  const std::uint64_t halve = (((mantissa >> 32) + 0x95f64) & 0x100000) >> 20;
  const std::uint64_t m_bits = mantissa | ((0x3FFull - halve) << 52);
  double m;
  std::memcpy(&m, &m_bits, sizeof m);
  const double k =
      static_cast<double>(static_cast<long>(bits >> 52) - 1023 + static_cast<long>(halve));
  constexpr double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
  constexpr double LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01,
                   LG3 = 2.857142874366239149e-01, LG4 = 2.222219843214978396e-01,
                   LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01,
                   LG7 = 1.479819860511658591e-01;
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double r = w * (LG2 + w * (LG4 + w * LG6)) + z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const double half_f2 = 0.5 * f * f;
  return k * LN2_HI - ((half_f2 - (s * (half_f2 + r) + k * LN2_LO)) - f);
}

// cos and sin of 2 pi u for u in (0, 1). The reduction is exact: v = 4u, q = round(v), t = v - q
// in [-1/2, 1/2], so the angle is q pi/2 + x with x = t pi/2 in [-pi/4, pi/4], where fdlibm's
// kernels apply; q picks the quadrant without a branch.
inline NormalPair cos_sin_two_pi(double u) {
  const double v = 4.0 * u;
  const auto q = static_cast<long>(v + 0.5);
  const double x = (v - static_cast<double>(q)) * 1.57079632679489661923;
  constexpr double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
                   S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
                   S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  constexpr double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
                   C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
                   C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  const double z = x * x;
  const double sin_x = x + z * x * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
  const double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  const double half_z = 0.5 * z;
  const double one_minus = 1.0 - half_z;
  const double cos_x = one_minus + (((1.0 - one_minus) - half_z) + z * r);
  // Quadrant q: (cos, sin) = (c, s), (-s, c), (-c, -s), (s, -c).
  const bool odd = (q & 1) != 0;
  const double cos_sign = ((q + 1) & 2) != 0 ? -1.0 : 1.0;
  const double sin_sign = (q & 2) != 0 ? -1.0 : 1.0;
  return {cos_sign * (odd ? sin_x : cos_x), sin_sign * (odd ? cos_x : sin_x)};
}

}  // namespace

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t path, std::uint32_t design_point)
    : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
      path_lo_(static_cast<std::uint32_t>(path)),
      design_point_(design_point) {}

namespace {

// Counter (pair index, stream, path, design point) -> four 32-bit words. Draw indices 2i and 2i+1
// share counter i: one Box-Muller pair.
inline Philox::ctr_type block(const std::uint32_t key[2], std::uint32_t path,
                              std::uint32_t design_point, Stream stream, std::uint64_t pair) {
  const Philox::ctr_type counter = {
      {static_cast<std::uint32_t>(pair), static_cast<std::uint32_t>(stream), path, design_point}};
  const Philox::key_type k = {{key[0], key[1]}};
  return Philox()(counter, k);
}

inline NormalPair box_muller(std::uint32_t w0, std::uint32_t w1, std::uint32_t w2,
                             std::uint32_t w3) {
  const double radius = std::sqrt(-2.0 * log_positive(to_open_unit(w0, w1)));
  const NormalPair direction = cos_sin_two_pi(to_open_unit(w2, w3));
  return {radius * direction.first, radius * direction.second};
}

inline NormalPair box_muller(const Philox::ctr_type& words) {
  return box_muller(words[0], words[1], words[2], words[3]);
}

constexpr int LANES = 4;

// Four Philox4x32-10 blocks at once, for counters (pair[i], stream[i], path, design point) under
// one key: words[w][i] is word w of block i, the same as Random123's. Philox's rounds (Salmon et
// al. 2011, "Parallel random numbers: as easy as 1, 2, 3", SC'11) are two 32x32->64-bit products
// and xors, so four counters side by side in SSE2 registers (x86-64's baseline) cost little more
// than one: _mm_mul_epu32 multiplies lanes 0 and 2, a 64-bit shift brings lanes 1 and 3 there.
#if defined(__SSE2__)
// hi and lo halves of m * x in each 32-bit lane (m the same in every lane).
inline void mul_hi_lo(__m128i m, __m128i x, __m128i& hi, __m128i& lo) {
  const __m128i even = _mm_mul_epu32(x, m);                            // lo0 hi0 lo2 hi2
  const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(x, 32), m);         // lo1 hi1 lo3 hi3
  const __m128i e = _mm_shuffle_epi32(even, _MM_SHUFFLE(3, 1, 2, 0));  // lo0 lo2 hi0 hi2
  const __m128i o = _mm_shuffle_epi32(odd, _MM_SHUFFLE(3, 1, 2, 0));   // lo1 lo3 hi1 hi3
  lo = _mm_unpacklo_epi32(e, o);
  hi = _mm_unpackhi_epi32(e, o);
}

void philox_lanes(const std::uint32_t key[2], const std::uint32_t pair[LANES],
                  const std::uint32_t stream[LANES], std::uint32_t path, std::uint32_t design_point,
                  std::uint32_t words[4][LANES]) {
  // Random123's constants (philox.h): the multipliers and the Weyl key increments.
  const __m128i m0 = _mm_set1_epi32(static_cast<int>(0xD2511F53u));
  const __m128i m1 = _mm_set1_epi32(static_cast<int>(0xCD9E8D57u));
  const __m128i bump0 = _mm_set1_epi32(static_cast<int>(0x9E3779B9u));
  const __m128i bump1 = _mm_set1_epi32(static_cast<int>(0xBB67AE85u));
  __m128i k0 = _mm_set1_epi32(static_cast<int>(key[0]));
  __m128i k1 = _mm_set1_epi32(static_cast<int>(key[1]));
  __m128i x0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(pair));
  __m128i x1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(stream));
  __m128i x2 = _mm_set1_epi32(static_cast<int>(path));
  __m128i x3 = _mm_set1_epi32(static_cast<int>(design_point));
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 = _mm_add_epi32(k0, bump0);
      k1 = _mm_add_epi32(k1, bump1);
    }
    __m128i hi0, lo0, hi1, lo1;
    mul_hi_lo(m0, x0, hi0, lo0);
    mul_hi_lo(m1, x2, hi1, lo1);
    x0 = _mm_xor_si128(_mm_xor_si128(hi1, x1), k0);
    x1 = lo1;
    x2 = _mm_xor_si128(_mm_xor_si128(hi0, x3), k1);
    x3 = lo0;
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(words[0]), x0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(words[1]), x1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(words[2]), x2);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(words[3]), x3);
}
#else
void philox_lanes(const std::uint32_t key[2], const std::uint32_t pair[LANES],
                  const std::uint32_t stream[LANES], std::uint32_t path, std::uint32_t design_point,
                  std::uint32_t words[4][LANES]) {
  for (int i = 0; i < LANES; ++i) {
    const Philox::ctr_type one =
        block(key, path, design_point, static_cast<Stream>(stream[i]), pair[i]);
    for (int w = 0; w < 4; ++w)
      words[w][i] = one[w];
  }
}
#endif

// Box-Muller pairs queued until four fill a philox_lanes call; each pair's two normals go to
// `first` and `second` where those are not null.
class PairQueue {
 public:
  PairQueue(const std::uint32_t key[2], std::uint32_t path, std::uint32_t design_point)
      : key_(key), path_(path), design_point_(design_point) {}

  void push(Stream stream, std::uint64_t pair, double* first, double* second) {
    pair_[size_] = static_cast<std::uint32_t>(pair);
    stream_[size_] = static_cast<std::uint32_t>(stream);
    first_[size_] = first;
    second_[size_] = second;
    if (++size_ == LANES) flush();
  }

  void flush() {
    if (size_ == 0) return;
    std::uint32_t words[4][LANES];
    philox_lanes(key_, pair_, stream_, path_, design_point_, words);  // unused lanes: stale input
    for (int i = 0; i < size_; ++i) {
      const NormalPair pair = box_muller(words[0][i], words[1][i], words[2][i], words[3][i]);
      if (first_[i] != nullptr) *first_[i] = pair.first;
      if (second_[i] != nullptr) *second_[i] = pair.second;
    }
    size_ = 0;
  }

 private:
  const std::uint32_t* key_;
  std::uint32_t path_;
  std::uint32_t design_point_;
  int size_ = 0;
  std::uint32_t pair_[LANES] = {};
  std::uint32_t stream_[LANES] = {};
  double* first_[LANES] = {};
  double* second_[LANES] = {};
};

}  // namespace

double RandomStream::normal(Stream stream, std::uint64_t index) const {
  const NormalPair pair = box_muller(block(key_, path_lo_, design_point_, stream, index / 2));
  return (index % 2 == 0) ? pair.first : pair.second;
}

void RandomStream::normals(Stream stream, std::uint64_t first, double* out, std::size_t n) const {
  const Draws draws = {stream, first, n, out};
  normals(&draws, 1);
}

void RandomStream::normals(const Draws* draws, std::size_t runs) const {
  PairQueue queue(key_, path_lo_, design_point_);
  for (std::size_t r = 0; r < runs; ++r) {
    const Draws& run = draws[r];
    std::size_t k = 0;
    if (run.count > 0 && run.first % 2 == 1) {  // odd start: the second half of a pair
      queue.push(run.stream, run.first / 2, nullptr, run.out);
      k = 1;
    }
    for (; k + 1 < run.count; k += 2)
      queue.push(run.stream, (run.first + k) / 2, run.out + k, run.out + k + 1);
    if (k < run.count) queue.push(run.stream, (run.first + k) / 2, run.out + k, nullptr);
  }
  queue.flush();
}

double RandomStream::uniform(Stream stream, std::uint64_t index) const {
  const Philox::ctr_type words = block(key_, path_lo_, design_point_, stream, index / 2);
  return (index % 2 == 0) ? to_open_unit(words[0], words[1]) : to_open_unit(words[2], words[3]);
}

}  // namespace regiosim
