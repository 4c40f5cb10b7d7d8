#pragma once
// regiosim bench: the measurements of the standard throughput run (bench_command.cpp) as a terminal
// table or as one JSON document (bench/make_results.py reads it).

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace regiosim::cli {

// One thread count, from `repeats` runs, each in a process of its own.
struct BenchRow {
  int threads = 0;
  std::vector<double>
      wall_s;                 // every run's wall time of run() (and, store=full, the file's commit)
  std::vector<double> cpu_s;  // every run's process CPU time over the same span, all threads
  double wall_median_s = 0;
  double cpu_median_s = 0;
  double path_years_per_s = 0;           // path-years / median wall time
  double ns_per_path_year_per_core = 0;  // threads x median wall time / path-years
  double cpu_ns_per_path_year = 0;       // median CPU time / path-years
  // Relative to the first row (p0 threads, the fewest): wall p0 T0 / (p Tp); CPU C0 / Cp, the CPU
  // time the same work took, which time spent waiting for a busy core does not inflate.
  double efficiency_wall = 0;
  double efficiency_cpu = 0;
  std::uint64_t peak_rss_bytes = 0;  // the largest of the runs' peak resident memory (VmHWM)
  std::uint64_t bytes_written = 0;   // store=full: the result file's size; 0 for summary
  double write_bytes_per_s = 0;      // bytes_written / median wall time
  std::string result_hash;           // of the per-path target values and all quantiles
  bool identical = false;            // every run's hash equals the first row's first run's
};

struct BenchReport {
  std::string scenario;
  int sectors = 0;
  std::uint64_t paths = 0;
  int years = 0;  // simulated years per path (the base year excluded)
  std::uint64_t path_years = 0;
  std::string store;
  std::size_t batch_size = 0;
  std::uint64_t seed = 0;
  int repeats = 0;
  unsigned hardware_threads = 0;
  double load_before = 0;  // one-minute load average before and after the runs
  double load_after = 0;
  std::vector<BenchRow> rows;
};

void print_bench_table(std::ostream& out, const BenchReport& report);
void print_bench_json(std::ostream& out, const BenchReport& report);

}  // namespace regiosim::cli
