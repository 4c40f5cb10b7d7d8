#pragma once
// `regiosim sweep` as terminal text or as one JSON document (README "Sweeps").

#include <iosfwd>
#include <string>

#include "regiosim/sweep.hpp"

namespace regiosim::cli {

// `output` is the sweep file written, `checkpoint` the directory points were resumed from.
void print_sweep_table(std::ostream& out, const SweepSpec& spec, const SweepResult& result,
                       const std::string& output, const std::string& checkpoint);
void print_sweep_json(std::ostream& out, const SweepSpec& spec, const SweepResult& result,
                      const std::string& output);

}  // namespace regiosim::cli
