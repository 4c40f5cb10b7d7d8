#pragma once
// The layout of one run (result_file.hpp) written into an HDF5 group: the root of a result file
// (ResultFileWriter), or a group inside another file (the sweep file's trajectories/point_<i>).

#include <memory>
#include <string>

#include "io/hdf5_handles.hpp"
#include "regiosim/result_file.hpp"

namespace regiosim {

class RunGroupWriter final : public TrajectorySink {
 public:
  // Creates the coordinates and, for store=full, the trajectory datasets in `group`. `name` says
  // where, for error messages ("result file 'x.h5'"). Throws IoError.
  RunGroupWriter(h5::Group group, ResultFileHeader header, std::string name);
  ~RunGroupWriter() override;
  RunGroupWriter(const RunGroupWriter&) = delete;
  RunGroupWriter& operator=(const RunGroupWriter&) = delete;

  // Writes one batch's trajectories at its path offset (store=full; a no-op for summary).
  void write(const TrajectoryBatch& batch) override;
  // Writes quantiles, the scorecard and the attributes (status="complete" last), then closes the
  // group (and with it the file, when the group is a file's root). Throws IoError; the group is
  // closed either way.
  void commit(const RunResult& result);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string name_;
};

}  // namespace regiosim
