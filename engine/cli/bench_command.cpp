#include "bench_command.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "bench_printer.hpp"
#include "regiosim/error.hpp"
#include "regiosim/fingerprint.hpp"
#include "regiosim/model.hpp"
#include "regiosim/result_file.hpp"
#include "regiosim/runner.hpp"
#include "regiosim/scenario.hpp"
#include "seed_option.hpp"

extern char** environ;

namespace regiosim::cli {

namespace {

namespace fs = std::filesystem;

// What one worker process measured.
struct Sample {
  double wall_s = 0;
  double cpu_s = 0;
  std::uint64_t peak_rss_bytes = 0;
  std::uint64_t bytes_written = 0;
  std::string result_hash;
};

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// This process's peak resident memory (VmHWM). Unlike ru_maxrss it belongs to the address space,
// which exec replaces, so the worker does not inherit the parent's.
std::uint64_t peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return 1024 * std::strtoull(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

// A fingerprint of the scorecard and every quantile: equal fingerprints across thread counts show
// the results bit-identical without keeping them.
std::string result_hash(const RunResult& result) {
  std::uint64_t h = FNV_OFFSET;
  auto add = [&h](const std::vector<double>& values) {
    h = fnv1a(std::string_view(reinterpret_cast<const char*>(values.data()),
                               values.size() * sizeof(double)),
              h);
  };
  const Scorecard& card = result.scorecard;
  for (const TargetResult& t : card.targets) {
    add({t.p_meet, t.p_meet_se, t.median, t.q05, t.q95, t.expected_shortfall,
         t.expected_shortfall_se});
    add(t.first_passage);
  }
  for (const auto& [year, p] : card.p_at_least)
    add(p);
  for (const std::vector<double>& values : result.quantiles.values)
    add(values);
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, h);
  return text;
}

// The worker: one run with args.threads[0] threads, timed from the start of run() to the end of
// the result file's commit (store=full; the summary store writes no file), printed as one line.
int run_worker(const BenchArgs& args, const std::atomic<bool>* cancel) {
  const ScenarioSpec spec = load_scenario(args.scenario, args.overrides);
  const Model model(spec);
  RunOptions options;
  options.paths = args.paths;
  options.seed = args.seed;
  options.threads = args.threads.at(0);
  options.batch_size = args.batch_size;

  Sample sample;
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = process_cpu_seconds();
  RunResult result;
  fs::path file;
  if (args.store == "full") {
    const fs::path dir = args.dir.empty() ? fs::temp_directory_path() : fs::path(args.dir);
    file = dir / ("regiosim-bench-" + std::to_string(getpid()) + ".h5");
    ResultFileWriter writer(file.string(), result_file_header(spec, options, StoreMode::Full));
    result = run(model, options, &writer, cancel);
    writer.commit(result);
  } else {
    result = run(model, options, nullptr, cancel);
  }
  sample.cpu_s = process_cpu_seconds() - cpu_start;
  sample.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!file.empty()) {
    sample.bytes_written = fs::file_size(file);
    fs::remove(file);
  }
  std::printf("wall_s=%.17g cpu_s=%.17g peak_rss_bytes=%" PRIu64 " bytes_written=%" PRIu64
              " result_hash=%s\n",
              sample.wall_s, sample.cpu_s, peak_rss_bytes(), sample.bytes_written,
              result_hash(result).c_str());
  return 0;
}

Sample parse_sample(const std::string& line) {
  std::map<std::string, std::string> fields;
  std::istringstream words(line);
  std::string word;
  while (words >> word) {
    const std::size_t eq = word.find('=');
    if (eq != std::string::npos) fields[word.substr(0, eq)] = word.substr(eq + 1);
  }
  for (const char* key : {"wall_s", "cpu_s", "peak_rss_bytes", "bytes_written", "result_hash"})
    if (fields.count(key) == 0)
      throw std::runtime_error("bench: unexpected worker output '" + line + "'");
  Sample s;
  s.wall_s = std::stod(fields["wall_s"]);
  s.cpu_s = std::stod(fields["cpu_s"]);
  s.peak_rss_bytes = std::stoull(fields["peak_rss_bytes"]);
  s.bytes_written = std::stoull(fields["bytes_written"]);
  s.result_hash = fields["result_hash"];
  return s;
}

// Runs this binary as a worker with `threads` threads and returns what it measured. The worker's
// stderr is ours, so its errors reach the user as they are.
Sample spawn_worker(const BenchArgs& args, int threads, const std::atomic<bool>* cancel) {
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  std::vector<std::string> words{self,           "bench",
                                 args.scenario,  "--worker",
                                 "--paths",      std::to_string(args.paths),
                                 "--seed",       std::to_string(args.seed),
                                 "--threads",    std::to_string(threads),
                                 "--store",      args.store,
                                 "--batch-size", std::to_string(args.batch_size)};
  if (!args.dir.empty()) words.insert(words.end(), {"--dir", args.dir});
  for (const std::string& o : args.overrides)
    words.insert(words.end(), {"--set", o});
  std::vector<char*> argv;
  for (std::string& w : words)
    argv.push_back(w.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    throw std::runtime_error("bench: cannot run " + self + ": " + std::strerror(spawned));
  }
  std::string output;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(pipe_fds[0], buffer, sizeof buffer)) != 0) {
    if (n > 0)
      output.append(buffer, static_cast<std::size_t>(n));
    else if (errno != EINTR)
      break;
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (cancel != nullptr && cancel->load()) throw Interrupted();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("bench: the run with " + std::to_string(threads) +
                             " threads failed (worker exit status " +
                             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  return parse_sample(output);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// 1, 2, 4, ... below the machine's hardware threads, then that count.
std::vector<int> default_thread_counts(unsigned hardware) {
  std::vector<int> counts;
  for (unsigned p = 1; p < hardware; p *= 2)
    counts.push_back(static_cast<int>(p));
  counts.push_back(static_cast<int>(std::max(1u, hardware)));
  return counts;
}

double load_average() {
  double load = 0;
  return getloadavg(&load, 1) == 1 ? load : -1;
}

BenchRow make_row(int threads, const std::vector<Sample>& samples, double path_years) {
  BenchRow row;
  row.threads = threads;
  for (const Sample& s : samples) {
    row.wall_s.push_back(s.wall_s);
    row.cpu_s.push_back(s.cpu_s);
    row.peak_rss_bytes = std::max(row.peak_rss_bytes, s.peak_rss_bytes);
  }
  row.wall_median_s = median(row.wall_s);
  row.cpu_median_s = median(row.cpu_s);
  row.path_years_per_s = path_years / row.wall_median_s;
  row.ns_per_path_year_per_core = 1e9 * threads * row.wall_median_s / path_years;
  row.cpu_ns_per_path_year = 1e9 * row.cpu_median_s / path_years;
  row.bytes_written = samples.front().bytes_written;
  row.write_bytes_per_s = static_cast<double>(row.bytes_written) / row.wall_median_s;
  row.result_hash = samples.front().result_hash;
  return row;
}

}  // namespace

CLI::App* add_bench_command(CLI::App& app, BenchArgs& args) {
  CLI::App* bench = app.add_subcommand(
      "bench",
      "Standard throughput run: path-years/s, ns per path-year, parallel efficiency and "
      "peak memory per thread count");
  bench->add_option("scenario", args.scenario,
                    "Scenario YAML file (default: the Luolong 14th FYP scenario)");
  bench->add_option("--paths", args.paths, "Monte Carlo paths per run")
      ->check(CLI::Range(1ull, 4294967295ull));
  bench
      ->add_option("--threads", args.threads,
                   "Thread counts to measure, comma-separated (default: 1, 2, 4, ... all cores)")
      ->delimiter(',')
      ->check(CLI::Range(1, 4096));
  bench->add_option("--repeats", args.repeats, "Runs per thread count (the median is reported)")
      ->check(CLI::Range(1, 1000));
  bench->add_option("--store", args.store, "summary (no file) or full (every path to a file)")
      ->check(CLI::IsMember({"full", "summary"}));
  bench->add_option("--dir", args.dir, "store=full: directory of the (deleted) result file")
      ->check(CLI::ExistingDirectory);
  add_seed_option(bench, args.seed, "Master random seed");
  bench->add_option("--batch-size", args.batch_size, "Paths per batch")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  bench->add_option("--set", args.overrides, "Override a scenario value: key.path=value")
      ->take_all();
  bench->add_flag("--json", args.json, "Print the measurements as one JSON document");
  bench->add_flag("--worker", args.worker, "One measured run for the parent process")->group("");
  return bench;
}

int command_bench(const BenchArgs& args, const std::atomic<bool>* cancel) {
  if (args.worker) {
    try {
      return run_worker(args, cancel);
    } catch (const Interrupted&) {
      return 1;  // Ctrl-C reaches the parent too, which says so once
    }
  }

  const unsigned hardware = std::thread::hardware_concurrency();
  // Without OpenMP (effective_threads is then 1) the default is one thread.
  const auto usable =
      static_cast<unsigned>(effective_threads(static_cast<int>(std::max(1u, hardware))));
  const std::vector<int> counts =
      args.threads.empty() ? default_thread_counts(usable) : args.threads;
  for (int p : counts) {
    if (hardware > 0 && static_cast<unsigned>(p) > hardware)
      throw UsageError("--threads: " + std::to_string(p) + " is more than this machine's " +
                       std::to_string(hardware) + " hardware threads");
    if (p > 0 && effective_threads(p) != p)
      throw UsageError("--threads: " + std::to_string(p) +
                       ": this build runs one thread (built without OpenMP)");
  }
  // Checked here, so a scenario error is reported once, at its FILE:LINE:COLUMN, before any run.
  const ScenarioSpec spec = load_scenario(args.scenario, args.overrides);

  BenchReport report;
  report.scenario = spec.metadata.name;
  report.sectors = spec.sector_count();
  report.paths = args.paths;
  report.years = spec.years() - 1;
  report.path_years = args.paths * static_cast<std::uint64_t>(report.years);
  report.store = args.store;
  report.batch_size = args.batch_size;
  report.seed = args.seed;
  report.repeats = args.repeats;
  report.hardware_threads = hardware;
  report.load_before = load_average();

  // Rounds interleave the thread counts, so a change in the machine's load hits all of them alike.
  std::vector<std::vector<Sample>> samples(counts.size());
  for (int r = 0; r < args.repeats; ++r) {
    for (std::size_t i = 0; i < counts.size(); ++i)
      samples[i].push_back(spawn_worker(args, counts[i], cancel));
  }
  report.load_after = load_average();

  const double path_years = static_cast<double>(report.path_years);
  for (std::size_t i = 0; i < counts.size(); ++i)
    report.rows.push_back(make_row(counts[i], samples[i], path_years));
  const BenchRow& first = report.rows.front();
  for (std::size_t i = 0; i < counts.size(); ++i) {
    BenchRow& row = report.rows[i];
    row.efficiency_wall = (first.threads * first.wall_median_s) / (row.threads * row.wall_median_s);
    row.efficiency_cpu = first.cpu_median_s / row.cpu_median_s;
    row.identical = std::all_of(samples[i].begin(), samples[i].end(), [&](const Sample& s) {
      return s.result_hash == first.result_hash;
    });
  }
  if (args.json) {
    print_bench_json(std::cout, report);
  } else {
    print_bench_table(std::cout, report);
  }
  return 0;
}

}  // namespace regiosim::cli
