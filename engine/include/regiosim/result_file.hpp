#pragma once
// The HDF5 result file (ARCHITECTURE.md convention 8): xarray opens it as it is with
// engine="h5netcdf". Dimensions path, year, sector, quantile are coordinate datasets marked as
// dimension scales and attached to every variable; every variable has units and long_name.
//
// Layout (schema "regiosim.run", version RESULT_SCHEMA_VERSION):
//   /path (store=full only), /year, /sector (codes), /satellite (ids), /quantile   coordinates
//   /satellite_units, /satellite_label (satellite)        what each satellite is
//   /<var>             (path, year[, sector|satellite])   store=full only: every path
//   /<var>_quantiles   (quantile, year[, sector|satellite])  both stores: per-year quantiles
//   /targets/          dimension `target` (ids) with indicator, target_year, threshold, comparison,
//                      basis, label, source, p_meet, p_meet_se, median, q05, q95,
//                      expected_shortfall, expected_shortfall_se; first_passage (target,
//                      passage_year: the years after the base year, then -1 for "never");
//                      p_at_least, p_at_least_se (year_of_targets, m); attributes
//                      joint_p_meet_<year> and joint_p_meet_se_<year>; with parameter sets,
//                      variance_share_parameters and variance_share_shocks (target)
//   /parameter_value   (parameter_set, parameter: the priors' key paths)  store=full with
//                      parameter sets: each set's drawn values; path k * S + s is set k's path s
//   root attributes    schema, schema_version, engine_version, git_commit, created_utc, seed,
//   paths,
//                      threads, store, scenario_name, scenario_yaml, base_year, parameter_sets
//                      (0: none), status="complete"
//
// The file is written under a temporary name in the same directory and renamed over the output path
// only by commit(); a writer destroyed without commit() removes its temporary file, so a failed or
// interrupted run never leaves a file at the output path and never touches an existing one.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "regiosim/runner.hpp"
#include "regiosim/trajectory_batch.hpp"

namespace regiosim {

inline constexpr int RESULT_SCHEMA_VERSION = 1;
inline constexpr const char* RESULT_SCHEMA = "regiosim.run";

struct ResultFileHeader {
  std::vector<int> years;  // calendar years, base year first
  std::vector<std::string> sector_codes;
  std::vector<std::string> satellite_ids;  // with their units and labels, same length
  std::vector<std::string> satellite_units;
  std::vector<std::string> satellite_labels;
  StoreMode store = StoreMode::Full;
  std::uint64_t paths = 0;
  std::size_t chunk_paths = 256;  // paths per HDF5 chunk (the runner's batch size)
  std::uint64_t seed = 0;
  int threads = 0;
  std::string scenario_name;
  std::string scenario_yaml;                 // fully resolved scenario text
  std::uint64_t parameter_sets = 0;          // 0: no parameter uncertainty
  std::vector<std::string> parameter_paths;  // the priors' key paths, with parameter sets
};

// The header of a run of `spec` with these options: years, sector codes, satellites, path count
// (parameter_sets x paths with parameter sets), seed, effective threads, resolved scenario text.
ResultFileHeader result_file_header(const ScenarioSpec& spec, const RunOptions& options,
                                    StoreMode store);

// For programs that write result files (the CLI calls it first): HDF5 then does not close its
// objects from an exit handler. After a failed write (disk full, EIO) HDF5 can leave a file
// half-closed, and its exit-time cleanup then crashed the process (SIGSEGV in H5F__close_cb)
// after the error had been reported; every file the engine opens is closed or abandoned (and its
// temporary removed) before exit anyway. Must precede every other HDF5 call.
void disable_hdf5_exit_cleanup();

// The bytes a file of this header will take, at least: with store=full, every variable's
// (path, year[, sector | satellite]) doubles; the quantiles and the scorecard are small beside
// them and not counted. Checked before a run starts, so a run that cannot fit is refused up front.
std::uint64_t estimated_file_bytes(const ResultFileHeader& header);

// Removes from `directory` every temporary output ("<output>.tmp-<host>-<pid>-<n>") whose writer
// is gone: its lock file "<temporary>.lock" can be locked. Every writer of an output does this
// for the output's directory first; `regiosim clean` does it on request. Returns the removed
// temporaries. A temporary without a lock file (from a regiosim before 0.2) is left alone.
std::vector<std::string> remove_dead_temporaries(const std::string& directory);

class RunGroupWriter;  // engine/src/io/run_group_writer.hpp
class TemporaryClaim;  // engine/src/io/atomic_output.hpp

class ResultFileWriter final : public TrajectorySink {
 public:
  // Creates the temporary file and, for store=full, the trajectory datasets. Throws IoError.
  ResultFileWriter(std::string output_path, ResultFileHeader header);
  ~ResultFileWriter() override;
  ResultFileWriter(const ResultFileWriter&) = delete;
  ResultFileWriter& operator=(const ResultFileWriter&) = delete;

  // Writes one batch's trajectories at its path offset (store=full; a no-op for summary).
  void write(const TrajectoryBatch& batch) override;
  // Writes quantiles, the scorecard and the root attributes (status="complete"), closes the file
  // and renames it to the output path. Throws IoError; the temporary file is then removed. With
  // `cancel` set (a signal during the run or its final write) it throws Interrupted instead of
  // renaming: until the rename the existing output stays, after it the run is complete.
  void commit(const RunResult& result, const std::atomic<bool>* cancel = nullptr);

  const std::string& temporary_path() const { return temporary_path_; }

 private:
  std::unique_ptr<RunGroupWriter> writer_;  // writes the layout into the temporary file's root
  std::string output_path_;
  std::unique_ptr<TemporaryClaim> claim_;  // the temporary's name and lock, held until destroyed
  std::string temporary_path_;
  bool committed_ = false;
};

}  // namespace regiosim
