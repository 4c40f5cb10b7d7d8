#pragma once
// Parameter sweeps (regiosim sweep): a design of points in the space of some scenario parameters,
// one Monte Carlo run per point, and the global sensitivity of each target's P(meet) and median,
// and of median GDP by year, to the parameters (Sobol indices or Morris statistics).
//
// Finished points can persist in a checkpoint directory, so an interrupted sweep resumes where it
// stopped and ends with the same file an uninterrupted one writes.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "regiosim/designs.hpp"
#include "regiosim/error.hpp"
#include "regiosim/output_variables.hpp"
#include "regiosim/runner.hpp"
#include "regiosim/scenario.hpp"
#include "regiosim/sensitivity.hpp"

namespace regiosim {

enum class Design { Grid, Lhs, Sobol, Morris, Mc };
const char* to_string(Design design);

struct SweepParameter {
  std::string key;  // a --set key path
  double lo = 0;
  double hi = 0;
  std::vector<double> levels;  // grid designs
  SourceLocation key_location;
  SourceLocation value_location;  // the range (or levels)
};

struct SweepSpec {
  std::string path;                        // the sweep file
  std::string scenario_path;               // resolved against the sweep file's directory
  std::optional<ScenarioSource> scenario;  // that file, read once
  std::vector<std::string> overrides;
  std::vector<SourceLocation> override_locations;
  std::vector<SweepParameter> parameters;
  Design design = Design::Sobol;
  std::uint64_t points = 0;  // as written: sobol's N base rows, morris's r trajectories
  int morris_levels = 4;     // morris: grid levels p (even)
  std::uint64_t paths = 0;
  std::uint64_t seed = 1;
  bool common_random_numbers = true;
  std::vector<std::uint64_t> trajectory_points;  // points whose every path is stored
  std::string yaml;                              // the sweep file's text
};

// Reads and checks a sweep file; errors are ConfigError at FILE:LINE:COLUMN.
SweepSpec load_sweep(const std::string& path);
// The same from text: display_name stands for the file in messages, and the scenario path is
// resolved against base_dir (load_sweep uses the file's directory).
SweepSpec parse_sweep(const std::string& yaml_text, const std::string& display_name,
                      const std::string& base_dir);

// How many points the design has: sobol N (d + 2), morris r (d + 1), grid the product of levels.
std::uint64_t design_size(const SweepSpec& spec);
// The design on the unit cube (grids have none: their levels are values).
DesignMatrix unit_design(const SweepSpec& spec);
// The parameter values of every point (points x parameters).
DesignMatrix sweep_design(const SweepSpec& spec);

// The scenario of a point with these parameter values (the sweep's overrides, then the values);
// a value the scenario rejects is a ConfigError at the sweep file's parameter.
ScenarioSpec point_scenario(const SweepSpec& spec, const std::vector<double>& values);
// The run options of point `point`: the sweep's paths and seed, and with common random numbers the
// same stream key at every point.
RunOptions point_run_options(const SweepSpec& spec, std::uint64_t point, int threads);

// The variables a sweep keeps per point and year as quantiles: every aggregate (Extent::None) one.
std::vector<Var> sweep_indicators();

// What a sweep keeps of one point's run.
struct PointResult {
  std::vector<double> p_meet, p_meet_se, median;  // per target
  // Quantiles (QuantileTable::QUANTILES) of each of sweep_indicators(), (indicator, year,
  // quantile).
  std::vector<double> indicator_quantiles;
};

struct SweepResult {
  DesignMatrix design;  // parameter values
  std::vector<std::string> target_ids;
  std::vector<int> years;
  std::vector<PointResult> points;
  std::uint64_t resumed_points = 0;  // taken from the checkpoint rather than run
  std::uint64_t definition_hash = 0;
  // Sensitivity of each target's P(meet) and median, and of median nominal GDP in each year (the
  // time-resolved indices): Sobol for sobol designs, Morris for morris designs, else empty.
  std::vector<SobolIndices> sobol_p_meet, sobol_median, sobol_gdp;
  std::vector<MorrisIndices> morris_p_meet, morris_median, morris_gdp;
};

struct SweepOptions {
  int threads = 0;  // per point's run (0: all cores)
  // Directory where each finished point persists (empty: none). It must not exist unless `resume`;
  // with `resume` its points are taken as done, after checking that it belongs to this sweep.
  std::string checkpoint;
  bool resume = false;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;  // after every point
};

// The checkpoint directory of a sweep written to `output`.
std::string checkpoint_directory_for(const std::string& output);

// Builds every point's scenario first (a value the scenario rejects is a ConfigError at the sweep
// file's parameter), then runs the points one after another, each with `threads` threads, and
// computes the sensitivity indices. UsageError for a checkpoint of another sweep or engine build.
SweepResult run_sweep(const SweepSpec& spec, const SweepOptions& options);

// Writes the sweep to `path` (via a temporary file, a sync and a rename) for xarray's h5netcdf
// engine. The points in spec.trajectory_points are simulated again on the same numbers (so the same
// paths as in the sweep) straight into groups trajectories/point_<i>, each laid out as a result
// file (result_file.hpp).
void write_sweep_file(const std::string& path, const SweepSpec& spec, const SweepResult& result,
                      const SweepOptions& options);

// Removes a checkpoint directory run_sweep made, once its sweep file is written.
void remove_checkpoint(const std::string& directory);

}  // namespace regiosim
