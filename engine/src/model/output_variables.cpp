#include "regiosim/output_variables.hpp"

namespace regiosim {

std::optional<Var> find_variable(std::string_view name) {
  for (const VarInfo& v : VARIABLES) {
    if (v.name == name) return v.var;
  }
  return std::nullopt;
}

}  // namespace regiosim
