#pragma once
// A TrajectorySink that keeps every path in memory, laid out by global path index, so tests can
// compare runs made with different thread counts and batch sizes value by value.

#include <cstdint>
#include <vector>

#include "regiosim/runner.hpp"

namespace regiosim::test {

class MemorySink final : public TrajectorySink {
 public:
  MemorySink(std::uint64_t paths, int years, int sectors, int satellites) : values_(VAR_COUNT) {
    for (const VarInfo& v : VARIABLES) {
      const std::size_t per_path =
          static_cast<std::size_t>(years) * extent_width(v.extent, sectors, satellites);
      per_path_[static_cast<std::size_t>(v.var)] = per_path;
      values_[static_cast<std::size_t>(v.var)].assign(paths * per_path, 0.0);
    }
  }
  void write(const TrajectoryBatch& batch) override {
    for (const VarInfo& v : VARIABLES) {
      const std::size_t per_path = per_path_[static_cast<std::size_t>(v.var)];
      const double* from = batch.data(v.var);
      std::copy(from, from + batch.path_count() * per_path,
                values_[static_cast<std::size_t>(v.var)].begin() +
                    static_cast<std::ptrdiff_t>(batch.first_path() * per_path));
    }
  }
  const std::vector<double>& values(Var var) const {
    return values_[static_cast<std::size_t>(var)];
  }
  std::size_t per_path(Var var) const { return per_path_[static_cast<std::size_t>(var)]; }

 private:
  std::vector<std::vector<double>> values_;
  std::size_t per_path_[VAR_COUNT] = {};
};

}  // namespace regiosim::test
