#pragma once
// Emits a config::Node tree as YAML text that parses back to the same tree (block style; quoted
// scalars stay quoted, plain scalars are written as they were read).

#include <string>

#include "config/config_node.hpp"

namespace regiosim::config {

std::string emit_yaml(const Node& root);

}  // namespace regiosim::config
