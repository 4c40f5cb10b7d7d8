// QuantileSketch: accuracy against exact order statistics, exact (bit-identical) merging in any
// order, and NaN outside its range.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "regiosim/quantile_sketch.hpp"

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
