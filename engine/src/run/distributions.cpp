#include "run/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/elementary.hpp"

namespace regiosim {

namespace {

constexpr double SQRT_HALF = 0.70710678118654752440084436210485;

// c[0] + c[1] x + ... + c[7] x^7.
inline double polynomial(const double (&c)[8], double x) {
  double sum = c[7];
  for (int k = 6; k >= 0; --k)
    sum = sum * x + c[k];
  return sum;
}

// AS241 PPND16 coefficients (Wichura 1988), ascending powers. Central region |p - 0.5| <= 0.425:
// q A(r) / B(r) with r = 0.180625 - q^2.
constexpr double AS241_A[8] = {3.3871328727963666080e0,  1.3314166789178437745e+2,
                               1.9715909503065514427e+3, 1.3731693765509461125e+4,
                               4.5921953931549871457e+4, 6.7265770927008700853e+4,
                               3.3430575583588128105e+4, 2.5090809287301226727e+3};
constexpr double AS241_B[8] = {1.0,
                               4.2313330701600911252e+1,
                               6.8718700749205790830e+2,
                               5.3941960214247511077e+3,
                               2.1213794301586595867e+4,
                               3.9307895800092710610e+4,
                               2.8729085735721942674e+4,
                               5.2264952788528545610e+3};
// Intermediate tail, r = sqrt(-ln min(p, 1 - p)) <= 5: C(r - 1.6) / D(r - 1.6).
constexpr double AS241_C[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                               5.76949722146069140550e0,  3.64784832476320460504e0,
                               1.27045825245236838258e0,  2.41780725177450611770e-1,
                               2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr double AS241_D[8] = {1.0,
                               2.05319162663775882187e0,
                               1.67638483018380384940e0,
                               6.89767334985100004550e-1,
                               1.48103976427480074590e-1,
                               1.51986665636164571966e-2,
                               5.47593808499534494600e-4,
                               1.05075007164441684324e-9};
// Far tail, r > 5 (p < 1.4e-11): E(r - 5) / F(r - 5).
constexpr double AS241_E[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                               1.78482653991729133580e0,  2.96560571828504891230e-1,
                               2.65321895265761230930e-2, 1.24266094738807843860e-3,
                               2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr double AS241_F[8] = {1.0,
                               5.99832206555887937690e-1,
                               1.36929880922735805310e-1,
                               1.48753612908506148525e-2,
                               7.86869131145613259100e-4,
                               1.84631831751005468180e-5,
                               1.42151175831644588870e-7,
                               2.04426310338993978564e-15};

// Marsaglia-Tsang for shape >= 1 on the block starting at draw index `first` (layout in
// distributions.hpp): x standard normal, v = (1 + c x)^3 with d = shape - 1/3, c = 1 / sqrt(9 d);
// accept d v if u < 1 - 0.0331 x^4 (a squeeze that spares the two logs in most attempts) or
// ln u < x^2 / 2 + d (1 - v + ln v).
double marsaglia_tsang(const RandomStream& rng, Stream stream, std::uint64_t first, double shape) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (std::uint64_t attempt = 0; attempt < GAMMA_ATTEMPTS; ++attempt) {
    const double x = rng.normal(stream, first + attempt);
    const double t = 1.0 + c * x;
    if (t <= 0.0) continue;
    const double v = t * t * t;
    const double u = rng.uniform(stream, first + GAMMA_ATTEMPTS + attempt);
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
  return shape;  // every attempt rejected (probability < 3e-32): the mean, deterministically
}

}  // namespace

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x * SQRT_HALF);
}

double normal_quantile(double p) {
  if (!(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * polynomial(AS241_A, r) / polynomial(AS241_B, r);
  }
  // r from the smaller tail probability: p itself in the lower tail, so no precision is lost there.
  const double r = std::sqrt(-std::log(q < 0.0 ? p : 1.0 - p));
  const double z = r <= 5.0 ? polynomial(AS241_C, r - 1.6) / polynomial(AS241_D, r - 1.6)
                            : polynomial(AS241_E, r - 5.0) / polynomial(AS241_F, r - 5.0);
  return q < 0.0 ? -z : z;
}

double gamma_variate(const RandomStream& rng, Stream stream, std::uint64_t variate, double shape) {
  const std::uint64_t first = variate * GAMMA_DRAWS;
  if (shape >= 1.0) return marsaglia_tsang(rng, stream, first, shape);
  // Gamma(a) = Gamma(a + 1) U^(1/a) (Marsaglia and Tsang 2000, section 7).
  const double boost = rng.uniform(stream, first + 2 * GAMMA_ATTEMPTS);
  return marsaglia_tsang(rng, stream, first, shape + 1.0) * std::pow(boost, 1.0 / shape);
}

double student_t_mixing(const RandomStream& rng, Stream mixing_stream, std::uint64_t variate,
                        double nu) {
  const double chi2 = 2.0 * gamma_variate(rng, mixing_stream, variate, 0.5 * nu);
  return std::sqrt((nu - 2.0) / chi2);
}

TruncatedLognormal::TruncatedLognormal(double mean, double sd, double upper)
    : nominal_mean_(mean),
      upper_(upper),
      s_(std::sqrt(std::log1p(sd * sd / (mean * mean)))),
      mu_(std::log(mean) - 0.5 * s_ * s_),
      cdf_upper_(normal_cdf((std::log(upper) - mu_) / s_)) {}

double TruncatedLognormal::quantile(double u) const {
  // The cap: Phi^-1(Phi(z_u)) and exp round, so u = 1 (RandomStream's (bits + 0.5) 2^-53 rounds to
  // it for bits = 2^53 - 1) would give 2.5000000000000013 for the J1 defaults.
  return std::min(upper_, std::exp(mu_ + s_ * normal_quantile(u * cdf_upper_)));
}

double TruncatedLognormal::mean() const {
  // E[S | S <= upper] = E[S] Phi(z_u - s) / Phi(z_u): the lognormal partial expectation.
  const double z_upper = (std::log(upper_) - mu_) / s_;
  return nominal_mean_ * normal_cdf(z_upper - s_) / cdf_upper_;
}

double pareto(double alpha, double x_min, double u) {
  // u^(-1/alpha) as exp(-ln(u) / alpha) with the engine's own exp and log (elementary.hpp), the
  // same on every machine where glibc's pow is not; within a few ulp (|ln u| <= 38).
  return x_min * elementary::exp(elementary::log(u) * (-1.0 / alpha));
}

Poisson::Poisson(double lambda) : lambda_(lambda), p0_(std::exp(-lambda)) {}

int Poisson::operator()(double u) const {
  double term = p0_;
  double cdf = term;
  int k = 0;
  while (u > cdf) {
    ++k;
    term *= lambda_ / k;
    const double next = cdf + term;
    if (next == cdf) break;  // the rest of the tail cannot move the sum any more
    cdf = next;
  }
  return k;
}

int poisson(double lambda, double u) {
  return Poisson(lambda)(u);
}

}  // namespace regiosim
