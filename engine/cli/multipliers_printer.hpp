#pragma once
// regiosim multipliers: the Leontief inverses and Type I multipliers of a scenario's national table
// and of its regional table (MODEL.md sections 5 and 10), and the Type II multipliers of the
// regional table closed with households (M10), as terminal tables or as one JSON document (schema
// in README). The numbers are computed by the engine (multipliers.hpp) before they reach these
// printers.

#include <iosfwd>

#include "regiosim/multipliers.hpp"

namespace regiosim::cli {

void print_multipliers_table(std::ostream& out, const MultiplierReport& report);
void print_multipliers_json(std::ostream& out, const MultiplierReport& report);

}  // namespace regiosim::cli
