#pragma once
// Priors for parameter uncertainty: a scenario may give a parameter a distribution instead of a
// number (the "range for sweeps" column of MODEL.md section 11), and each parameter set draws it
// once by inverse CDF, prior_quantile(prior, u). Exact inverse CDFs from Boost.Math: they run once
// per parameter set, so speed does not matter.

#include <limits>
#include <optional>
#include <string>

namespace regiosim::scenario {

// A prior, with a, b, c meaning per kind (fields a kind does not use are ignored):
// - Normal:     a mean, b sd (> 0).
// - LogNormal:  a mean, b sd (> 0) of the VARIABLE itself, not of its log: what an economist means
//               by `{prior: lognormal, mean: 0.9, sd: 0.2}`, and the prior then has exactly that
//               mean and sd. Internally ln X ~ N(mu, s^2) with s^2 = ln(1 + sd^2 / mean^2),
//               mu = ln(mean) - s^2 / 2; mean > 0.
// - Uniform:    a lo, b hi (lo < hi).
// - Beta:       a alpha, b beta (both > 0), on [0, 1]: for probabilities and shares. It is not
//               rescaled to [lo, hi] (that would need a fourth number); a bounded parameter on
//               another interval takes Uniform or Triangular.
// - Triangular: a lo, b mode, c hi (lo <= mode <= hi, lo < hi).
//
// [u_lo, u_hi] is the part of the CDF that is kept: a prior whose tail leaves the parameter's
// domain by a negligible mass (at most PRIOR_MASS_OUTSIDE_LIMIT, prior_reader.hpp) is truncated to
// the domain, and draws come from that part only.
struct Prior {
  enum class Kind { Normal, LogNormal, Uniform, Beta, Triangular };
  Kind kind;
  double a;
  double b;
  double c = 0.0;
  double u_lo = 0.0;
  double u_hi = 1.0;
  // The domain's ends the draws are kept inside (an open end moved in by one ulp): the inverse
  // CDF at u_lo or u_hi can round a hair outside.
  double x_lo = -std::numeric_limits<double>::infinity();
  double x_hi = std::numeric_limits<double>::infinity();
};

// The interval a prior's values lie in. An end is closed when it is a real number at which the
// density has a finite value (Uniform, Triangular, Beta with that shape >= 1), open otherwise: the
// infinite ends, LogNormal's 0 (ln 0 is undefined), a Beta end where the density has a pole
// (alpha < 1 at 0, beta < 1 at 1).
struct PriorSupport {
  double lo;
  double hi;
  bool lo_open;
  bool hi_open;
};

// What is wrong with a prior's parameters, naming the field as the scenario does ("sd must be > 0
// (found -0.1)"); nullopt when the prior is valid. Every number must be finite.
std::optional<std::string> prior_parameter_problem(const Prior& prior);

// The CDF at x (NaN for an invalid prior), ignoring the truncation [u_lo, u_hi].
double prior_cdf(const Prior& prior, double x);

// The value at probability u in (0, 1) of the truncated prior: the exact inverse CDF at
// u_lo + u (u_hi - u_lo). Never throws: Boost.Math runs with
// every error policy set to ignore_error, so an invalid prior (see prior_parameter_problem, which
// the scenario loader calls first) or a u outside [0, 1] gives NaN instead of an exception, and
// u = 0 or 1 gives the end of the support (possibly infinite).
double prior_quantile(const Prior& prior, double u);

// The mean of a valid prior (for LogNormal, a by construction).
double prior_mean(const Prior& prior);

// The support of a valid prior.
PriorSupport prior_support(const Prior& prior);

}  // namespace regiosim::scenario
