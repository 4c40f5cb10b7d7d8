#pragma once
// Emits a config::Node tree as YAML text that parses back to the same tree (block style; quoted
// scalars stay quoted, plain scalars are written as they were read).

#include <string>
#include <string_view>

#include "config/config_node.hpp"

namespace regiosim::config {

std::string emit_yaml(const Node& root);

// Whether `text`, written plain in block style, reads back as the same plain scalar. The reader
// marks the few plain scalars for which it is false (a multi-line plain scalar, a lone "-" in a
// flow list) as quoted, since they are strings anyway: so every tree it returns emits back exactly.
bool plain_safe(std::string_view text);

}  // namespace regiosim::config
