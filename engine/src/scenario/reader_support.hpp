#pragma once
// What the scenario readers share: common bounds, item paths and sector lookup by code.

#include <string>
#include <vector>

#include "config/map_reader.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim::scenario {

inline const config::Bounds RATE{-0.5, 0.5, false, false, "a rate per year in [-0.5, 0.5]"};
inline const config::Bounds LOADING{-1.0, 1.0, false, false, "a loading in [-1, 1]"};
inline const config::Bounds PERSISTENCE{-1.0, 1.0, true, true, "an AR(1) coefficient in (-1, 1)"};
inline const config::Bounds SHARE_OPEN{0.0, 1.0, true, false, "a share in (0, 1]"};
// The standard deviation of an annual log change (docs/domains.md): 0.5, a one-sd year moving a
// level by a factor of 1.65, is far above any published regional series and keeps every level
// finite over the longest horizon.
inline const config::Bounds VOLATILITY{0.0, 0.5, false, false,
                                       "a volatility (sd of annual log changes) in [0, 0.5]"};
// A base-year money level in 1e8 yuan: from 100,000 yuan to 100 trillion yuan (above any
// country's GDP), so that ratios between levels stay far from overflow.
inline const config::Bounds LEVEL{1e-3, 1e6, false, false, "a level in [0.001, 1e6] (1e8 yuan)"};

inline std::string item_path(const std::string& list_path, std::size_t i) {
  return list_path + "[" + std::to_string(i) + "]";
}

// The index of the sector with this code, or -1.
int sector_index(const ScenarioSpec& spec, const std::string& code);
std::vector<std::string> sector_codes(const ScenarioSpec& spec);

// The block readers beside scenario_reader.cpp; each reads its key of the scenario root.
void read_input_output(config::MapReader& root, ScenarioSpec& spec);  // input_output (M6-M7)
void read_satellites(config::MapReader& root, ScenarioSpec& spec);    // satellites (section 8)
void read_jumps(config::MapReader& root, ScenarioSpec& spec);  // shocks.pandemic etc. (J1-J3)

// A map from sector code to a number (absent sectors: 0), unknown codes rejected with a
// did-you-mean.
std::vector<double> read_sector_map(config::MapReader& parent, std::string_view key,
                                    const ScenarioSpec& spec, const config::Bounds& bounds);

}  // namespace regiosim::scenario
