// Parameter sets (scenario.hpp draw_parameters, with_parameters): the outer loop of a run with
// parameter uncertainty. Built once per set, never per year (MODEL.md section 12).
#include <charconv>

#include "regiosim/error.hpp"
#include "regiosim/random_stream.hpp"
#include "regiosim/scenario.hpp"
#include "scenario/prior.hpp"

namespace regiosim {

std::vector<double> draw_parameters(const ScenarioSpec& spec, std::uint64_t seed,
                                    std::uint64_t set) {
  const RandomStream stream(seed, set);
  std::vector<double> values;
  for (std::size_t i = 0; i < spec.priors.size(); ++i) {
    const double u = stream.uniform(Stream::ParameterDraw, i);  // in (0, 1): a finite quantile
    values.push_back(scenario::prior_quantile(*spec.priors[i].prior, u));
  }
  return values;
}

ScenarioSpec with_parameters(const ScenarioSpec& spec, const std::vector<double>& values) {
  if (values.size() != spec.priors.size()) {
    throw UsageError(std::to_string(values.size()) + " parameter values for " +
                     std::to_string(spec.priors.size()) + " priors");
  }
  std::vector<std::string> overrides;
  for (std::size_t i = 0; i < values.size(); ++i) {
    char text[64];
    const auto end = std::to_chars(text, text + sizeof text, values[i]).ptr;  // round-trips
    overrides.push_back(spec.priors[i].key_path + "=" + std::string(text, end));
  }
  try {
    return parse_scenario(spec.input_yaml, spec.source_file, overrides);
  } catch (const ConfigError& e) {
    throw ConfigError(e.location(), e.key_path(), "with drawn parameter values: " + e.message());
  }
}

}  // namespace regiosim
