#pragma once
// What the benchmark programs share: the default model, loaded once, and the path-year counters
// every benchmark reports (issue 6: path-years per second and nanoseconds per path-year).

#include <benchmark/benchmark.h>

#include "regiosim/model.hpp"

namespace regiosim::bench {

inline const Model& default_model() {
  static const Model model(load_scenario(REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml"));
  return model;
}

// A path-year is one simulated year of one path (the base year excluded), as the runner counts
// it. `per_iteration`: path-years one iteration stands for. time_per_path_year is the rate
// inverted, in seconds (the console shows it as e.g. 2.8us; bench/make_results.py reports ns).
// Both follow the benchmark's clock: CPU time, of the benchmark thread or, where it is marked
// MeasureProcessCPUTime, of the whole process, so a core busy with other work changes them little.
inline void count_path_years(benchmark::State& state, double per_iteration) {
  const double total = static_cast<double>(state.iterations()) * per_iteration;
  state.counters["path_years_per_s"] = benchmark::Counter(total, benchmark::Counter::kIsRate);
  state.counters["time_per_path_year"] =
      benchmark::Counter(total, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

}  // namespace regiosim::bench
