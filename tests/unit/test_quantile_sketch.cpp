// QuantileSketch: accuracy against exact order statistics, exact (bit-identical) merging in any
// order, NaN outside its range, and the vectorised bulk add equal to single adds.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "regiosim/quantile_sketch.hpp"
#include "support/forced_kernel.hpp"

using regiosim::QuantileSketch;

TEST_CASE("sketch quantiles are within the stated relative accuracy of the order statistic",
          "[unit][stats]") {
  QuantileSketch sketch(500.0);
  std::vector<double> values;
  for (int i = 1; i <= 10001; ++i)
    values.push_back(100.0 + 0.1 * i);  // 100.1 .. 1100.1, sorted
  for (double v : values)
    sketch.add(v);
  for (double q : {0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0}) {
    const auto rank =
        static_cast<std::size_t>(std::floor(q * static_cast<double>(values.size() - 1)));
    const double exact = values[rank];
    CHECK(std::fabs(sketch.quantile(q) / exact - 1.0) <=
          QuantileSketch::RELATIVE_ACCURACY * 1.0000001);
  }
}

TEST_CASE("every binned value is within the relative accuracy of its bin centre", "[unit][stats]") {
  // The guarantee itself, value by value, over the whole range: log-uniform values (crossing every
  // octave, where the cubic index mapping is least and most stretched), powers of two and their
  // neighbours, and both ends of the range. Each one-value sketch reports its bin centre.
  const double anchor = 3.7;
  std::vector<double> values = {anchor / QuantileSketch::RANGE, anchor * QuantileSketch::RANGE};
  for (int i = 0; i <= 200000; ++i)
    values.push_back(anchor * std::pow(QuantileSketch::RANGE, i / 100000.0 - 1.0));
  for (int e = -8; e <= 11; ++e) {
    const double power = std::ldexp(1.0, e);
    values.insert(values.end(), {power, std::nextafter(power, 0.0), std::nextafter(power, 8e3)});
  }
  double worst = 0;
  for (double v : values) {
    if (v < anchor / QuantileSketch::RANGE || v > anchor * QuantileSketch::RANGE) continue;
    QuantileSketch sketch(anchor);
    sketch.add(v);
    const double error = std::fabs(sketch.quantile(0.5) / v - 1.0);
    worst = std::max(worst, error);
    INFO("value " << v);
    REQUIRE(error <= QuantileSketch::RELATIVE_ACCURACY);
  }
  // The bins are not needlessly narrow: the bound is nearly reached somewhere.
  CHECK(worst > 0.99 * QuantileSketch::RELATIVE_ACCURACY);
}

TEST_CASE("merging in any grouping gives bit-identical quantiles", "[unit][stats]") {
  std::vector<double> values;
  for (int i = 0; i < 5000; ++i)
    values.push_back(std::exp(std::sin(i * 0.37) * 2.0) * 40.0);
  QuantileSketch all(40.0);
  for (double v : values)
    all.add(v);
  for (std::size_t parts : {2u, 3u, 7u, 64u}) {
    std::vector<QuantileSketch> pieces(parts, QuantileSketch(40.0));
    for (std::size_t i = 0; i < values.size(); ++i)
      pieces[(i * 31) % parts].add(values[i]);
    QuantileSketch merged(40.0);
    for (std::size_t k = parts; k-- > 0;)
      merged.merge(pieces[k]);  // reverse order on purpose
    CHECK(merged.count() == all.count());
    for (double q : {0.05, 0.25, 0.5, 0.75, 0.95})
      CHECK(merged.quantile(q) == all.quantile(q));
  }
}

TEST_CASE("zeros are exact, and sit between negative and positive values", "[unit][stats]") {
  QuantileSketch sketch(10.0);
  sketch.add(-1.0);
  sketch.add(0.0);
  sketch.add(0.0);
  sketch.add(10.0);
  // Ranks: 0 negative, 1-2 zero, 3 positive.
  CHECK(std::isnan(sketch.quantile(0.0)));
  CHECK(sketch.quantile(0.34) == 0.0);
  CHECK(sketch.quantile(0.66) == 0.0);
  // 10 is the anchor, binned like any other value: within the accuracy bound.
  CHECK(std::fabs(sketch.quantile(1.0) / 10.0 - 1.0) <=
        QuantileSketch::RELATIVE_ACCURACY * 1.0000001);
}

TEST_CASE("empty sketches and quantiles outside the range are NaN", "[unit][stats]") {
  QuantileSketch empty(1.0);
  CHECK(std::isnan(empty.quantile(0.5)));
  QuantileSketch sketch(1.0);
  sketch.add(1e-9);  // below anchor / RANGE
  sketch.add(-3.0);  // not positive
  for (int i = 0; i < 3; ++i)
    sketch.add(1.0);
  sketch.add(1e9);  // above anchor * RANGE
  // Ranks 0-1 are below the range, 2-4 inside, 5 above.
  CHECK(std::isnan(sketch.quantile(0.0)));
  CHECK(std::isnan(sketch.quantile(0.2)));
  CHECK(sketch.quantile(0.4) == Approx(1.0).epsilon(QuantileSketch::RELATIVE_ACCURACY));
  CHECK(sketch.quantile(0.8) == Approx(1.0).epsilon(QuantileSketch::RELATIVE_ACCURACY));
  CHECK(std::isnan(sketch.quantile(1.0)));
}

TEST_CASE("quantiles in one pass equal quantile one at a time", "[unit][stats]") {
  // Negative values, zeros, underflow, bins and overflow all present, so the single walk crosses
  // every region; quantile(q) alone is checked against order statistics above.
  QuantileSketch sketch(100.0);
  for (double v : {-3.0, -1.0, 0.0, 0.0, 1e-12, 2e-12, 1e15})
    sketch.add(v);
  for (int i = 1; i <= 200; ++i)
    sketch.add(10.0 * i);
  std::vector<double> q;
  for (int k = 0; k <= 100; ++k)
    q.push_back(k / 100.0);
  std::vector<double> together(q.size());
  sketch.quantiles(q.data(), q.size(), together.data());
  for (std::size_t k = 0; k < q.size(); ++k) {
    INFO("q = " << q[k]);
    const double alone = sketch.quantile(q[k]);
    CHECK(((std::isnan(alone) && std::isnan(together[k])) || alone == together[k]));
  }
  CHECK(std::isnan(together.front()));  // a negative value
  CHECK(std::isnan(together.back()));   // the overflow
}

namespace {

double from_bits(std::uint64_t bits) {
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// The smallest double above `low` with a bin above index(low), by bisection over the bit patterns
// of positive doubles (low < high, index(low) < index(high)): the two doubles either side of a
// bin edge, where a lane's rounding differing from index() would show first.
double bin_edge(double low, double high) {
  std::uint64_t a, b;
  std::memcpy(&a, &low, sizeof a);
  std::memcpy(&b, &high, sizeof b);
  const long bin = QuantileSketch::index(low);
  while (b - a > 1) {
    const std::uint64_t mid = a + (b - a) / 2;
    (QuantileSketch::index(from_bits(mid)) > bin ? b : a) = mid;
  }
  return from_bits(b);
}

// The quantile at every rank r once (floor((r + 1/2) / (n - 1) (n - 1)) = r), as bit patterns so
// that NaN compares: equal for two sketches when every value has the same bin in both.
std::vector<std::uint64_t> every_rank(const QuantileSketch& sketch) {
  const std::uint64_t n = sketch.count();
  std::vector<double> probabilities;
  for (std::uint64_t r = 0; r + 1 < n; ++r)
    probabilities.push_back((static_cast<double>(r) + 0.5) / static_cast<double>(n - 1));
  probabilities.push_back(1.0);
  std::vector<double> out(probabilities.size());
  sketch.quantiles(probabilities.data(), probabilities.size(), out.data());
  std::vector<std::uint64_t> bits(out.size());
  std::memcpy(bits.data(), out.data(), out.size() * sizeof(double));
  return bits;
}

// values[k] at k * stride, with `filler` between them, for the strided adds to skip.
std::vector<double> spread_out(const std::vector<double>& values, std::size_t stride,
                               double filler) {
  std::vector<double> spread(values.size() * stride, filler);
  for (std::size_t k = 0; k < values.size(); ++k)
    spread[k * stride] = values[k];
  return spread;
}

}  // namespace

TEST_CASE("the four-lane index equals index() for every kind of double", "[unit][stats]") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values = {0.0,
                                -0.0,
                                inf,
                                -inf,
                                nan,
                                -nan,
                                std::numeric_limits<double>::signaling_NaN(),
                                from_bits(0x7FF0000000000001ull),  // the smallest NaN payload
                                from_bits(0xFFFFFFFFFFFFFFFFull),
                                std::numeric_limits<double>::denorm_min(),
                                -std::numeric_limits<double>::denorm_min(),
                                from_bits(0x000FFFFFFFFFFFFFull),  // the largest subnormal
                                std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::max(),
                                -std::numeric_limits<double>::max(),
                                1.0,
                                std::nextafter(1.0, 0.0),
                                std::nextafter(2.0, 0.0),
                                -1.0};
  // Bin edges through a stretch of the range around 1 and near both ends of the doubles, with the
  // doubles two either side of each edge.
  for (const double start : {0.37, 1e-300, 1e300}) {
    double low = start;
    for (int edge = 0; edge < 3000; ++edge) {
      const double e = bin_edge(low, low * 1.01);
      double x = std::nextafter(std::nextafter(e, 0.0), 0.0);
      for (int k = 0; k < 5; ++k, x = std::nextafter(x, inf)) {
        values.push_back(x);
        values.push_back(-x);
      }
      low = e;
    }
  }
  // Random bit patterns: every sign, exponent (subnormal, NaN and infinite included) and mantissa.
  std::mt19937_64 random(20240607);
  for (int i = 0; i < 200000; ++i)
    values.push_back(from_bits(random()));
  for (int i = 0; i < 50000; ++i)  // the exponent field all zeros or all ones, any mantissa
    values.push_back(
        from_bits((random() & 0x800FFFFFFFFFFFFFull) | (i % 2 == 0 ? 0 : 0x7FF0000000000000ull)));
  while (values.size() % 4 != 0)
    values.push_back(1.0);

  for (const std::size_t stride : {1u, 3u}) {
    // The lanes read values[k], values[k + stride], ...
    const std::vector<double> spread = spread_out(values, stride, -7.0);
    std::size_t mismatches = 0;
    for (std::size_t k = 0; k < values.size(); k += 4) {
      std::int32_t lanes[4];
      QuantileSketch::index4(&spread[k * stride], stride, lanes);
      for (std::size_t j = 0; j < 4; ++j) {
        if (lanes[j] == QuantileSketch::index(values[k + j])) continue;
        ++mismatches;
        INFO("value " << values[k + j] << " lane " << lanes[j] << " index "
                      << QuantileSketch::index(values[k + j]));
        CHECK(lanes[j] == QuantileSketch::index(values[k + j]));
      }
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("a strided bulk add equals single adds: counts, bins and quantiles", "[unit][stats]") {
  // On each kernel the CPU has (simd_kernel.hpp: the bins of two lanes at a time, or four in AVX2).
  const regiosim::test::ForcedKernel forced(
      GENERATE(regiosim::SimdKernel::Baseline, regiosim::SimdKernel::Avx2));
  if (!forced.available()) return;
  // Values of every kind in random order, so groups of four mix the window's fast path with zeros,
  // negative, NaN, out-of-range values and values that grow the window mid-group; n is not a
  // multiple of four, so the scalar tail runs too.
  std::mt19937_64 random(7);
  std::lognormal_distribution<double> level(std::log(50.0), 1.5);
  // First, groups whose first value grows the window downwards (moving its start) while the
  // others fall inside it: their offsets must follow the move.
  std::vector<double> values;
  for (int group = 0; group < 300; ++group)
    values.insert(values.end(), {50.0 * std::pow(0.98, group), 50.0, 60.0, 70.0});
  for (int i = 0; i < 40003; ++i) {
    const auto kind = random() % 16;
    if (kind == 0) {
      values.push_back(0.0);
    } else if (kind == 1) {
      values.push_back(-level(random));
    } else if (kind == 2) {
      values.push_back(i % 3 == 0 ? std::numeric_limits<double>::quiet_NaN() : -0.0);
    } else if (kind == 3) {
      values.push_back(level(random) * (i % 2 == 0 ? 1e-6 : 1e6));  // under- and overflow
    } else {
      values.push_back(level(random));
    }
  }
  QuantileSketch single(50.0);
  for (double v : values)
    single.add(v);
  const std::vector<std::uint64_t> expected = every_rank(single);

  for (const std::size_t stride : {1u, 5u}) {
    const std::vector<double> spread = spread_out(values, stride, 1e300);
    QuantileSketch bulk(50.0);
    bulk.add(spread.data(), values.size(), stride);
    REQUIRE(bulk.count() == single.count());
    CHECK(every_rank(bulk) == expected);
    // Merging is unaffected: bulk-added halves merge to the single-add sketch.
    QuantileSketch first(50.0), second(50.0);
    const std::size_t half = values.size() / 2 + 1;
    first.add(spread.data(), half, stride);
    second.add(spread.data() + half * stride, values.size() - half, stride);
    first.merge(second);
    CHECK(every_rank(first) == expected);
  }
}
