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

constexpr double TWO_POW_M53 = 1.0 / 9007199254740992.0;  // 2^-53

// The uniforms and Box-Muller transforms of two Philox blocks side by side, in GCC/Clang vector
// extensions (two SSE2 lanes on x86-64, NEON on ARM): every lane does the scalar arithmetic in the
// same order, so each number is the one a scalar transform would give.
using F64x2 = double __attribute__((vector_size(16)));
using U64x2 = std::uint64_t __attribute__((vector_size(16)));
using I64x2 = std::int64_t __attribute__((vector_size(16)));

inline F64x2 as_f64(U64x2 bits) {
  F64x2 x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// Exact conversion of integers below 2^52: 2^52 + v has v as its mantissa. SSE2 has no packed
// conversion from 64-bit integers.
constexpr std::uint64_t TWO_POW_52_BITS = 0x4330000000000000ull;
constexpr double TWO_POW_52 = 4503599627370496.0;
inline F64x2 small_to_f64(U64x2 v) {
  return as_f64(v | TWO_POW_52_BITS) - TWO_POW_52;
}

// 53 random bits from two 32-bit words, mapped to the open interval (0, 1): never 0, so log(u) in
// Box-Muller is finite. The bits convert exactly in two parts: hi 2^21 plus lo >> 11, each exact
// and their sum below 2^53.
inline F64x2 to_open_unit(U64x2 hi, U64x2 lo) {
  const F64x2 bits = small_to_f64(hi) * 2097152.0 + small_to_f64(lo >> 11);
  // bits + 0.5 needs 54 bits: for the largest bits it rounds up to 2^53, so cap below 1.
  const F64x2 u = (bits + 0.5) * TWO_POW_M53;
  const F64x2 cap = {1.0 - TWO_POW_M53, 1.0 - TWO_POW_M53};
  return cap < u ? cap : u;
}

// Box-Muller's logarithm, sine and cosine are our own, from fdlibm's polynomials (e_log.c,
// k_sin.c, k_cos.c; Sun Microsystems, freely usable), within about 1 ulp: several times cheaper
// than the library calls, which handle every argument and set errno, and the same numbers with
// every libm.

// ln(u) for a positive normal double u: u = m 2^k with sqrt(2)/2 <= m < sqrt(2), f = m - 1,
// s = f / (2 + f), ln(m) = 2 atanh(s) = f - (f^2/2 - s (f^2/2 + R(s^2))).
inline F64x2 log_positive(F64x2 u) {
  U64x2 bits;
  std::memcpy(&bits, &u, sizeof bits);
  const U64x2 mantissa = bits & 0x000FFFFFFFFFFFFFull;
  // 1 where the mantissa's upper 20 bits reach sqrt(2)'s (0x6a09e, fdlibm's test): halve m.
  const U64x2 halve = (((mantissa >> 32) + 0x95f64ull) & 0x100000ull) >> 20;
  const F64x2 m = as_f64(mantissa | ((0x3FFull - halve) << 52));
  // k = biased exponent - 1023 + halve, an exact small integer.
  const F64x2 k = small_to_f64((bits >> 52) + halve) - 1023.0;
  constexpr double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
  constexpr double LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01,
                   LG3 = 2.857142874366239149e-01, LG4 = 2.222219843214978396e-01,
                   LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01,
                   LG7 = 1.479819860511658591e-01;
  const F64x2 f = m - 1.0;
  const F64x2 s = f / (2.0 + f);
  const F64x2 z = s * s;
  const F64x2 w = z * z;
  const F64x2 r = w * (LG2 + w * (LG4 + w * LG6)) + z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const F64x2 half_f2 = 0.5 * f * f;
  return k * LN2_HI - ((half_f2 - (s * (half_f2 + r) + k * LN2_LO)) - f);
}

struct NormalPairs {
  F64x2 first;   // cos halves
  F64x2 second;  // sin halves
};

// cos and sin of 2 pi u for u in (0, 1). The reduction is exact: v = 4u, q = round(v), t = v - q
// in [-1/2, 1/2], so the angle is q pi/2 + x with x = t pi/2 in [-pi/4, pi/4], where fdlibm's
// kernels apply; q picks the quadrant without a branch.
inline NormalPairs cos_sin_two_pi(F64x2 u) {
  const F64x2 v = 4.0 * u;
  // q = floor(v + 1/2), without SSE2's missing packed 64-bit conversions: 2^52 + y rounds y to
  // the nearest integer r, exactly, with r in its mantissa; where r > y the floor is r - 1.
  const F64x2 y = v + 0.5;
  const F64x2 shifted = y + TWO_POW_52;
  const I64x2 rounded_up = (shifted - TWO_POW_52) > y;  // -1 (all bits) where r > y, else 0
  U64x2 shifted_bits;
  std::memcpy(&shifted_bits, &shifted, sizeof shifted_bits);
  const U64x2 q = (shifted_bits - TWO_POW_52_BITS) + __builtin_convertvector(rounded_up, U64x2);
  const F64x2 x = (v - small_to_f64(q)) * 1.57079632679489661923;
  constexpr double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
                   S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
                   S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  constexpr double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
                   C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
                   C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  const F64x2 z = x * x;
  const F64x2 sin_x = x + z * x * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
  const F64x2 r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  const F64x2 half_z = 0.5 * z;
  const F64x2 one_minus = 1.0 - half_z;
  const F64x2 cos_x = one_minus + (((1.0 - one_minus) - half_z) + z * r);
  // Quadrant q: (cos, sin) = (c, s), (-s, c), (-c, -s), (s, -c), in bit operations: the swap
  // where q is odd, then the sign bit flipped where q + 1 (cosine) or q (sine) has bit 1 set.
  const U64x2 odd = -(q & 1);
  U64x2 c, s;
  std::memcpy(&c, &cos_x, sizeof c);
  std::memcpy(&s, &sin_x, sizeof s);
  const U64x2 cos_bits = ((s & odd) | (c & ~odd)) ^ (((q + 1) & 2) << 62);
  const U64x2 sin_bits = ((c & odd) | (s & ~odd)) ^ ((q & 2) << 62);
  return {as_f64(cos_bits), as_f64(sin_bits)};
}

inline F64x2 sqrt_lanes(F64x2 x) {
#if defined(__SSE2__)
  return _mm_sqrt_pd(x);  // correctly rounded, as std::sqrt
#else
  return F64x2{std::sqrt(x[0]), std::sqrt(x[1])};
#endif
}

// The normal pairs of two blocks, whose words w0..w3 are in lanes 0 and 1.
inline NormalPairs box_muller(U64x2 w0, U64x2 w1, U64x2 w2, U64x2 w3) {
  const F64x2 square = -2.0 * log_positive(to_open_unit(w0, w1));
  const F64x2 radius = sqrt_lanes(square);
  const NormalPairs direction = cos_sin_two_pi(to_open_unit(w2, w3));
  return {radius * direction.first, radius * direction.second};
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

// Pair i of a chunk is the block of counter (pair[i], stream[i]); `Transform` turns its words
// into the pair's two numbers, out[2i] and out[2i + 1]: the draws 2 pair and 2 pair + 1 of the
// stream.
constexpr std::size_t CHUNK = 32;  // pairs per pass, a multiple of LANES

struct BoxMuller {
  NormalPairs operator()(U64x2 w0, U64x2 w1, U64x2 w2, U64x2 w3) const {
    return box_muller(w0, w1, w2, w3);
  }
};
struct Uniforms {  // draw 2i from words 0 and 1 of block i, draw 2i + 1 from words 2 and 3
  NormalPairs operator()(U64x2 w0, U64x2 w1, U64x2 w2, U64x2 w3) const {
    return {to_open_unit(w0, w1), to_open_unit(w2, w3)};
  }
};

template <class Transform>
void pairs_of_blocks(const std::uint32_t key[2], std::uint32_t path, std::uint32_t design_point,
                     const std::uint32_t* pair, const std::uint32_t* stream, std::size_t count,
                     double* out) {
  for (std::size_t i = 0; i < count; i += LANES) {
    std::uint32_t words[4][LANES];
    philox_lanes(key, pair + i, stream + i, path, design_point, words);
    for (std::size_t h = 0; h < LANES && i + h < count; h += 2) {
      const auto lanes = [&](int w) { return U64x2{words[w][h], words[w][h + 1]}; };
      const NormalPairs pairs = Transform()(lanes(0), lanes(1), lanes(2), lanes(3));
      double* z = out + 2 * (i + h);
      z[0] = pairs.first[0];
      z[1] = pairs.second[0];
      z[2] = pairs.first[1];
      z[3] = pairs.second[1];
    }
  }
}

// Every run of `draws` from whole blocks, CHUNK pairs at a time: each chunk's pairs are generated
// into one array, then each run's part of it is copied out in one piece.
template <class Transform>
void fill_runs(const std::uint32_t key[2], std::uint32_t path, std::uint32_t design_point,
               const RandomStream::Draws* draws, std::size_t runs) {
  std::uint32_t pair[CHUNK] = {};
  std::uint32_t stream[CHUNK] = {};
  double numbers[2 * CHUNK + 2 * LANES];  // room for the padding of the last four-block group
  struct Piece {
    double* out;
    std::size_t from;  // index into numbers
    std::size_t count;
  };
  Piece pieces[CHUNK];  // each piece takes at least one pair of the chunk
  std::size_t pairs = 0;
  std::size_t piece_count = 0;
  const auto flush = [&] {
    pairs_of_blocks<Transform>(key, path, design_point, pair, stream, pairs, numbers);
    for (std::size_t k = 0; k < piece_count; ++k)
      std::memcpy(pieces[k].out, numbers + pieces[k].from, pieces[k].count * sizeof(double));
    pairs = 0;
    piece_count = 0;
  };
  for (std::size_t r = 0; r < runs; ++r) {
    const RandomStream::Draws& run = draws[r];
    std::uint64_t index = run.first;
    std::size_t done = 0;
    while (done < run.count) {
      if (pairs == CHUNK) flush();
      // An odd index is the second number of its pair; the run's pairs that fit in the chunk.
      const std::size_t odd = static_cast<std::size_t>(index % 2);
      const std::size_t take_pairs =
          std::min<std::size_t>((odd + run.count - done + 1) / 2, CHUNK - pairs);
      for (std::size_t k = 0; k < take_pairs; ++k) {
        pair[pairs + k] = static_cast<std::uint32_t>(index / 2 + k);
        stream[pairs + k] = static_cast<std::uint32_t>(run.stream);
      }
      const std::size_t take = std::min(run.count - done, 2 * take_pairs - odd);
      pieces[piece_count++] = {run.out + done, 2 * pairs + odd, take};
      pairs += take_pairs;
      index += take;
      done += take;
    }
  }
  if (pairs > 0) flush();
}

}  // namespace

double RandomStream::normal(Stream stream, std::uint64_t index) const {
  // One block: Random123's scalar Philox, the pair in both lanes.
  const Philox::ctr_type w = block(key_, path_lo_, design_point_, stream, index / 2);
  const NormalPairs pairs =
      box_muller(U64x2{w[0], w[0]}, U64x2{w[1], w[1]}, U64x2{w[2], w[2]}, U64x2{w[3], w[3]});
  return (index % 2 == 0) ? pairs.first[0] : pairs.second[0];
}

void RandomStream::normals(Stream stream, std::uint64_t first, double* out, std::size_t n) const {
  const Draws draws = {stream, first, n, out};
  normals(&draws, 1);
}

void RandomStream::normals(const Draws* draws, std::size_t runs) const {
  fill_runs<BoxMuller>(key_, path_lo_, design_point_, draws, runs);
}

void RandomStream::uniforms(const Draws* draws, std::size_t runs) const {
  fill_runs<Uniforms>(key_, path_lo_, design_point_, draws, runs);
}

double RandomStream::uniform(Stream stream, std::uint64_t index) const {
  // Draw 2i from words 0 and 1 of block i, draw 2i + 1 from words 2 and 3.
  const Philox::ctr_type words = block(key_, path_lo_, design_point_, stream, index / 2);
  const F64x2 u = to_open_unit(U64x2{words[0], words[2]}, U64x2{words[1], words[3]});
  return u[index % 2];
}

}  // namespace regiosim
