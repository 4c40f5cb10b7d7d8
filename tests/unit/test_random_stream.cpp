// RandomStream: Philox known-answer, random access = bulk generation, independence of streams and
// paths, and the moments of the normal transform within Monte Carlo error.
#include <Random123/philox.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "regiosim/random_stream.hpp"
#include "support/forced_kernel.hpp"

using regiosim::RandomStream;
using regiosim::Stream;

TEST_CASE("Philox4x32-10 matches Random123's known-answer vector", "[unit][random]") {
  // kat_vectors: philox4x32 10, counter 0, key 0 -> 6627e8d5 e169c58d bc57ac4c 9b00dbd8.
  const r123::Philox4x32_R<10>::ctr_type counter = {{0, 0, 0, 0}};
  const r123::Philox4x32_R<10>::key_type key = {{0, 0}};
  const auto words = r123::Philox4x32_R<10>()(counter, key);
  CHECK(words[0] == 0x6627e8d5u);
  CHECK(words[1] == 0xe169c58du);
  CHECK(words[2] == 0xbc57ac4cu);
  CHECK(words[3] == 0x9b00dbd8u);
}

TEST_CASE("Box-Muller on the known-answer words gives the hand-computed normals",
          "[unit][random]") {
  // Seed 0, path 0, design point 0, stream 0, draws 0 and 1 use counter (0, 0, 0, 0). Expected
  // values computed independently in Python: u = ((hi << 21) ^ (lo >> 11) + 0.5) * 2^-53,
  // Box-Muller.
  const RandomStream rng(0, 0, 0);
  const auto stream = static_cast<Stream>(0);
  CHECK(rng.uniform(stream, 0) == Approx(0.39904647084896455).epsilon(1e-15));
  CHECK(rng.uniform(stream, 1) == Approx(0.7357127844834426).epsilon(1e-15));
  CHECK(rng.normal(stream, 0) == Approx(-0.12151797595308106).epsilon(1e-13));
  CHECK(rng.normal(stream, 1) == Approx(-1.3500326598576553).epsilon(1e-13));
}

TEST_CASE("normals are Box-Muller of the same counter's uniforms, to within 2 ulp",
          "[unit][random]") {
  // Draws 2i and 2i + 1 use the words of uniforms 2i and 2i + 1. The engine's own logarithm and
  // sine/cosine (fdlibm's polynomials, exact quadrant reduction) against a long double reference,
  // whose angle 2 pi u carries no double rounding (in double it alone would be off by up to
  // 4.4e-16). Each kernel is within 1 ulp, so a normal is within 2 ulp (4.4e-16) of a unit value;
  // the error is measured relative to the radius, as a sine near 0 has tiny values, not tiny ulp.
  const long double two_pi = 6.283185307179586476925286766559L;
  double worst = 0;
  for (std::uint64_t path = 0; path < 200; ++path) {
    const RandomStream rng(77, path);
    for (std::uint64_t i = 0; i < 2000; i += 2) {
      const long double u1 = rng.uniform(Stream::SectorPrice, i);
      const long double u2 = rng.uniform(Stream::SectorPrice, i + 1);
      const long double radius = std::sqrt(-2.0L * std::log(u1));
      const long double expected[2] = {radius * std::cos(two_pi * u2),
                                       radius * std::sin(two_pi * u2)};
      for (std::uint64_t k = 0; k < 2; ++k) {
        const long double error = std::fabs(rng.normal(Stream::SectorPrice, i + k) - expected[k]);
        worst = std::max(worst, static_cast<double>(error / radius));
      }
    }
  }
  CHECK(worst < 4.4e-16);
}

TEST_CASE("bulk normals equal random access, whatever the start", "[unit][random]") {
  const RandomStream rng(42, 7, 3);
  for (std::uint64_t first : {0u, 1u, 2u, 5u}) {
    for (std::size_t n : {0u, 1u, 2u, 3u, 8u, 9u, 63u, 64u, 65u, 130u}) {
      std::vector<double> bulk(n);
      rng.normals(Stream::SectorShock, first, bulk.data(), n);
      for (std::size_t k = 0; k < n; ++k)
        CHECK(bulk[k] == rng.normal(Stream::SectorShock, first + k));
    }
  }
}

TEST_CASE("pooled runs of normals and uniforms equal random access over many counters and keys",
          "[unit][random]") {
  // Random access goes through Random123's philox4x32 one block at a time, the pooled runs through
  // four blocks side by side, 32 pairs a pass: every number must be the same, bit for bit. Runs of
  // 0 to 6 draws, and up to 80 (spanning passes), at odd and even starts, pair indices past 2^32
  // (only the low word enters the counter), every stream, and keys, paths and design points with
  // their high bits set.
  // Each kernel the CPU has (simd_kernel.hpp) against the same random access.
  const std::uint64_t seeds[] = {0, 42, 0xFFFFFFFFFFFFFFFFull, 0x9E3779B97F4A7C15ull};
  const regiosim::test::ForcedKernel forced(
      GENERATE(regiosim::SimdKernel::Baseline, regiosim::SimdKernel::Avx2));
  if (!forced.available()) return;
  for (const bool normals : {true, false}) {
    for (const std::size_t longest : {6u, 80u}) {
      for (const std::uint64_t seed : seeds) {
        for (std::uint64_t path = 0; path < 40; ++path) {
          const RandomStream rng(seed, path * 0x01000193u,
                                 static_cast<std::uint32_t>(path * 7919u));
          std::vector<RandomStream::Draws> draws;
          std::vector<std::vector<double>> outs(30);
          for (std::size_t r = 0; r < outs.size(); ++r) {
            outs[r].resize((r * 7 + path) % (longest + 1));
            const std::uint64_t first = (path * 1000003u + r * 977u) << (r % 3 == 0 ? 31 : 0);
            draws.push_back(
                {static_cast<Stream>(1 + r % 24), first, outs[r].size(), outs[r].data()});
          }
          if (normals) {
            rng.normals(draws.data(), draws.size());
          } else {
            rng.uniforms(draws.data(), draws.size());
          }
          for (std::size_t r = 0; r < outs.size(); ++r) {
            for (std::size_t k = 0; k < outs[r].size(); ++k) {
              const std::uint64_t index = draws[r].first + k;
              REQUIRE(outs[r][k] == (normals ? rng.normal(draws[r].stream, index)
                                             : rng.uniform(draws[r].stream, index)));
            }
          }
        }
      }
    }
  }
}

TEST_CASE("uniforms are the 53-bit formula of Random123's words, bit for bit", "[unit][random]") {
  // The engine converts the 53 bits in two exact parts, two blocks' words side by side; here in
  // one scalar step: u = ((hi << 21) ^ (lo >> 11) + 0.5) 2^-53, capped below 1.
  const double cap = 1.0 - 1.0 / 9007199254740992.0;
  for (std::uint64_t path = 0; path < 50; ++path) {
    const std::uint64_t seed = 0x9E3779B97F4A7C15ull * (path + 1);
    const RandomStream rng(seed, path, 5);
    for (std::uint64_t i = 0; i < 400; ++i) {
      const std::uint64_t pair = i << (i % 2 == 0 ? 0 : 29);
      const r123::Philox4x32_R<10>::ctr_type counter = {{static_cast<std::uint32_t>(pair),
                                                         static_cast<std::uint32_t>(Stream::Retail),
                                                         static_cast<std::uint32_t>(path), 5}};
      const r123::Philox4x32_R<10>::key_type key = {
          {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
      const auto words = r123::Philox4x32_R<10>()(counter, key);
      for (std::uint64_t half = 0; half < 2; ++half) {
        const std::uint64_t bits =
            (static_cast<std::uint64_t>(words[2 * half]) << 21) ^ (words[2 * half + 1] >> 11);
        const double expected =
            std::min((static_cast<double>(bits) + 0.5) / 9007199254740992.0, cap);
        REQUIRE(rng.uniform(Stream::Retail, 2 * pair + half) == expected);
      }
    }
  }
}

TEST_CASE("numbers depend on seed, path, design point and stream", "[unit][random]") {
  const double x = RandomStream(1, 0, 0).normal(Stream::RegionalFactor, 3);
  CHECK(x == RandomStream(1, 0, 0).normal(Stream::RegionalFactor, 3));
  CHECK(x != RandomStream(2, 0, 0).normal(Stream::RegionalFactor, 3));
  CHECK(x != RandomStream(1, 1, 0).normal(Stream::RegionalFactor, 3));
  CHECK(x != RandomStream(1, 0, 1).normal(Stream::RegionalFactor, 3));
  CHECK(x != RandomStream(1, 0, 0).normal(Stream::GroupFactor, 3));
  CHECK(x != RandomStream(1, 0, 0).normal(Stream::RegionalFactor, 4));
  // The high half of the seed is part of the key.
  CHECK(x != RandomStream(1ull | (1ull << 40), 0, 0).normal(Stream::RegionalFactor, 3));
}

TEST_CASE("normals have mean 0, variance 1 and normal tails within Monte Carlo error",
          "[unit][random]") {
  // n = 400,000 draws over many paths. Tolerances are 4 standard errors of each estimator:
  // mean sd 1/sqrt(n); variance sd sqrt(2/n); P(z < 1.96) sd sqrt(p(1-p)/n); fourth moment sd
  // sqrt((105 - 9)/n).
  const std::size_t paths = 2000;
  const std::size_t per_path = 200;
  const double n = static_cast<double>(paths * per_path);
  double sum = 0, sum2 = 0, sum4 = 0, below = 0;
  std::vector<double> z(per_path);
  for (std::size_t p = 0; p < paths; ++p) {
    RandomStream(12345, p).normals(Stream::SectorShock, 0, z.data(), per_path);
    for (double x : z) {
      sum += x;
      sum2 += x * x;
      sum4 += x * x * x * x;
      below += x < 1.959963984540054 ? 1 : 0;
    }
  }
  CHECK(std::fabs(sum / n) < 4.0 / std::sqrt(n));
  CHECK(std::fabs(sum2 / n - 1.0) < 4.0 * std::sqrt(2.0 / n));
  CHECK(std::fabs(sum4 / n - 3.0) < 4.0 * std::sqrt(96.0 / n));
  CHECK(std::fabs(below / n - 0.975) < 4.0 * std::sqrt(0.975 * 0.025 / n));
}

TEST_CASE("uniforms lie in the open unit interval", "[unit][random]") {
  const RandomStream rng(9, 9);
  for (std::uint64_t i = 0; i < 10000; ++i) {
    const double u = rng.uniform(Stream::Revenue, i);
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
  }
}
