#include "regiosim/trajectory_batch.hpp"

#include <cassert>

namespace regiosim {

TrajectoryBatch::TrajectoryBatch(std::size_t capacity_paths, int years, int sectors, int satellites)
    : capacity_(capacity_paths),
      years_(years),
      sectors_(sectors),
      satellites_(satellites),
      values_(VAR_COUNT) {
  for (const VarInfo& v : VARIABLES) {
    values_[static_cast<std::size_t>(v.var)].assign(capacity_ * values_per_path(v.var), 0.0);
  }
}

void TrajectoryBatch::reset(std::uint64_t first_path, std::size_t path_count) {
  assert(path_count <= capacity_);
  first_path_ = first_path;
  path_count_ = path_count;
}

std::size_t TrajectoryBatch::values_per_path(Var var) const {
  return static_cast<std::size_t>(years_) * extent_width(info(var).extent, sectors_, satellites_);
}

double* TrajectoryBatch::path_data(Var var, std::size_t path_in_batch) {
  return values_[static_cast<std::size_t>(var)].data() + path_in_batch * values_per_path(var);
}

const double* TrajectoryBatch::path_data(Var var, std::size_t path_in_batch) const {
  return values_[static_cast<std::size_t>(var)].data() + path_in_batch * values_per_path(var);
}

}  // namespace regiosim
