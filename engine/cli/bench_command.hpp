#pragma once
// regiosim bench [SCENARIO] [--paths N] [--threads LIST]: the standard throughput run (issue 6).
// Every measurement runs in a fresh process (this binary, run again with the hidden --worker
// flag), so the peak memory reported for a thread count is that run's own: getrusage's ru_maxrss
// is process-wide and never falls, so one process measuring several configurations would report
// the largest for all of them.

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "regiosim/runner.hpp"

namespace regiosim::cli {

struct BenchArgs {
  std::string scenario = REGIOSIM_DEFAULT_SCENARIO;
  std::vector<std::string> overrides;
  std::uint64_t paths = 100000;
  std::uint64_t seed = 1;
  std::vector<int> threads;  // empty: 1, 2, 4, ... and the machine's hardware threads
  int repeats = 3;
  std::string store = "summary";
  std::size_t batch_size = RunOptions{}.batch_size;
  std::string dir;  // store=full: where the result file is written (default: the temp directory)
  bool json = false;
  bool worker = false;  // one measurement, printed as one line for the parent
};

CLI::App* add_bench_command(CLI::App& app, BenchArgs& args);

// Throws UsageError for a thread count above the machine's, ConfigError for an invalid scenario
// (both before any run), Interrupted when `cancel` is set.
int command_bench(const BenchArgs& args, const std::atomic<bool>* cancel);

}  // namespace regiosim::cli
