#pragma once
// Reading YAML into config::Node trees, safely: the file size is capped, yaml-cpp's single-document
// Load is used (LoadAll can hang in 0.7), and the conversion walks the tree with its own depth and
// node budgets, so an alias that points at itself or an alias bomb is an error, not a crash or a
// hang.

#include <cstddef>
#include <string>
#include <string_view>

#include "config/config_node.hpp"

namespace regiosim::config {

struct ReadLimits {
  std::size_t max_file_bytes = 4u << 20;  // 4 MiB per file
  int max_depth = 64;
  std::size_t max_nodes = 1'000'000;  // after alias expansion
  // Key and scalar text after alias expansion: four files' worth, so only aliases can reach it.
  std::size_t max_text_bytes = 16u << 20;
  int max_extends_depth = 16;
};

// Parses one YAML document. Errors (syntax, duplicate keys, non-scalar keys, budget) are
// ConfigError at the offending position in `display_name`. An empty document is a null node.
// Also errors: a second document, text that is not UTF-8 or holds control characters (a UTF-8 BOM
// is skipped), and tags (!!float, !custom); the non-specific tag `!` only means "string".
Node parse_yaml(std::string_view text, const std::string& display_name,
                const ReadLimits& limits = {});

// parse_yaml for text that sits inside a longer line, such as the value of a --set option: marks
// start at line `first_line`, and columns on that first line are shifted right by `column_offset`.
Node parse_yaml_fragment(std::string_view text, const std::string& display_name, int first_line,
                         int column_offset, const ReadLimits& limits = {});

// Reads a file and resolves its top-level `extends: other.yaml` (path relative to the file), deep-
// merging recursively: maps merge key by key, lists and scalars of the extending file replace the
// base's whole. The `extends` key is removed from the result. A missing, unreadable or oversized
// file, or a cycle, is a ConfigError at the `extends` value (or at FILE:1:1 for the top file).
Node load_yaml_file(const std::string& path, const ReadLimits& limits = {});

// The same for text already in memory; `extends` is resolved relative to base_dir.
Node load_yaml_text(std::string_view text, const std::string& display_name,
                    const std::string& base_dir, const ReadLimits& limits = {});

// Deep merge as above: `overlay` onto `base`.
void deep_merge(Node& base, const Node& overlay);

}  // namespace regiosim::config
