#pragma once
// Trajectories of one batch of consecutive paths, laid out as the HDF5 datasets are (row-major):
// a (path, year) variable holds values[p * years + t]; a (path, year, sector) variable holds
// values[(p * years + t) * sectors + j], and likewise for satellites. Buffers are allocated once
// and reused across batches.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "regiosim/output_variables.hpp"

namespace regiosim {

class TrajectoryBatch {
 public:
  TrajectoryBatch(std::size_t capacity_paths, int years, int sectors, int satellites = 0);

  void reset(std::uint64_t first_path, std::size_t path_count);

  std::uint64_t first_path() const { return first_path_; }
  std::size_t path_count() const { return path_count_; }
  std::size_t capacity() const { return capacity_; }
  int years() const { return years_; }
  int sectors() const { return sectors_; }
  int satellites() const { return satellites_; }

  // Values of one path: year-major, then sector (or satellite).
  double* path_data(Var var, std::size_t path_in_batch);
  const double* path_data(Var var, std::size_t path_in_batch) const;
  // The whole batch's values of one variable (path_count() paths, contiguous).
  const double* data(Var var) const { return values_[static_cast<std::size_t>(var)].data(); }
  std::size_t values_per_path(Var var) const;

 private:
  std::size_t capacity_;
  int years_;
  int sectors_;
  int satellites_;
  std::uint64_t first_path_ = 0;
  std::size_t path_count_ = 0;
  std::vector<std::vector<double>> values_;
};

}  // namespace regiosim
