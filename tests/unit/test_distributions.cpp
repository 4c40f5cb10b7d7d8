// Random variates (run/distributions.hpp): the normal quantile against high-precision values, the
// fixed draw-index layout of the gamma sampler, and the moments and tails of every variate within
// Monte Carlo error. Every statistical tolerance is 4 standard errors of the estimator, derived in
// the comment next to it; with about 20 such checks a correct sampler fails one with probability
// about 20 * 6.3e-5 = 1.3e-3, and the seeds are fixed, so a pass is reproducible.
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "regiosim/random_stream.hpp"
#include "run/distributions.hpp"

using regiosim::RandomStream;
using regiosim::Stream;

namespace {

// Test-only stream ids, far from the model's.
const auto TEST_STREAM = static_cast<Stream>(100);
const auto MIXING_STREAM = static_cast<Stream>(101);

constexpr std::uint64_t SEED = 20240607;
constexpr std::uint64_t PATHS = 1000;
constexpr std::uint64_t PER_PATH = 200;
constexpr double N = static_cast<double>(PATHS * PER_PATH);  // 200,000 variates per check

// Calls f(rng, k) for the PER_PATH variates k of each of PATHS paths.
template <class F>
void for_each_variate(F&& f) {
  for (std::uint64_t path = 0; path < PATHS; ++path) {
    const RandomStream rng(SEED, path);
    for (std::uint64_t k = 0; k < PER_PATH; ++k)
      f(rng, k);
  }
}

}  // namespace

TEST_CASE("normal_quantile matches high-precision values", "[unit][random]") {
  // References: the exact quantile of the given double p, by mpmath at 60 digits (scipy's ndtri
  // agrees to the 16 digits it prints). AS241 is accurate to about 1e-16 relative; 1e-15 allows a
  // few roundings.
  const double eps = 1e-15;
  CHECK(regiosim::normal_quantile(0.975) == Approx(1.9599639845400538556).epsilon(eps));
  CHECK(regiosim::normal_quantile(1e-10) == Approx(-6.3613409024040561991).epsilon(eps));
  CHECK(regiosim::normal_quantile(1e-20) == Approx(-9.2623400897984075796).epsilon(eps));
  CHECK(regiosim::normal_quantile(1e-300) == Approx(-37.047096299361199237).epsilon(eps));
  CHECK(regiosim::normal_quantile(0.3) == Approx(-0.52440051270804081597).epsilon(eps));
  CHECK(regiosim::normal_quantile(0.02425) == Approx(-1.9729610513118848376).epsilon(eps));
  CHECK(regiosim::normal_quantile(0.999) == Approx(3.0902323061678132778).epsilon(eps));
  CHECK(regiosim::normal_quantile(0.5 + 1e-9) == Approx(2.5066282037387114376e-9).epsilon(eps));
  // The largest double below 1, as the upper far tail (r > 5) sees it.
  CHECK(regiosim::normal_quantile(1.0 - 0x1p-53) == Approx(8.2095361516013868556).epsilon(eps));
  // The brief's value for decimal 0.975 (it differs from the double's by 2e-16 relative).
  CHECK(regiosim::normal_quantile(0.975) == Approx(1.959963984540054).epsilon(eps));

  CHECK(regiosim::normal_quantile(0.5) == 0.0);
  CHECK(regiosim::normal_quantile(0.0) == -std::numeric_limits<double>::infinity());
  CHECK(regiosim::normal_quantile(1.0) == std::numeric_limits<double>::infinity());
  CHECK(std::isnan(regiosim::normal_quantile(-0.1)));
  CHECK(std::isnan(regiosim::normal_quantile(1.5)));
  CHECK(std::isnan(regiosim::normal_quantile(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("normal_cdf matches high-precision values", "[unit][random]") {
  // mpmath references; erfc is accurate to a few ulps, also deep in the lower tail.
  CHECK(regiosim::normal_cdf(0.0) == 0.5);
  CHECK(regiosim::normal_cdf(1.0) == Approx(0.84134474606854294859).epsilon(1e-15));
  CHECK(regiosim::normal_cdf(5.0) == Approx(0.99999971334842812081).epsilon(1e-15));
  CHECK(regiosim::normal_cdf(-10.0) == Approx(7.619853024160526066e-24).epsilon(1e-14));
  CHECK(regiosim::normal_cdf(-37.5) == Approx(4.6053530095819548438e-308).epsilon(1e-13));
}

TEST_CASE("normal_cdf inverts normal_quantile", "[unit][random]") {
  // Body: 1e-14 relative. Tails: 1e-10 relative, for p from 1e-300 to 0.02 (an error dx in the
  // quantile moves Phi by |x| dx relative in the lower tail, and |x| reaches 37).
  for (int i = 1; i < 1000; ++i) {
    const double p = 0.02 + 0.96 * i / 1000.0;
    REQUIRE(std::fabs(regiosim::normal_cdf(regiosim::normal_quantile(p)) - p) <= 1e-14 * p);
  }
  for (double p = 0.02; p > 1e-300; p *= 0.37) {
    REQUIRE(std::fabs(regiosim::normal_cdf(regiosim::normal_quantile(p)) - p) <= 1e-10 * p);
    // The upper tail through the symmetry Phi(-x) = 1 - Phi(x), which keeps 1 - p exact.
    REQUIRE(regiosim::normal_quantile(1.0 - p) ==
            Approx(-regiosim::normal_quantile(1.0 - (1.0 - p))).epsilon(1e-14));
  }
}

TEST_CASE("gamma variate k reads only its block of draw indices", "[unit][random]") {
  // The documented layout (distributions.hpp), re-implemented here from the header's words:
  // attempt j uses the normal at k * GAMMA_DRAWS + j and the uniform at
  // k * GAMMA_DRAWS + GAMMA_ATTEMPTS + j; shape < 1 multiplies by U^(1/shape) with U at
  // k * GAMMA_DRAWS + 2 * GAMMA_ATTEMPTS.
  const auto by_layout = [](const RandomStream& rng, std::uint64_t k, double shape) {
    const std::uint64_t first = k * regiosim::GAMMA_DRAWS;
    const double a = shape < 1.0 ? shape + 1.0 : shape;
    const double d = a - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    double value = a;
    for (std::uint64_t j = 0; j < regiosim::GAMMA_ATTEMPTS; ++j) {
      const double x = rng.normal(TEST_STREAM, first + j);
      if (1.0 + c * x <= 0.0) continue;
      const double v = std::pow(1.0 + c * x, 3);
      const double u = rng.uniform(TEST_STREAM, first + regiosim::GAMMA_ATTEMPTS + j);
      if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) {
        value = d * v;
        break;
      }
    }
    if (shape < 1.0)
      value *=
          std::pow(rng.uniform(TEST_STREAM, first + 2 * regiosim::GAMMA_ATTEMPTS), 1.0 / shape);
    return value;
  };
  STATIC_REQUIRE(regiosim::GAMMA_ATTEMPTS % 2 == 0);  // normals and uniforms in separate pairs
  const RandomStream rng(SEED, 3);
  for (double shape : {0.7, 1.0, 2.5, 10.0}) {
    for (std::uint64_t k = 0; k < 2000; ++k) {
      // The squeeze in the engine only short-cuts the exact test, so the two agree to rounding.
      REQUIRE(regiosim::gamma_variate(rng, TEST_STREAM, k, shape) ==
              Approx(by_layout(rng, k, shape)).epsilon(1e-13));
    }
  }
}

TEST_CASE("gamma variates have mean and variance shape within Monte Carlo error",
          "[unit][random]") {
  // Gamma(a, 1): mean a, variance a, central fourth moment 3a^2 + 6a. SE of the mean sqrt(a / n);
  // the variance is estimated about the true mean, (1/n) sum (x - a)^2, with SE
  // sqrt((3a^2 + 6a - a^2) / n).
  for (double a : {0.7, 2.5, 10.0}) {
    double sum = 0, sum_sq = 0, smallest = std::numeric_limits<double>::infinity();
    for_each_variate([&](const RandomStream& rng, std::uint64_t k) {
      const double x = regiosim::gamma_variate(rng, TEST_STREAM, k, a);
      sum += x;
      sum_sq += (x - a) * (x - a);
      smallest = std::min(smallest, x);
    });
    INFO("shape " << a);
    CHECK(smallest > 0.0);
    CHECK(std::fabs(sum / N - a) < 4.0 * std::sqrt(a / N));
    CHECK(std::fabs(sum_sq / N - a) < 4.0 * std::sqrt((2.0 * a * a + 6.0 * a) / N));
  }
}

TEST_CASE("Student-t innovations have unit variance and t(nu) tails", "[unit][random]") {
  // t = z * mixing, z the normal of a test stream at index k, mixing from the mixing stream at
  // variate k. For unit-variance t(nu), E t^4 = 3 + 6 / (nu - 4) (finite for nu > 4), so the SE of
  // the mean of t^2 is sqrt((E t^4 - 1) / n). The share with |t| > 3 is binomial with
  // p = P(|T| > 3 sqrt(nu / (nu - 2))) for T ~ t(nu) (0.01172 for nu = 5, 0.00830 for nu = 8.3),
  // SE sqrt(p (1 - p) / n).
  for (double nu : {5.0, 8.3}) {
    double sum_sq = 0, beyond = 0;
    for_each_variate([&](const RandomStream& rng, std::uint64_t k) {
      const double t =
          rng.normal(TEST_STREAM, k) * regiosim::student_t_mixing(rng, MIXING_STREAM, k, nu);
      sum_sq += t * t;
      beyond += std::fabs(t) > 3.0 ? 1 : 0;
    });
    const double fourth = 3.0 + 6.0 / (nu - 4.0);
    const boost::math::students_t_distribution<double> t_nu(nu);
    const double p =
        2.0 * boost::math::cdf(boost::math::complement(t_nu, 3.0 * std::sqrt(nu / (nu - 2.0))));
    INFO("nu " << nu);
    CHECK(std::fabs(sum_sq / N - 1.0) < 4.0 * std::sqrt((fourth - 1.0) / N));
    CHECK(std::fabs(beyond / N - p) < 4.0 * std::sqrt(p * (1.0 - p) / N));
  }
}

TEST_CASE("the mixing factor of variate k does not depend on other variates", "[unit][random]") {
  const RandomStream rng(SEED, 11);
  const std::uint64_t n = 500;
  std::vector<double> sequential(n);
  for (std::uint64_t k = 0; k < n; ++k)
    sequential[k] = regiosim::student_t_mixing(rng, MIXING_STREAM, k, 5.0);
  // Backwards, interleaved with other variates of the same stream and of other shapes.
  for (std::uint64_t k = n; k-- > 0;) {
    (void)regiosim::gamma_variate(rng, MIXING_STREAM, (k * 7919) % n, 0.3);
    REQUIRE(regiosim::student_t_mixing(rng, MIXING_STREAM, k, 5.0) == sequential[k]);
  }
  // A fresh stream object for the same path gives the same numbers.
  CHECK(regiosim::student_t_mixing(RandomStream(SEED, 11), MIXING_STREAM, 123, 5.0) ==
        sequential[123]);
}

TEST_CASE("truncated lognormal stays below the cap and has the truncated mean", "[unit][random]") {
  // J1 severity defaults: mean 1, sd 0.5, truncated at 2.5. ln S ~ N(mu, s^2) before truncation,
  // z_u = (ln 2.5 - mu) / s; the truncated moments are E[S^r] = exp(r mu + r^2 s^2 / 2)
  // Phi(z_u - r s) / Phi(z_u). SE of the mean sqrt((E S^2 - (E S)^2) / n).
  const regiosim::TruncatedLognormal severity(1.0, 0.5, 2.5);
  const double s2 = std::log(1.25);
  const double s = std::sqrt(s2);
  const double mu = -0.5 * s2;
  const double z_u = (std::log(2.5) - mu) / s;
  const double kept = regiosim::normal_cdf(z_u);
  const double mean = regiosim::normal_cdf(z_u - s) / kept;  // exp(mu + s^2 / 2) = 1
  const double second = std::exp(2.0 * mu + 2.0 * s2) * regiosim::normal_cdf(z_u - 2.0 * s) / kept;
  // The number documented in distributions.hpp (mpmath, 30 digits: 0.970105139543231540).
  CHECK(severity.mean() == Approx(0.970105139543231540).epsilon(1e-12));
  CHECK(severity.mean() == Approx(mean).epsilon(1e-14));

  double sum = 0, largest = 0;
  for_each_variate([&](const RandomStream& rng, std::uint64_t k) {
    const double x = severity.quantile(rng.uniform(TEST_STREAM, k));
    sum += x;
    largest = std::max(largest, x);
  });
  CHECK(largest <= 2.5);
  CHECK(std::fabs(sum / N - mean) < 4.0 * std::sqrt((second - mean * mean) / N));
  // The extreme uniforms: RandomStream's smallest, 2^-54; the largest double below 1; and 1
  // itself, which RandomStream's (bits + 0.5) 2^-53 rounds to for bits = 2^53 - 1.
  CHECK(severity.quantile(0x1p-54) > 0.0);
  for (double u : {1.0 - 0x1p-53, 1.0}) {
    CHECK(severity.quantile(u) <= 2.5);
    CHECK(severity.quantile(u) == Approx(2.5).epsilon(1e-12));
  }
  // No truncation: the nominal mean.
  CHECK(regiosim::TruncatedLognormal(1.0, 0.5, std::numeric_limits<double>::infinity()).mean() ==
        Approx(1.0).epsilon(1e-15));
}

TEST_CASE("Pareto variates have the Pareto mean", "[unit][random]") {
  // alpha 2.5 (finite variance), x_min 0.02: mean alpha x_min / (alpha - 1), variance
  // x_min^2 alpha / ((alpha - 1)^2 (alpha - 2)); SE of the mean sqrt(variance / n).
  const double alpha = 2.5, x_min = 0.02;
  const double mean = alpha * x_min / (alpha - 1.0);
  const double variance = x_min * x_min * alpha / ((alpha - 1.0) * (alpha - 1.0) * (alpha - 2.0));
  double sum = 0, smallest = std::numeric_limits<double>::infinity();
  for_each_variate([&](const RandomStream& rng, std::uint64_t k) {
    const double x = regiosim::pareto(alpha, x_min, rng.uniform(TEST_STREAM, k));
    sum += x;
    smallest = std::min(smallest, x);
  });
  CHECK(smallest >= x_min);
  CHECK(std::fabs(sum / N - mean) < 4.0 * std::sqrt(variance / N));
  CHECK(regiosim::pareto(alpha, x_min, 1.0) == x_min);
}

TEST_CASE("Poisson variates have mean lambda and P(N = 0) = exp(-lambda)", "[unit][random]") {
  // SE of the mean sqrt(lambda / n); P(N = 0) is binomial, SE sqrt(p0 (1 - p0) / n).
  for (double lambda : {0.5, 3.0, 40.0}) {
    double sum = 0, zeros = 0;
    for_each_variate([&](const RandomStream& rng, std::uint64_t k) {
      const int count = regiosim::poisson(lambda, rng.uniform(TEST_STREAM, k));
      sum += count;
      zeros += count == 0 ? 1 : 0;
    });
    const double p0 = std::exp(-lambda);
    INFO("lambda " << lambda);
    CHECK(std::fabs(sum / N - lambda) < 4.0 * std::sqrt(lambda / N));
    CHECK(std::fabs(zeros / N - p0) <= 4.0 * std::sqrt(p0 * (1.0 - p0) / N));
  }
}

TEST_CASE("Poisson inversion: boundaries and the documented maximum", "[unit][random]") {
  // u <= F(0) gives 0, just above gives 1.
  const double p0 = std::exp(-0.5);
  CHECK(regiosim::poisson(0.5, p0) == 0);
  CHECK(regiosim::poisson(0.5, std::nextafter(p0, 1.0)) == 1);
  CHECK(regiosim::poisson(0.0, 0.999) == 0);
  // The largest double below 1, and 1 itself (see the truncated lognormal test), stay within
  // lambda + 40 sqrt(lambda) + 40 (distributions.hpp).
  for (double lambda : {0.0, 0.2, 0.5, 1.0, 10.0, 100.0, 700.0}) {
    for (double u : {1.0 - 0x1p-53, 1.0}) {
      INFO("lambda " << lambda << ", u " << u);
      const int top = regiosim::poisson(lambda, u);
      CHECK(top >= lambda);
      CHECK(top <= lambda + 40.0 * std::sqrt(lambda) + 40.0);
    }
  }
}

TEST_CASE("Bernoulli and the two-state regime use u < p", "[unit][random]") {
  CHECK(regiosim::bernoulli(0.02, 0.0199));
  CHECK_FALSE(regiosim::bernoulli(0.02, 0.02));
  CHECK_FALSE(regiosim::bernoulli(0.0, 1e-300));
  CHECK(regiosim::bernoulli(1.0, 1.0 - 0x1p-53));
  CHECK(regiosim::next_regime(false, 0.08, 0.70, 0.05));
  CHECK_FALSE(regiosim::next_regime(false, 0.08, 0.70, 0.5));
  CHECK(regiosim::next_regime(true, 0.08, 0.70, 0.5));
  CHECK_FALSE(regiosim::next_regime(true, 0.08, 0.70, 0.75));

  // J2 defaults over 1000 paths of 200 years. Each year's uniform is independent of the past, so
  // given the number of years spent in a state the count of transitions out of it is binomial:
  // SE sqrt(p (1 - p) / years in that state).
  double normal_years = 0, entries = 0, bust_years = 0, stays = 0, pandemics = 0;
  for (std::uint64_t path = 0; path < PATHS; ++path) {
    const RandomStream rng(SEED, path);
    bool bust = false;
    for (std::uint64_t year = 0; year < PER_PATH; ++year) {
      const bool next = regiosim::next_regime(bust, 0.08, 0.70, rng.uniform(TEST_STREAM, year));
      (bust ? bust_years : normal_years) += 1;
      (bust ? stays : entries) += next ? 1 : 0;
      bust = next;
      pandemics += regiosim::bernoulli(0.02, rng.uniform(MIXING_STREAM, year)) ? 1 : 0;
    }
  }
  CHECK(std::fabs(entries / normal_years - 0.08) < 4.0 * std::sqrt(0.08 * 0.92 / normal_years));
  CHECK(std::fabs(stays / bust_years - 0.70) < 4.0 * std::sqrt(0.70 * 0.30 / bust_years));
  CHECK(std::fabs(pandemics / N - 0.02) < 4.0 * std::sqrt(0.02 * 0.98 / N));
}
