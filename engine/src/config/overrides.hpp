#pragma once
// --set key.path=value overrides (applied after extends, before typed reading).
//
// The key path is dot-separated. A segment addressing a list is either an index (`sectors.3` or
// `sectors[3]`) or the value of the element's `code`, `id` or `name` key (`sectors.EQP.tfp_drift`,
// `targets.gdp_2025.threshold`). Missing map keys are created, so a misspelt key reaches the typed
// reader and is reported there with a did-you-mean. The value is parsed as YAML flow syntax
// (numbers, strings, [lists], {maps}). Errors point at "--set:INDEX:COLUMN" (the column within the
// argument, 1-based), where `index` numbers the --set options from 1; so the first option's errors
// are at "--set:1:COLUMN".

#include <string_view>

#include "config/config_node.hpp"

namespace regiosim::config {

void apply_override(Node& root, std::string_view assignment, int index);

}  // namespace regiosim::config
