#pragma once
// The two-sector scenario tests/scenarios/tiny.yaml (one supply, one demand sector, round numbers),
// for hand computations of the model equations.

#include <string>
#include <vector>

#include "regiosim/scenario.hpp"

namespace regiosim::test {

inline const std::string TINY_SCENARIO_FILE = REGIOSIM_SOURCE_DIR "/tests/scenarios/tiny.yaml";

inline ScenarioSpec tiny_scenario(const std::vector<std::string>& overrides = {}) {
  return load_scenario(TINY_SCENARIO_FILE, overrides);
}

}  // namespace regiosim::test
