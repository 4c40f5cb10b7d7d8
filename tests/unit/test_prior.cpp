// Priors (scenario/prior.hpp): the quantile inverts Boost's CDF of the documented
// parameterisation, the means and the LogNormal sd are those of the distribution the quantile
// samples, supports, the message for each invalid parameter, and a grid of 10,000 quantiles
// reproduces the CDF.
#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "scenario/prior.hpp"

using regiosim::scenario::Prior;
using Kind = regiosim::scenario::Prior::Kind;

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// A prior with its CDF written independently from the documented meaning of a, b, c.
struct Case {
  const char* name;
  Prior prior;
  std::function<double(double)> cdf;
};

// ln X ~ N(mu, s^2) for a variable with mean m and sd sd.
boost::math::lognormal_distribution<double> lognormal_of(double m, double sd) {
  const double s2 = std::log(1.0 + sd * sd / (m * m));
  return {std::log(m) - 0.5 * s2, std::sqrt(s2)};
}

std::vector<Case> cases() {
  namespace bm = boost::math;
  return {
      {"normal",
       {Kind::Normal, 0.9, 0.2},
       [](double x) { return bm::cdf(bm::normal_distribution<double>(0.9, 0.2), x); }},
      {"lognormal",
       {Kind::LogNormal, 0.9, 0.2},
       [](double x) { return bm::cdf(lognormal_of(0.9, 0.2), x); }},
      {"lognormal wide",
       {Kind::LogNormal, 0.07, 0.05},
       [](double x) { return bm::cdf(lognormal_of(0.07, 0.05), x); }},
      {"uniform",
       {Kind::Uniform, 0.03, 0.12},
       [](double x) { return bm::cdf(bm::uniform_distribution<double>(0.03, 0.12), x); }},
      {"beta",
       {Kind::Beta, 2.0, 5.0},
       [](double x) { return bm::cdf(bm::beta_distribution<double>(2.0, 5.0), x); }},
      {"beta U-shaped",
       {Kind::Beta, 0.5, 0.5},
       [](double x) { return bm::cdf(bm::beta_distribution<double>(0.5, 0.5), x); }},
      {"triangular",
       {Kind::Triangular, 4.0, 5.0, 8.0},
       [](double x) { return bm::cdf(bm::triangular_distribution<double>(4.0, 5.0, 8.0), x); }},
      {"triangular, mode at lo",
       {Kind::Triangular, 0.0, 0.0, 1.0},
       [](double x) { return bm::cdf(bm::triangular_distribution<double>(0.0, 0.0, 1.0), x); }},
  };
}

}  // namespace

TEST_CASE("prior_quantile inverts the CDF of the documented parameterisation", "[unit][prior]") {
  // Boost.Math's quantiles are accurate to a few ulps of x; through the CDF that is an error of
  // density * ulps, below 1e-15 for these priors, so 1e-13 absolute leaves room for rounding. The
  // lower tail of Normal, LogNormal and Beta is checked relative to u (1e-9) down to u = 1e-12.
  // Uniform and Triangular are exact to an ulp of their range, not relative to u near lo (an x
  // just above a nonzero lo is only known to an ulp of lo, and Boost's 1 - sqrt(1 - u) for a mode
  // at lo cancels): the absolute check covers them.
  for (const Case& c : cases()) {
    INFO(c.name);
    REQUIRE_FALSE(regiosim::scenario::prior_parameter_problem(c.prior));
    for (int i = 1; i < 1000; ++i) {
      const double u = i / 1000.0;
      REQUIRE(std::fabs(c.cdf(regiosim::scenario::prior_quantile(c.prior, u)) - u) <= 1e-13);
    }
    if (c.prior.kind == Kind::Uniform || c.prior.kind == Kind::Triangular) continue;
    for (double u = 1e-3; u >= 1e-12; u /= 10) {
      REQUIRE(std::fabs(c.cdf(regiosim::scenario::prior_quantile(c.prior, u)) - u) <= 1e-9 * u);
    }
  }
}

TEST_CASE("LogNormal a, b are the mean and sd of the variable, not of its log", "[unit][prior]") {
  // mean 0.9, sd 0.2: s^2 = ln(1 + (0.2 / 0.9)^2), median exp(mu) = 0.9 / sqrt(1 + (0.2 / 0.9)^2).
  const Prior prior{Kind::LogNormal, 0.9, 0.2};
  const double ratio = 0.2 / 0.9;
  CHECK(regiosim::scenario::prior_quantile(prior, 0.5) ==
        Approx(0.9 / std::sqrt(1.0 + ratio * ratio)).epsilon(1e-14));
  // Mean and variance of the distribution prior_quantile samples: the integrals of Q(u) and
  // Q(u)^2 over (0, 1), by tanh-sinh quadrature to 1e-10 relative.
  boost::math::quadrature::tanh_sinh<double> integrator;  // integrate() is not const in Boost 1.74
  const auto q = [&](double u) { return regiosim::scenario::prior_quantile(prior, u); };
  const double mean = integrator.integrate(q, 0.0, 1.0, 1e-10);
  const double second =
      integrator.integrate([&](double u) { return q(u) * q(u); }, 0.0, 1.0, 1e-10);
  CHECK(mean == Approx(0.9).epsilon(1e-8));
  CHECK(std::sqrt(second - mean * mean) == Approx(0.2).epsilon(1e-7));
}

TEST_CASE("prior_mean is the mean of the distribution prior_quantile samples", "[unit][prior]") {
  // Analytic means, and the integral of Q(u) over (0, 1) (tanh-sinh, 1e-10 relative).
  boost::math::quadrature::tanh_sinh<double> integrator;  // integrate() is not const in Boost 1.74
  const std::vector<std::pair<Prior, double>> expected = {
      {{Kind::Normal, 0.9, 0.2}, 0.9},      {{Kind::LogNormal, 0.9, 0.2}, 0.9},
      {{Kind::Uniform, 0.03, 0.12}, 0.075}, {{Kind::Beta, 2.0, 5.0}, 2.0 / 7.0},
      {{Kind::Beta, 0.5, 0.5}, 0.5},        {{Kind::Triangular, 4.0, 5.0, 8.0}, 17.0 / 3.0},
  };
  for (const auto& [prior, mean] : expected) {
    INFO("kind " << static_cast<int>(prior.kind) << ", a " << prior.a << ", b " << prior.b);
    CHECK(regiosim::scenario::prior_mean(prior) == Approx(mean).epsilon(1e-15));
    const double integral = integrator.integrate(
        [&](double u) { return regiosim::scenario::prior_quantile(prior, u); }, 0.0, 1.0, 1e-10);
    CHECK(integral == Approx(mean).epsilon(1e-8));
  }
}

TEST_CASE("prior_support gives the ends and whether each is open", "[unit][prior]") {
  using regiosim::scenario::prior_support;
  const auto check = [](const Prior& prior, double lo, double hi, bool lo_open, bool hi_open) {
    const auto support = prior_support(prior);
    CHECK(support.lo == lo);
    CHECK(support.hi == hi);
    CHECK(support.lo_open == lo_open);
    CHECK(support.hi_open == hi_open);
  };
  check({Kind::Normal, 0.9, 0.2}, -INF, INF, true, true);
  check({Kind::LogNormal, 0.9, 0.2}, 0.0, INF, true, true);
  check({Kind::Uniform, 0.03, 0.12}, 0.03, 0.12, false, false);
  check({Kind::Beta, 2.0, 5.0}, 0.0, 1.0, false, false);
  check({Kind::Beta, 1.0, 1.0}, 0.0, 1.0, false, false);
  check({Kind::Beta, 0.5, 2.0}, 0.0, 1.0, true, false);
  check({Kind::Beta, 2.0, 0.5}, 0.0, 1.0, false, true);
  check({Kind::Triangular, 4.0, 5.0, 8.0}, 4.0, 8.0, false, false);
}

TEST_CASE("prior_parameter_problem names each invalid parameter", "[unit][prior]") {
  using regiosim::scenario::prior_parameter_problem;
  const std::vector<std::pair<Prior, std::string>> invalid = {
      {{Kind::Normal, 0.9, -0.1}, "sd must be > 0 (found -0.1)"},
      {{Kind::Normal, 0.9, 0.0}, "sd must be > 0 (found 0)"},
      {{Kind::Normal, NaN, 0.1}, "mean must be a finite number (found nan)"},
      {{Kind::Normal, 0.9, INF}, "sd must be a finite number (found inf)"},
      {{Kind::LogNormal, -0.9, 0.2}, "mean must be > 0 (found -0.9)"},
      {{Kind::LogNormal, 0.9, 0.0}, "sd must be > 0 (found 0)"},
      {{Kind::Uniform, 2.0, 1.0}, "lo must be < hi (found lo 2, hi 1)"},
      {{Kind::Uniform, 1.0, 1.0}, "lo must be < hi (found lo 1, hi 1)"},
      {{Kind::Uniform, -INF, 1.0}, "lo must be a finite number (found -inf)"},
      {{Kind::Beta, 0.0, 2.0}, "alpha must be > 0 (found 0)"},
      {{Kind::Beta, 2.0, -1.0}, "beta must be > 0 (found -1)"},
      {{Kind::Triangular, 0.0, 3.0, 2.0}, "mode must be in [lo, hi] (found mode 3, lo 0, hi 2)"},
      {{Kind::Triangular, 0.0, -1e-7, 2.0},
       "mode must be in [lo, hi] (found mode -1e-07, lo 0, hi 2)"},
      {{Kind::Triangular, 2.0, 2.0, 2.0}, "lo must be < hi (found lo 2, hi 2)"},
      {{Kind::Triangular, 0.0, NaN, 1.0}, "mode must be a finite number (found nan)"},
  };
  for (const auto& [prior, message] : invalid) {
    const auto problem = prior_parameter_problem(prior);
    REQUIRE(problem);
    CHECK(*problem == message);
    // Never throws, also for an invalid prior: NaN instead.
    double value = 0.0;
    CHECK_NOTHROW(value = regiosim::scenario::prior_quantile(prior, 0.5));
    CHECK(std::isnan(value));
  }
  CHECK_FALSE(prior_parameter_problem({Kind::Triangular, 0.0, 0.0, 1.0}));
  CHECK_FALSE(prior_parameter_problem({Kind::Triangular, 0.0, 1.0, 1.0}));
  CHECK_FALSE(prior_parameter_problem({Kind::Normal, -3.0, 0.1}));
}

TEST_CASE("prior_quantile at u = 0 and 1 gives the support's ends, without throwing",
          "[unit][prior]") {
  for (const Case& c : cases()) {
    INFO(c.name);
    const auto support = regiosim::scenario::prior_support(c.prior);
    double lo = 0.0, hi = 0.0;
    CHECK_NOTHROW(lo = regiosim::scenario::prior_quantile(c.prior, 0.0));
    CHECK_NOTHROW(hi = regiosim::scenario::prior_quantile(c.prior, 1.0));
    CHECK(lo == support.lo);
    CHECK(hi == support.hi);
    CHECK(std::isnan(regiosim::scenario::prior_quantile(c.prior, 1.5)));
  }
}

TEST_CASE("10,000 quantiles on a uniform grid reproduce the CDF (Kolmogorov-Smirnov distance)",
          "[unit][prior]") {
  // x_i = Q((i + 0.5) / n). For an exact quantile F(x_i) = (i + 0.5) / n, so the KS distance
  // between the grid's empirical CDF and F, max_i max(F(x_i) - i / n, (i + 1) / n - F(x_i)), is
  // exactly 0.5 / n; a random sample of n would give about 1.36 / sqrt(n) = 0.0136 at 5 %. Allow
  // 1e-12 of rounding. The x_i must not decrease.
  const int n = 10000;
  for (const Case& c : cases()) {
    INFO(c.name);
    double distance = 0.0;
    double previous = -INF;
    for (int i = 0; i < n; ++i) {
      const double x = regiosim::scenario::prior_quantile(c.prior, (i + 0.5) / n);
      REQUIRE(x >= previous);
      previous = x;
      const double f = c.cdf(x);
      distance =
          std::max({distance, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    CHECK(distance <= 0.5 / n + 1e-12);
  }
}
