#pragma once
// Reading a prior where a scenario number belongs (scenarios/README.md "Priors"):
// {prior: normal, mean: 0.015, sd: 0.005}. The prior must be valid (prior_parameter_problem) and
// its support must lie inside the parameter's domain, ends open or closed as the domain's are: a
// normal prior on a volatility (>= 0) is an error, a lognormal one is not. The scenario then runs
// with the prior's mean; parameter sets draw from it (scenario.hpp draw_parameters).

#include <vector>

#include "config/map_reader.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim::scenario {

class PriorRecorder final : public config::PriorHandler {
 public:
  explicit PriorRecorder(std::vector<ParameterPrior>& priors) : priors_(priors) {}
  double read(config::Node& node, const std::string& key_path,
              const config::Bounds& bounds) override;

 private:
  std::vector<ParameterPrior>& priors_;
};

}  // namespace regiosim::scenario
