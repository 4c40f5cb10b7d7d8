#include "regiosim/memory_sink.hpp"

#include <algorithm>

namespace regiosim {

MemorySink::MemorySink(std::uint64_t paths, int years, int sectors, int satellites)
    : values_(VAR_COUNT) {
  for (const VarInfo& v : VARIABLES) {
    const std::size_t per_path =
        static_cast<std::size_t>(years) * extent_width(v.extent, sectors, satellites);
    per_path_[static_cast<std::size_t>(v.var)] = per_path;
    values_[static_cast<std::size_t>(v.var)].assign(paths * per_path, 0.0);
  }
}

void MemorySink::write(const TrajectoryBatch& batch) {
  for (const VarInfo& v : VARIABLES) {
    const std::size_t per_path = per_path_[static_cast<std::size_t>(v.var)];
    const double* from = batch.data(v.var);
    std::copy(from, from + batch.path_count() * per_path,
              values_[static_cast<std::size_t>(v.var)].begin() +
                  static_cast<std::ptrdiff_t>(batch.first_path() * per_path));
  }
}

}  // namespace regiosim
