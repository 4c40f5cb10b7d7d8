#pragma once
// Random variates for the shock families of MODEL.md section 2 (M1 Student-t innovations, jumps
// J1-J3), built on RandomStream (random_stream.hpp).
//
// Reproducibility rule: every variate reads a FIXED, documented set of draw indices, so switching
// one shock family on never changes the numbers of another and path k is the same whatever else
// happens.
// - The one-uniform variates (inverse CDF, Bernoulli, Markov step) take the uniform itself: the
//   caller reads exactly one draw index per variate, u = rng.uniform(stream, index).
// - The gamma rejection sampler (and Student-t mixing, which uses it) reads, for variate k, only
//   the block of GAMMA_DRAWS indices [k * GAMMA_DRAWS, (k + 1) * GAMMA_DRAWS) of its stream, and
//   falls back deterministically when the whole block is rejected; it never reads past the block.
//   A stream used for gamma variates is used for nothing else.

#include <cstdint>

#include "regiosim/random_stream.hpp"

namespace regiosim {

// Standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2, accurate to a few ulps in relative terms
// in the lower tail (no cancellation of 1 - something).
double normal_cdf(double x);

// Phi^-1(p) by Wichura's AS241 (PPND16, Applied Statistics 37, 1988), relative error about 1e-16.
// p = 0 gives -inf, p = 1 gives +inf; p outside [0, 1] or NaN gives NaN.
double normal_quantile(double p);

// Marsaglia-Tsang attempts per gamma variate. Each attempt is rejected with probability at most
// 0.04834 (shape 1, the worst case; computed by quadrature of the acceptance probability, which
// rises with the shape), so all 24 fail with probability <= 0.04834^24 = 2.7e-32.
inline constexpr std::uint64_t GAMMA_ATTEMPTS = 24;
// Draw indices per gamma variate: attempt j reads the normal at j and the uniform at
// GAMMA_ATTEMPTS + j (relative to the block start); index 2 * GAMMA_ATTEMPTS is the uniform of the
// shape < 1 boost; the last index is unused, so the block is even. Because GAMMA_ATTEMPTS and the
// block are even, the normals and the uniforms never share a Philox counter (a normal pair and
// the two uniforms at the same pair index come from the same four words).
inline constexpr std::uint64_t GAMMA_DRAWS = 2 * GAMMA_ATTEMPTS + 2;

// Gamma(shape, scale 1) variate number `variate` of `stream`: Marsaglia and Tsang (2000, ACM TOMS
// 26(3)) for shape >= 1; for shape < 1, Gamma(shape + 1) * U^(1 / shape) with U the block's boost
// uniform. If all GAMMA_ATTEMPTS attempts are rejected (probability < 3e-32) the shape >= 1 part
// returns its mean (shape, or shape + 1 before the boost). Requires a finite shape > 0 and
// variate < 2^33 / GAMMA_DRAWS (RandomStream's counter holds the pair index in 32 bits).
double gamma_variate(const RandomStream& rng, Stream stream, std::uint64_t variate, double shape);

// M1 Student-t innovations with nu > 2 degrees of freedom (nu need not be an integer), scaled to
// unit variance: t = z * student_t_mixing(rng, mixing_stream, k, nu), with z the standard normal
// the caller would use in normal mode. Returns sqrt((nu - 2) / chi2) with chi2 = 2 Gamma(nu / 2)
// (gamma variate k of mixing_stream), so Var(t) = E[(nu - 2) / chi2] = 1 and switching t on keeps
// the normal draws of every shock. In the fallback (see gamma_variate) chi2 = nu.
double student_t_mixing(const RandomStream& rng, Stream mixing_stream, std::uint64_t variate,
                        double nu);

// A lognormal variable with the given mean and sd (of the variable, not of its log), truncated
// above at `upper`: J1 pandemic severity S (mean 1, sd 0.5, truncated at 2.5). With
// s^2 = ln(1 + sd^2 / mean^2) and mu = ln(mean) - s^2 / 2, the draw from one uniform u is
// S = exp(mu + s * Phi^-1(u * Phi((ln upper - mu) / s))).
//
// Truncation lowers the mean below the nominal one: E[S] = mean * Phi(z_u - s) / Phi(z_u), with
// z_u = (ln upper - mu) / s. For the J1 defaults (s = 0.47238, mu = -0.11157, z_u = 2.17592,
// Phi(z_u) = 0.98522, so 1.48 % of the untruncated mass lies above 2.5) the mean is 0.97011, 3.0 %
// below the nominal 1.
class TruncatedLognormal {
 public:
  // Requires mean > 0, sd > 0, upper > 0 (upper may be +inf: no truncation).
  TruncatedLognormal(double mean, double sd, double upper);

  // The variate for a uniform u in (0, 1); never above `upper`, also when rounding would put it a
  // hair above.
  double quantile(double u) const;
  // The analytic mean of the truncated variable.
  double mean() const;

 private:
  double nominal_mean_;
  double upper_;
  double s_;          // sd of ln S, before truncation
  double mu_;         // mean of ln S, before truncation
  double cdf_upper_;  // Phi((ln upper - mu) / s): the untruncated mass kept
};

// Pareto(alpha, x_min) by inversion of one uniform: x_min * u^(-1 / alpha). J3 project sizes
// (alpha 1.5 by default: finite mean alpha x_min / (alpha - 1), infinite variance). Requires
// alpha > 0, x_min > 0. The largest value is x_min * 2^(54 / alpha), from the smallest uniform
// RandomStream gives (2^-54).
double pareto(double alpha, double x_min, double u);

// Poisson(lambda) by inversion of one uniform: the smallest k with u <= F(k), summing the
// probabilities in order (J3 project arrivals, lambda 0.5 per year by default). The search stops
// once a term no longer changes the running sum (rounding can leave the sum a few ulps below 1; a
// u above it, probability about 1e-15, gets that k), so it never exceeds
// lambda + 40 sqrt(lambda) + 40 (tested for lambda up to 700). Requires 0 <= lambda <= 700, so
// exp(-lambda) is a normal double. The class keeps exp(-lambda) for many draws (the year step).
class Poisson {
 public:
  explicit Poisson(double lambda);
  int operator()(double u) const;

 private:
  double lambda_;
  double p0_;  // P(N = 0) = exp(-lambda)
};
int poisson(double lambda, double u);

// Bernoulli(p) from one uniform: u < p. J1 pandemic onset (p 0.02 per year by default).
inline bool bernoulli(double p, double u) {
  return u < p;
}

// One year of the J2 property-bust regime, a two-state Markov chain: from normal times a bust
// starts with probability p_enter (0.08 by default); a bust lasts another year with probability
// p_stay (0.70). One uniform per year.
inline bool next_regime(bool in_bust, double p_enter, double p_stay, double u) {
  return u < (in_bust ? p_stay : p_enter);
}

}  // namespace regiosim
