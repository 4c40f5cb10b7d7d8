#include "scenario/prior_reader.hpp"

#include <cmath>

#include "config/map_reader.hpp"
#include "scenario/prior.hpp"

namespace regiosim::scenario {

namespace {

std::string interval(const PriorSupport& s) {
  return std::string(s.lo_open ? "(" : "[") + config::shortest_text(s.lo) + ", " +
         config::shortest_text(s.hi) + (s.hi_open ? ")" : "]");
}

// Whether every value of the support is a value the domain allows.
bool inside(const PriorSupport& s, const config::Bounds& domain) {
  const bool lo_ok = s.lo > domain.lo || (s.lo == domain.lo && (s.lo_open || !domain.lo_open));
  const bool hi_ok = s.hi < domain.hi || (s.hi == domain.hi && (s.hi_open || !domain.hi_open));
  return lo_ok && hi_ok;
}

}  // namespace

double PriorRecorder::read(config::Node& node, const std::string& key_path,
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
  if (!inside(support, bounds)) {
    config::fail_at(node, key_path,
                    "the " + kind + " prior's support " + interval(support) +
                        " leaves the parameter's domain (expected " + bounds.describe() + ")");
  }
  priors_.push_back({key_path, std::make_shared<const Prior>(prior)});
  return prior_mean(prior);
}

}  // namespace regiosim::scenario
