#include "bench_printer.hpp"

#include <ostream>

#include "json_writer.hpp"
#include "text_format.hpp"

namespace regiosim::cli {

namespace {

constexpr double MIB = 1024.0 * 1024.0;

std::string count_text(double x) {
  return format("%.0f", x);
}

}  // namespace

void print_bench_table(std::ostream& out, const BenchReport& report) {
  const bool full = report.store == "full";
  out << "regiosim bench: " << report.scenario << ", " << report.sectors << " sectors, "
      << report.paths << " paths x " << report.years << " years = " << report.path_years
      << " path-years, store " << report.store << ", batch " << report.batch_size << ", median of "
      << report.repeats << " runs, each in a process of its own\n"
      << "machine: " << report.hardware_threads << " hardware threads, load average "
      << format("%.2f", report.load_before) << " before, " << format("%.2f", report.load_after)
      << " after\n\n"
      << pad("threads", 9) << pad("wall s", 10) << pad("path-years/s", 14) << pad("ns/py/core", 12)
      << pad("CPU s", 10) << pad("CPU ns/py", 11) << pad("eff wall", 10) << pad("eff CPU", 9)
      << pad("peak MiB", 10) << (full ? pad("MB/s", 9) : "") << "same result\n";
  for (const BenchRow& row : report.rows) {
    out << pad(std::to_string(row.threads), 9) << pad(format("%.3f", row.wall_median_s), 10)
        << pad(count_text(row.path_years_per_s), 14)
        << pad(format("%.1f", row.ns_per_path_year_per_core), 12)
        << pad(format("%.3f", row.cpu_median_s), 10)
        << pad(format("%.1f", row.cpu_ns_per_path_year), 11)
        << pad(format("%.1f%%", 100 * row.efficiency_wall), 10)
        << pad(format("%.1f%%", 100 * row.efficiency_cpu), 9)
        << pad(format("%.1f", static_cast<double>(row.peak_rss_bytes) / MIB), 10)
        << (full ? pad(format("%.1f", row.write_bytes_per_s / 1e6), 9) : "")
        << (row.identical ? "yes" : "NO") << " (" << row.result_hash << ")\n";
  }
  out << "\nns/py/core: threads x wall time per path-year (ideal scaling keeps it constant). eff "
         "wall: T1 / (p Tp)\nfrom wall times, which a core busy with other work lowers; eff CPU: "
         "CPU1 / CPUp, the process\nCPU time the same work took (threads spinning or contending "
         "show up, waiting for a busy core\ndoes not). Both relative to the first row. peak: "
         "the process's high-water resident memory.\nsame result: per-path target values and "
         "quantiles bit-identical to the first row's.\n";
  if (full)
    out << "MB/s: result file bytes (10^6) / wall time, the durable commit (fsync) included.\n";
}

void print_bench_json(std::ostream& out, const BenchReport& report) {
  out << "{\"scenario\": " << json_string(report.scenario) << ", \"sectors\": " << report.sectors
      << ", \"paths\": " << report.paths << ", \"years\": " << report.years
      << ", \"path_years\": " << report.path_years << ", \"store\": " << json_string(report.store)
      << ", \"batch_size\": " << report.batch_size << ", \"seed\": " << report.seed
      << ", \"repeats\": " << report.repeats
      << ",\n \"hardware_threads\": " << report.hardware_threads
      << ", \"load_average\": {\"before\": " << json_number(report.load_before)
      << ", \"after\": " << json_number(report.load_after) << "},\n \"runs\": [";
  for (std::size_t i = 0; i < report.rows.size(); ++i) {
    const BenchRow& row = report.rows[i];
    out << (i == 0 ? "\n  " : ",\n  ") << "{\"threads\": " << row.threads
        << ", \"wall_s\": " << json_array(row.wall_s) << ", \"cpu_s\": " << json_array(row.cpu_s)
        << ", \"wall_median_s\": " << json_number(row.wall_median_s)
        << ", \"cpu_median_s\": " << json_number(row.cpu_median_s)
        << ",\n   \"path_years_per_s\": " << json_number(row.path_years_per_s)
        << ", \"ns_per_path_year_per_core\": " << json_number(row.ns_per_path_year_per_core)
        << ", \"cpu_ns_per_path_year\": " << json_number(row.cpu_ns_per_path_year)
        << ", \"efficiency_wall\": " << json_number(row.efficiency_wall)
        << ", \"efficiency_cpu\": " << json_number(row.efficiency_cpu)
        << ",\n   \"peak_rss_bytes\": " << row.peak_rss_bytes
        << ", \"bytes_written\": " << row.bytes_written
        << ", \"write_bytes_per_s\": " << json_number(row.write_bytes_per_s)
        << ", \"result_hash\": " << json_string(row.result_hash)
        << ", \"identical\": " << (row.identical ? "true" : "false") << "}";
  }
  out << "]}\n";
}

}  // namespace regiosim::cli
