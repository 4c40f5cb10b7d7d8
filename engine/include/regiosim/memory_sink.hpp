#pragma once
// A TrajectorySink that keeps every path in memory, laid out as the result file's datasets are:
// values(var) holds (path, year[, sector|satellite]) row-major by global path index, so runs made
// with different thread counts and batch sizes compare value by value. The Python bindings' Result
// hands these buffers to numpy without a copy.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "regiosim/output_variables.hpp"
#include "regiosim/runner.hpp"

namespace regiosim {

class MemorySink final : public TrajectorySink {
 public:
  // Allocates paths x years x width values per variable (zeros until written).
  MemorySink(std::uint64_t paths, int years, int sectors, int satellites);

  void write(const TrajectoryBatch& batch) override;

  const std::vector<double>& values(Var var) const {
    return values_[static_cast<std::size_t>(var)];
  }
  std::size_t per_path(Var var) const { return per_path_[static_cast<std::size_t>(var)]; }

 private:
  std::vector<std::vector<double>> values_;
  std::size_t per_path_[VAR_COUNT] = {};
};

// Hands every batch to two sinks in turn (memory and a result file, say).
class TeeSink final : public TrajectorySink {
 public:
  TeeSink(TrajectorySink& first, TrajectorySink& second) : first_(first), second_(second) {}
  void write(const TrajectoryBatch& batch) override {
    first_.write(batch);
    second_.write(batch);
  }

 private:
  TrajectorySink& first_;
  TrajectorySink& second_;
};

}  // namespace regiosim
