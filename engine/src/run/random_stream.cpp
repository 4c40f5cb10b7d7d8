#include "regiosim/random_stream.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>

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

inline NormalPair box_muller(const Philox::ctr_type& words) {
  const double u1 = to_open_unit(words[0], words[1]);
  const double u2 = to_open_unit(words[2], words[3]);
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = TWO_PI * u2;
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

}  // namespace

double RandomStream::normal(Stream stream, std::uint64_t index) const {
  // Only the half of the pair that is asked for: glibc's cos and sin give the same bits as its
  // sincos, so this equals box_muller(...).first or .second at about half the trigonometric cost.
  const Philox::ctr_type words = block(key_, path_lo_, design_point_, stream, index / 2);
  const double radius = std::sqrt(-2.0 * std::log(to_open_unit(words[0], words[1])));
  const double angle = TWO_PI * to_open_unit(words[2], words[3]);
  return radius * (index % 2 == 0 ? std::cos(angle) : std::sin(angle));
}

void RandomStream::normals(Stream stream, std::uint64_t first, double* out, std::size_t n) const {
  std::size_t k = 0;
  if (n > 0 && first % 2 == 1) {  // odd start: the second half of a pair
    out[k++] = normal(stream, first);
  }
  for (; k + 1 < n; k += 2) {
    const NormalPair pair =
        box_muller(block(key_, path_lo_, design_point_, stream, (first + k) / 2));
    out[k] = pair.first;
    out[k + 1] = pair.second;
  }
  if (k < n) out[k] = normal(stream, first + k);
}

double RandomStream::uniform(Stream stream, std::uint64_t index) const {
  const Philox::ctr_type words = block(key_, path_lo_, design_point_, stream, index / 2);
  return (index % 2 == 0) ? to_open_unit(words[0], words[1]) : to_open_unit(words[2], words[3]);
}

}  // namespace regiosim
