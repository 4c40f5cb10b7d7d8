#include "scenario/prior.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <limits>

#include "config/map_reader.hpp"

namespace regiosim::scenario {

namespace {

namespace bm = boost::math;

// Every Boost.Math error returns a value (NaN for a domain error, +-inf for an overflow) instead
// of throwing, so prior_quantile never throws (prior.hpp).
using NoThrow = bm::policies::policy<bm::policies::domain_error<bm::policies::ignore_error>,
                                     bm::policies::pole_error<bm::policies::ignore_error>,
                                     bm::policies::overflow_error<bm::policies::ignore_error>,
                                     bm::policies::evaluation_error<bm::policies::ignore_error>,
                                     bm::policies::rounding_error<bm::policies::ignore_error>>;

constexpr double INF = std::numeric_limits<double>::infinity();

// Shortest text that reads back as the same double ("-0.1", "1e-07", "inf", "nan").
std::optional<std::string> not_finite(const char* name, double x) {
  if (std::isfinite(x)) return std::nullopt;
  return std::string(name) + " must be a finite number (found " + config::shortest_text(x) + ")";
}

std::optional<std::string> not_positive(const char* name, double x) {
  if (auto problem = not_finite(name, x)) return problem;
  if (x > 0.0) return std::nullopt;
  return std::string(name) + " must be > 0 (found " + config::shortest_text(x) + ")";
}

std::optional<std::string> not_below(const char* lo_name, double lo, const char* hi_name,
                                     double hi) {
  if (auto problem = not_finite(lo_name, lo)) return problem;
  if (auto problem = not_finite(hi_name, hi)) return problem;
  if (lo < hi) return std::nullopt;
  return std::string(lo_name) + " must be < " + hi_name + " (found " + lo_name + " " +
         config::shortest_text(lo) + ", " + hi_name + " " + config::shortest_text(hi) + ")";
}

// LogNormal's a, b (mean and sd of the variable) as the parameters of ln X ~ N(mu, s^2).
bm::lognormal_distribution<double, NoThrow> lognormal(const Prior& prior) {
  const double s2 = std::log1p(prior.b * prior.b / (prior.a * prior.a));
  return {std::log(prior.a) - 0.5 * s2, std::sqrt(s2)};
}

}  // namespace

std::optional<std::string> prior_parameter_problem(const Prior& prior) {
  switch (prior.kind) {
    case Prior::Kind::Normal:
      if (auto problem = not_finite("mean", prior.a)) return problem;
      return not_positive("sd", prior.b);
    case Prior::Kind::LogNormal:
      if (auto problem = not_positive("mean", prior.a)) return problem;
      return not_positive("sd", prior.b);
    case Prior::Kind::Uniform:
      return not_below("lo", prior.a, "hi", prior.b);
    case Prior::Kind::Beta:
      if (auto problem = not_positive("alpha", prior.a)) return problem;
      return not_positive("beta", prior.b);
    case Prior::Kind::Triangular:
      if (auto problem = not_finite("mode", prior.b)) return problem;
      if (auto problem = not_below("lo", prior.a, "hi", prior.c)) return problem;
      if (prior.a <= prior.b && prior.b <= prior.c) return std::nullopt;
      return "mode must be in [lo, hi] (found mode " + config::shortest_text(prior.b) + ", lo " +
             config::shortest_text(prior.a) + ", hi " + config::shortest_text(prior.c) + ")";
  }
  return "unknown prior kind";
}

double prior_cdf(const Prior& prior, double x) {
  if (x == -INF) return 0.0;
  if (x == INF) return 1.0;
  switch (prior.kind) {
    case Prior::Kind::Normal:
      return bm::cdf(bm::normal_distribution<double, NoThrow>(prior.a, prior.b), x);
    case Prior::Kind::LogNormal:
      return x <= 0.0 ? 0.0 : bm::cdf(lognormal(prior), x);
    case Prior::Kind::Uniform:
      return bm::cdf(bm::uniform_distribution<double, NoThrow>(prior.a, prior.b),
                     std::clamp(x, prior.a, prior.b));
    case Prior::Kind::Beta:
      return bm::cdf(bm::beta_distribution<double, NoThrow>(prior.a, prior.b),
                     std::clamp(x, 0.0, 1.0));
    case Prior::Kind::Triangular:
      return bm::cdf(bm::triangular_distribution<double, NoThrow>(prior.a, prior.b, prior.c),
                     std::clamp(x, prior.a, prior.c));
  }
  return std::numeric_limits<double>::quiet_NaN();
}

namespace {

double untruncated_quantile(const Prior& prior, double u) {
  switch (prior.kind) {
    case Prior::Kind::Normal:
      return bm::quantile(bm::normal_distribution<double, NoThrow>(prior.a, prior.b), u);
    case Prior::Kind::LogNormal:
      return bm::quantile(lognormal(prior), u);
    case Prior::Kind::Uniform:
      return bm::quantile(bm::uniform_distribution<double, NoThrow>(prior.a, prior.b), u);
    case Prior::Kind::Beta:
      return bm::quantile(bm::beta_distribution<double, NoThrow>(prior.a, prior.b), u);
    case Prior::Kind::Triangular:
      return bm::quantile(bm::triangular_distribution<double, NoThrow>(prior.a, prior.b, prior.c),
                          u);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

double prior_quantile(const Prior& prior, double u) {
  if (prior.u_lo == 0.0 && prior.u_hi == 1.0) return untruncated_quantile(prior, u);
  const double x = untruncated_quantile(prior, prior.u_lo + u * (prior.u_hi - prior.u_lo));
  return std::isnan(x) ? x : std::clamp(x, prior.x_lo, prior.x_hi);
}

double prior_mean(const Prior& prior) {
  switch (prior.kind) {
    case Prior::Kind::Normal:
    case Prior::Kind::LogNormal:
      return prior.a;
    case Prior::Kind::Uniform:
      return 0.5 * (prior.a + prior.b);
    case Prior::Kind::Beta:
      return prior.a / (prior.a + prior.b);
    case Prior::Kind::Triangular:
      return (prior.a + prior.b + prior.c) / 3.0;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

PriorSupport prior_support(const Prior& prior) {
  switch (prior.kind) {
    case Prior::Kind::Normal:
      return {-INF, INF, true, true};
    case Prior::Kind::LogNormal:
      return {0.0, INF, true, true};
    case Prior::Kind::Uniform:
      return {prior.a, prior.b, false, false};
    case Prior::Kind::Beta:
      return {0.0, 1.0, prior.a < 1.0, prior.b < 1.0};
    case Prior::Kind::Triangular:
      return {prior.a, prior.c, false, false};
  }
  return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(), true,
          true};
}

}  // namespace regiosim::scenario
