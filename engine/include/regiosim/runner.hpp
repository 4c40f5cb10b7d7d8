#pragma once
// Runner: the only place that knows about parallelism (ARCHITECTURE.md). Paths are simulated in
// fixed-size batches in one OpenMP loop; each batch is handed to the sink, which a single writer
// thread drains (HDF5's serial library serialises every call anyway). Statistics are formed so the
// result is bit-identical for any thread count and batch size.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "regiosim/model.hpp"
#include "regiosim/quantile_sketch.hpp"
#include "regiosim/scorecard.hpp"
#include "regiosim/trajectory_batch.hpp"

namespace regiosim {

enum class StoreMode { Full, Summary };

struct RunOptions {
  std::uint64_t paths = 10000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all available
  // Paths simulated, then summarised, together. 1,024 rather than fewer: the quantile sketches'
  // bins (a few MiB over all series) are visited once per batch, so larger batches miss the cache
  // less often (regiosim bench --batch-size, 40,000 paths, one core: 11 % faster than 256).
  // Results do not depend on it.
  std::size_t batch_size = 1024;
  std::uint32_t design_point = 0;
  // Parameter uncertainty (issue item 4): P > 0 draws P parameter sets from the scenario's priors
  // (draw_parameters with this seed) and runs `paths` paths for each, path index k * paths + s, so
  // set k's draws and paths do not depend on P. 0: no parameter sets, priors at their means.
  std::uint64_t parameter_sets = 0;
  // Keep every target's value on every path in RunResult::target_values (8 bytes per path and
  // target) for paired comparisons (comparison.hpp); the scorecard's quantiles are then exact.
  // Runs with parameter sets always keep them (their variance split needs them). Otherwise the
  // run's memory does not grow with the path count.
  bool keep_target_values = false;
  // Quantiles of every variable; false: of the variables without sector or satellite extent only,
  // the others' QuantileTable::values left empty (a sweep point keeps no others, and sketching the
  // per-sector series is most of the statistics' cost).
  bool sector_quantiles = true;
};

// Receives finished batches, always from one thread (the runner's writer thread), in any order.
class TrajectorySink {
 public:
  virtual ~TrajectorySink() = default;
  virtual void write(const TrajectoryBatch& batch) = 0;
};

// Per-year quantiles of every variable: value(var, q, t, j) for the probabilities in QUANTILES.
struct QuantileTable {
  static constexpr double QUANTILES[] = {0.05, 0.25, 0.5, 0.75, 0.95};
  static constexpr int COUNT = 5;
  int years = 0;
  int sectors = 0;
  int satellites = 0;
  // quantiles[var] laid out (quantile, year[, sector or satellite]) row-major.
  std::vector<std::vector<double>> values;
};

struct RunResult {
  Scorecard scorecard;
  QuantileTable quantiles;
  std::uint64_t paths = 0;  // all paths: parameter_sets x paths per set with parameter sets
  std::uint64_t parameter_sets = 0;
  std::vector<std::vector<double>> parameter_values;  // [set][prior], spec.priors' order
  // Each target's value on each path, [target * paths + path], kept so two runs on the same draws
  // can be compared path by path (comparison.hpp); empty unless RunOptions::keep_target_values or
  // parameter sets.
  std::vector<double> target_values;
  int threads = 0;
  double elapsed_s = 0;
  double path_years_per_s = 0;
};

// Progress report: paths done so far (called from one thread at a time, at most every 100 ms).
using ProgressCallback = std::function<void(std::uint64_t done, std::uint64_t total)>;

// The number of threads a run with `requested` (0: all available) uses.
int effective_threads(int requested);

// Runs the Monte Carlo. `sink` may be null (summary store). `cancel`, when set, stops the run at
// the next batch boundary with Interrupted. Throws ModelError / IoError from any thread after the
// loop.
RunResult run(const Model& model, const RunOptions& options, TrajectorySink* sink,
              const std::atomic<bool>* cancel = nullptr, const ProgressCallback& progress = {});

}  // namespace regiosim
