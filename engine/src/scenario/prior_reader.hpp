#pragma once
// Reading a prior where a scenario number belongs (scenarios/README.md "Priors"):
// {prior: normal, mean: 0.015, sd: 0.005}, and recording every scalar parameter's domain.
// The prior must be valid (prior_parameter_problem), its mean inside the parameter's domain and at
// most PRIOR_MASS_OUTSIDE_LIMIT of its mass outside it (ends open or closed as the domain's are);
// that negligible tail is cut off (the prior is truncated to the domain). A normal prior with
// mean 0.02 and sd 0.01 on a volatility (>= 0) puts 0.023 below 0: an error. A lognormal one on a
// volatility in [0, 0.5] is not. The scenario then runs with the prior's mean; parameter sets draw
// from it (scenario.hpp draw_parameters).

#include <vector>

#include "config/map_reader.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim::scenario {

// Small enough that truncating changes no reported statistic: one parameter set in a million.
inline constexpr double PRIOR_MASS_OUTSIDE_LIMIT = 1e-6;

class ParameterRecorder final : public config::ParameterHandler {
 public:
  explicit ParameterRecorder(ScenarioSpec& spec) : spec_(spec) {}
  double read_prior(config::Node& node, const std::string& key_path,
                    const config::Bounds& bounds) override;
  void record_domain(const std::string& key_path, const config::Bounds& bounds) override;

 private:
  ScenarioSpec& spec_;
};

}  // namespace regiosim::scenario
