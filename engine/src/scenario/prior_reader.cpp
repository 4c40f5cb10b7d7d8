#include "scenario/prior_reader.hpp"

#include <cmath>
#include <limits>
#include <utility>

#include "config/map_reader.hpp"
#include "scenario/prior.hpp"

namespace regiosim::scenario {

namespace {

std::string interval(const PriorSupport& s) {
  return std::string(s.lo_open ? "(" : "[") + config::shortest_text(s.lo) + ", " +
         config::shortest_text(s.hi) + (s.hi_open ? ")" : "]");
}

// The mass of the prior below and above the domain.
std::pair<double, double> mass_outside(const Prior& prior, const PriorSupport& s,
                                       const config::Bounds& domain) {
  const bool lo_inside = s.lo > domain.lo || (s.lo == domain.lo && (s.lo_open || !domain.lo_open));
  const bool hi_inside = s.hi < domain.hi || (s.hi == domain.hi && (s.hi_open || !domain.hi_open));
  return {lo_inside ? 0.0 : prior_cdf(prior, domain.lo),
          hi_inside ? 0.0 : 1.0 - prior_cdf(prior, domain.hi)};
}

// Cuts a negligible tail outside the domain off (prior.hpp, Prior::u_lo).
void truncate_to(const config::Bounds& domain, std::pair<double, double> outside, Prior& prior) {
  constexpr double INF = std::numeric_limits<double>::infinity();
  if (outside.first > 0.0) {
    prior.u_lo = prior_cdf(prior, domain.lo);
    prior.x_lo = domain.lo_open ? std::nextafter(domain.lo, INF) : domain.lo;
  }
  if (outside.second > 0.0) {
    prior.u_hi = prior_cdf(prior, domain.hi);
    prior.x_hi = domain.hi_open ? std::nextafter(domain.hi, -INF) : domain.hi;
  }
}

}  // namespace

void ParameterRecorder::record_domain(const std::string& key_path, const config::Bounds& bounds) {
  spec_.domains.push_back(
      {key_path, bounds.lo, bounds.hi, bounds.lo_open, bounds.hi_open, bounds.describe()});
}

double ParameterRecorder::read_prior(config::Node& node, const std::string& key_path,
                                     const config::Bounds& bounds) {
  // A prior's own numbers are not parameters: no priors inside it.
  config::MapReader r(node, key_path);
  const std::string kind =
      r.choice("prior", {"normal", "lognormal", "uniform", "beta", "triangular"});
  Prior prior{Prior::Kind::Normal, 0, 0};
  if (kind == "normal" || kind == "lognormal") {
    prior = {kind == "normal" ? Prior::Kind::Normal : Prior::Kind::LogNormal, r.number("mean"),
             r.number("sd")};
  } else if (kind == "uniform") {
    prior = {Prior::Kind::Uniform, r.number("lo"), r.number("hi")};
  } else if (kind == "beta") {
    prior = {Prior::Kind::Beta, r.number("alpha"), r.number("beta")};
  } else {
    const double lo = r.number("lo");
    const double mode = r.number("mode");
    prior = {Prior::Kind::Triangular, lo, mode, r.number("hi")};
  }
  r.finish();
  if (const auto problem = prior_parameter_problem(prior))
    config::fail_at(node, key_path, "invalid " + kind + " prior: " + *problem);
  const PriorSupport support = prior_support(prior);
  const auto outside = mass_outside(prior, support, bounds);
  if (!(outside.first + outside.second <= PRIOR_MASS_OUTSIDE_LIMIT)) {
    config::fail_at(node, key_path,
                    "the " + kind + " prior's support " + interval(support) + " puts " +
                        config::shortest_text(outside.first + outside.second) +
                        " of its mass outside the parameter's domain (expected " +
                        bounds.describe() + ", at most 1e-06 of the mass outside)");
  }
  truncate_to(bounds, outside, prior);
  const double mean = prior_mean(prior);
  if (!bounds.contains(mean)) {
    config::fail_at(node, key_path,
                    "the " + kind + " prior's mean " + config::shortest_text(mean) +
                        " is outside the parameter's domain (expected " + bounds.describe() + ")");
  }
  spec_.priors.push_back({key_path, std::make_shared<const Prior>(prior)});
  return mean;
}

}  // namespace regiosim::scenario
