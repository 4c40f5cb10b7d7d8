#include "regiosim/random_stream.hpp"

// GCC warns (at the end of the file) that elementary.hpp's F64x4 kernels would pass 32-byte vectors
// by value without AVX; they are always inlined into the AVX2 functions here, so no call does.
#pragma GCC diagnostic ignored "-Wpsabi"

#include <Random123/philox.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cstring>

#include "model/elementary.hpp"
#include "simd_kernel.hpp"

namespace regiosim {

namespace {

using Philox = r123::Philox4x32_R<10>;

constexpr double TWO_POW_M53 = 1.0 / 9007199254740992.0;  // 2^-53
constexpr std::uint64_t TWO_POW_52_BITS = 0x4330000000000000ull;
constexpr double TWO_POW_52 = 4503599627370496.0;

// The kernels, once per instruction set (random_lanes.inc): two lanes, the baseline (SSE2 on
// x86-64, NEON or scalar elsewhere), and on x86 four lanes in AVX2, used where the CPU has it.
// Both give the same numbers: the same IEEE operations in the same order in every lane, and no
// FMA (AVX2 alone does not enable it).
namespace lanes2 {
constexpr int LANES = 2;
#include "run/random_lanes.inc"
}  // namespace lanes2

// GCC only: Clang rejects the AVX2 functions' calls into elementary.hpp's kernels (declared
// outside this region) as an ABI change, even where they are inlined; Clang builds use the
// baseline kernel, with the same numbers.
#if (defined(__x86_64__) || defined(__i386__)) && !defined(__clang__)
#define REGIOSIM_HAVE_AVX2_KERNEL 1
#pragma GCC push_options
#pragma GCC target("avx2")
namespace lanes4 {
constexpr int LANES = 4;
#define REGIOSIM_LANES_AVX2 1
#include "run/random_lanes.inc"
#undef REGIOSIM_LANES_AVX2
}  // namespace lanes4
#pragma GCC pop_options
#endif

using FillPairs = void (*)(bool, const std::uint32_t*, std::uint32_t, std::uint32_t,
                           const std::uint32_t*, const std::uint32_t*, std::size_t, double*);

FillPairs fill_pairs_kernel() {
#if defined(REGIOSIM_HAVE_AVX2_KERNEL)
  if (use_avx2()) return lanes4::fill_pairs;
#endif
  return lanes2::fill_pairs;
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

// Pooled draws are generated CHUNK blocks a pass (a multiple of every kernel's lanes, so the
// padding of the last lanes stays inside the arrays) into one array, then copied out.
constexpr std::size_t CHUNK = 32;
constexpr std::size_t MAX_LANES = 4;  // of the widest kernel; CHUNK is a multiple

// Every run of `draws` from whole blocks, CHUNK pairs at a time: each chunk's pairs are generated
// into one array, then each run's part of it is copied out in one piece.
void fill_runs(bool normals, const std::uint32_t key[2], std::uint32_t path,
               std::uint32_t design_point, const RandomStream::Draws* draws, std::size_t runs) {
  std::uint32_t pair[CHUNK];  // the kernels read up to a multiple of their lanes: see flush
  std::uint32_t stream[CHUNK];
  double numbers[2 * CHUNK];
  struct Piece {
    double* out;
    std::size_t from;  // index into numbers
    std::size_t count;
  };
  Piece pieces[CHUNK];  // each piece takes at least one pair of the chunk
  std::size_t pairs = 0;
  std::size_t piece_count = 0;
  const auto flush = [&] {
    for (std::size_t k = pairs; k % MAX_LANES != 0; ++k) {  // padding lanes, ignored
      pair[k] = 0;
      stream[k] = 0;
    }
    fill_pairs_kernel()(normals, key, path, design_point, pair, stream, pairs, numbers);
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
  const lanes2::Pairs pairs = lanes2::box_muller(lanes2::U64{w[0], w[0]}, lanes2::U64{w[1], w[1]},
                                                 lanes2::U64{w[2], w[2]}, lanes2::U64{w[3], w[3]});
  return (index % 2 == 0) ? pairs.first[0] : pairs.second[0];
}

void RandomStream::normals(Stream stream, std::uint64_t first, double* out, std::size_t n) const {
  const Draws draws = {stream, first, n, out};
  normals(&draws, 1);
}

void RandomStream::normals(const Draws* draws, std::size_t runs) const {
  fill_runs(true, key_, path_lo_, design_point_, draws, runs);
}

void RandomStream::uniforms(const Draws* draws, std::size_t runs) const {
  fill_runs(false, key_, path_lo_, design_point_, draws, runs);
}

double RandomStream::uniform(Stream stream, std::uint64_t index) const {
  // Draw 2i from words 0 and 1 of block i, draw 2i + 1 from words 2 and 3.
  const Philox::ctr_type words = block(key_, path_lo_, design_point_, stream, index / 2);
  const lanes2::F64 u =
      lanes2::to_open_unit(lanes2::U64{words[0], words[2]}, lanes2::U64{words[1], words[3]});
  return u[index % 2];
}

}  // namespace regiosim
