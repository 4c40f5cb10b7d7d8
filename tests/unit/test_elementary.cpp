// elementary::exp and elementary::log (engine/src/model/elementary.hpp): within 1 ulp of glibc's
// std::exp / std::log (correctly rounded in practice) over millions of random arguments, exact
// where they must be, the special values of std::exp / std::log, and the array versions equal to
// the scalar ones bit for bit.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "model/elementary.hpp"
#include "support/forced_kernel.hpp"

namespace elementary = regiosim::elementary;

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();
constexpr double NAN_VALUE = std::numeric_limits<double>::quiet_NaN();
constexpr double LEAST_SUBNORMAL = std::numeric_limits<double>::denorm_min();

// Doubles mapped to integers in the order of their values (-0 and +0 both to 0), so that the
// difference of two is their distance in ulps, across binades and through the subnormals.
std::int64_t ordered(double x) {
  std::int64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits < 0 ? std::numeric_limits<std::int64_t>::min() - bits : bits;
}

std::int64_t ulps_between(double a, double b) {
  const std::int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// A positive finite double with uniformly random bits: every binade, subnormals included, equally
// likely (1 in 2047 draws is subnormal).
double random_positive(std::mt19937_64& generator) {
  double x = INF;
  while (!std::isfinite(x)) {
    const std::uint64_t bits = generator() >> 1;
    std::memcpy(&x, &bits, sizeof x);
  }
  return x;
}

using ArrayFunction = void (*)(const double*, double*, std::size_t);
using ScalarFunction = double (*)(double);
const ArrayFunction exp_array = elementary::exp;
const ArrayFunction log_array = elementary::log;
const ScalarFunction exp_scalar = elementary::exp;
const ScalarFunction log_scalar = elementary::log;
const auto std_exp = [](double x) { return std::exp(x); };
const auto std_log = [](double x) { return std::log(x); };

// Checks that ours (the array version, in blocks) is within 1 ulp of the reference over `count`
// arguments drawn by `draw`, naming the worst argument if not.
template <typename Draw, typename Reference>
void check_within_one_ulp(std::size_t count, Draw draw, Reference reference, ArrayFunction ours) {
  constexpr std::size_t BLOCK = 4096;
  std::vector<double> x(BLOCK), y(BLOCK);
  std::int64_t worst = 0;
  double worst_argument = 0;
  for (std::size_t done = 0; done < count; done += BLOCK) {
    for (double& v : x)
      v = draw();
    ours(x.data(), y.data(), BLOCK);
    for (std::size_t i = 0; i < BLOCK; ++i) {
      const std::int64_t u = ulps_between(y[i], reference(x[i]));
      if (u > worst) {
        worst = u;
        worst_argument = x[i];
      }
    }
  }
  INFO(worst << " ulps at argument " << worst_argument);
  CHECK(worst <= 1);
}

// Draws uniform on [low, high].
auto uniform(std::mt19937_64& generator, double low, double high) {
  return [&generator, argument = std::uniform_real_distribution<double>(low, high)]() mutable {
    return argument(generator);
  };
}

}  // namespace

TEST_CASE("the ulp distance counts across binades, signs and subnormals", "[unit][elementary]") {
  CHECK(ulps_between(1.0, std::nextafter(1.0, 2.0)) == 1);
  CHECK(ulps_between(1.0, std::nextafter(1.0, 0.0)) == 1);
  CHECK(ulps_between(0.0, LEAST_SUBNORMAL) == 1);
  CHECK(ulps_between(-LEAST_SUBNORMAL, LEAST_SUBNORMAL) == 2);
  CHECK(ulps_between(-0.0, 0.0) == 0);
}

TEST_CASE("exp is within 1 ulp of std::exp from underflow to overflow", "[unit][elementary]") {
  std::mt19937_64 generator(20250101);
  SECTION("the whole finite range, [-745.2, 710]") {
    check_within_one_ulp(2'000'000, uniform(generator, -745.2, 710.0), std_exp, exp_array);
  }
  SECTION("the model's range, [-5, 5]") {
    check_within_one_ulp(1'000'000, uniform(generator, -5.0, 5.0), std_exp, exp_array);
  }
  SECTION("subnormal results, [-745.2, -708]") {
    check_within_one_ulp(500'000, uniform(generator, -745.2, -708.0), std_exp, exp_array);
  }
  SECTION("tiny arguments, +-2^e for e in [-60, 0]") {
    auto exponent = uniform(generator, -60.0, 0.0);
    std::bernoulli_distribution negative(0.5);
    check_within_one_ulp(
        500'000, [&] { return (negative(generator) ? -1.0 : 1.0) * std::exp2(exponent()); },
        std_exp, exp_array);
  }
}

TEST_CASE("log is within 1 ulp of std::log for every positive double", "[unit][elementary]") {
  std::mt19937_64 generator(20250102);
  SECTION("random bits: every binade, subnormals included") {
    check_within_one_ulp(
        2'000'000, [&] { return random_positive(generator); }, std_log, log_array);
  }
  SECTION("subnormals") {
    std::uniform_int_distribution<std::uint64_t> mantissa(1, (std::uint64_t{1} << 52) - 1);
    const auto subnormal = [&] {
      const std::uint64_t bits = mantissa(generator);
      double x;
      std::memcpy(&x, &bits, sizeof x);
      return x;
    };
    check_within_one_ulp(200'000, subnormal, std_log, log_array);
  }
  SECTION("near 1, where ln x is small: [0.5, 2]") {
    check_within_one_ulp(1'000'000, uniform(generator, 0.5, 2.0), std_log, log_array);
  }
  SECTION("the model's magnitudes, 10^u for u in [-6, 8]") {
    auto exponent = uniform(generator, -6.0, 8.0);
    check_within_one_ulp(
        1'000'000, [&] { return std::pow(10.0, exponent()); }, std_log, log_array);
  }
}

TEST_CASE("exp and log are exact where the value is exact", "[unit][elementary]") {
  CHECK(same_bits(elementary::exp(0.0), 1.0));
  CHECK(same_bits(elementary::exp(-0.0), 1.0));
  CHECK(same_bits(elementary::log(1.0), 0.0));
  // ln 2^k = k ln2 to within the rounding of k ln2.
  CHECK(ulps_between(elementary::log(1024.0), 10.0 * std::log(2.0)) <= 1);
  // The extremes: the least subnormal and the largest double.
  CHECK(ulps_between(elementary::log(LEAST_SUBNORMAL), std::log(LEAST_SUBNORMAL)) <= 1);
  const double largest = std::numeric_limits<double>::max();
  CHECK(ulps_between(elementary::log(largest), std::log(largest)) <= 1);
}

TEST_CASE("exp and log have std::exp's and std::log's special values", "[unit][elementary]") {
  SECTION("exp") {
    CHECK(elementary::exp(INF) == INF);
    CHECK(same_bits(elementary::exp(-INF), 0.0));
    CHECK(std::isnan(elementary::exp(NAN_VALUE)));
    CHECK(std::isnan(elementary::exp(-NAN_VALUE)));
    // Overflow above ln(largest double) = 709.782712893383973096 (fdlibm's o_threshold): the
    // threshold itself is finite, the next double up is +inf.
    const double overflow = 7.09782712893383973096e+02;
    CHECK(std::isfinite(elementary::exp(overflow)));
    CHECK(elementary::exp(std::nextafter(overflow, INF)) == INF);
    CHECK(elementary::exp(1000.0) == INF);
    CHECK(elementary::exp(1e300) == INF);
    // Underflow below -745.133219101941108420 (fdlibm's u_threshold): the least subnormal at the
    // threshold, 0 beyond.
    const double underflow = -7.45133219101941108420e+02;
    CHECK(same_bits(elementary::exp(underflow), LEAST_SUBNORMAL));
    CHECK(same_bits(elementary::exp(std::nextafter(underflow, -INF)), 0.0));
    CHECK(same_bits(elementary::exp(-1000.0), 0.0));
    CHECK(same_bits(elementary::exp(-1e300), 0.0));
  }
  SECTION("log") {
    CHECK(elementary::log(0.0) == -INF);
    CHECK(elementary::log(-0.0) == -INF);
    CHECK(std::isnan(elementary::log(-1.0)));
    CHECK(std::isnan(elementary::log(-LEAST_SUBNORMAL)));
    CHECK(std::isnan(elementary::log(-INF)));
    CHECK(elementary::log(INF) == INF);
    CHECK(std::isnan(elementary::log(NAN_VALUE)));
  }
}

TEST_CASE("the array versions give the scalar versions' bits, also in place",
          "[unit][elementary]") {
  // Each kernel the CPU has (simd_kernel.hpp: two lanes, or four in AVX2).
  const regiosim::test::ForcedKernel forced(
      GENERATE(regiosim::SimdKernel::Baseline, regiosim::SimdKernel::Avx2));
  if (!forced.available()) return;
  std::mt19937_64 generator(20250103);
  std::uniform_real_distribution<double> exp_argument(-750.0, 715.0);
  // An odd length, so that the last element takes the single-lane path; specials in both lanes.
  std::vector<double> x = {0.0, -0.0, INF, -INF, NAN_VALUE, 1.0, -1.0, LEAST_SUBNORMAL};
  while (x.size() < 100'000) {
    x.push_back(exp_argument(generator));
    x.push_back(random_positive(generator));
  }
  x.push_back(exp_argument(generator));
  const auto check = [&](const char* name, ArrayFunction array, ScalarFunction scalar) {
    INFO(name);
    // Short lengths end in every mix of the four-, two- and one-lane paths.
    for (const std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5},
                                std::size_t{6}, std::size_t{7}, x.size()}) {
      INFO("length " << n);
      std::vector<double> y(n);
      array(x.data(), y.data(), n);
      std::vector<double> in_place(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n));
      array(in_place.data(), in_place.data(), n);
      std::size_t mismatches = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (!same_bits(y[i], scalar(x[i])) || !same_bits(in_place[i], y[i])) ++mismatches;
      }
      CHECK(mismatches == 0);
    }
  };
  check("exp", exp_array, exp_scalar);
  check("log", log_array, log_scalar);
}
