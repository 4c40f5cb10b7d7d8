// regiosim command-line interface. Exit codes: 0 success, 2 invalid input or usage, 1 any other
// failure (including an interrupted run). Errors go to stderr as one line.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "audit_printer.hpp"
#include "bench_command.hpp"
#include "calibrate_printer.hpp"
#include "comparison_printer.hpp"
#include "json_writer.hpp"
#include "multipliers_printer.hpp"
#include "regiosim/calibrate.hpp"
#include "regiosim/comparison.hpp"
#include "regiosim/error.hpp"
#include "regiosim/model.hpp"
#include "regiosim/multipliers.hpp"
#include "regiosim/plan_audit.hpp"
#include "regiosim/rebase.hpp"
#include "regiosim/result_file.hpp"
#include "regiosim/runner.hpp"
#include "regiosim/scenario.hpp"
#include "regiosim/sweep.hpp"
#include "regiosim/version.hpp"
#include "scorecard_printer.hpp"
#include "seed_option.hpp"
#include "sweep_printer.hpp"
#include "text_format.hpp"

namespace {

constexpr int EXIT_INVALID = 2;

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_signal(int signal_number) {
  g_interrupted.store(true);
  std::signal(signal_number, SIG_DFL);  // a second Ctrl-C kills at once
}

struct RunArgs {
  std::string scenario = REGIOSIM_DEFAULT_SCENARIO;
  std::uint64_t paths = 10000;
  std::uint64_t seed = 1;
  int threads = 0;
  std::size_t batch_size = regiosim::RunOptions{}.batch_size;
  std::uint64_t parameter_sets = 0;
  std::string out;
  std::vector<std::string> overrides;
  std::string store = "full";
  std::uint64_t max_file_size = std::uint64_t{64} << 30;  // 64 GiB
  bool json = false;
  bool quiet = false;
};

struct ValidateArgs {
  std::string scenario;
  std::vector<std::string> overrides;
  bool resolved = false;
  bool domains = false;
  bool strict = false;
};

struct AuditArgs {
  std::string scenario = REGIOSIM_DEFAULT_SCENARIO;
  std::vector<std::string> overrides;
  bool json = false;
};

struct ReportArgs {
  std::string result;
  std::string out;
};

struct MultipliersArgs {
  std::string scenario = REGIOSIM_DEFAULT_SCENARIO;
  std::vector<std::string> overrides;
  bool json = false;
};

struct CompareArgs {
  std::string scenario_a;
  std::string scenario_b;
  std::vector<std::string> overrides_a;
  std::vector<std::string> overrides_b;
  std::uint64_t paths = 10000;
  std::uint64_t seed = 1;
  int threads = 0;
  bool json = false;
};

struct SolveArgs {
  std::string scenario = REGIOSIM_DEFAULT_SCENARIO;
  std::vector<std::string> overrides;
  std::string target;
  double alpha = 0;
  std::string lever;
  std::string range;
  int steps = 12;
  std::uint64_t paths = 2000;
  std::uint64_t seed = 1;
  int threads = 0;
  bool json = false;
};

struct RebaseArgs {
  regiosim::RebaseOptions options;
};

struct CleanArgs {
  std::vector<std::string> directories{"."};
};

struct CalibrateArgs {
  regiosim::CalibrateOptions options;  // options.output: --out, the overlay (none if empty)
  bool json = false;
};

struct SweepArgs {
  std::string sweep;
  std::string out;
  int threads = 0;
  bool resume = false;
  bool quiet = false;
  bool json = false;
};

// A command on a scenario and a history: the scenario, the history file and the region.
CLI::App* add_history_command(CLI::App& app, const char* name, const char* description,
                              std::string& scenario, const char* scenario_help,
                              std::string& history, std::string& region) {
  CLI::App* command = app.add_subcommand(name, description);
  command->add_option("scenario", scenario, scenario_help)->required();
  command->add_option("--history", history, "History CSV file")->required();
  command->add_option("--region", region, "Region of the history rows")->required();
  return command;
}

// The output must go to an existing directory, and not onto a directory: checked before the run so
// a typo costs nothing.
void check_output_path(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw regiosim::UsageError("--out: directory '" + dir.string() + "' does not exist");
  if (fs::is_directory(p, ec))
    throw regiosim::UsageError("--out: '" + path + "' is a directory (expected a file name)");
  // The result is renamed over the path: only an absent path or a regular file (also through a
  // symlink) may be replaced, never a device, a FIFO, a socket or a dangling link's target.
  const fs::file_status target = fs::status(p, ec);
  if (fs::exists(target) && !fs::is_regular_file(target)) {
    throw regiosim::UsageError("--out: '" + path +
                               "' is not a regular file (expected a new or a regular file)");
  }
  if (fs::is_symlink(fs::symlink_status(p, ec)) && !fs::exists(target)) {
    throw regiosim::UsageError("--out: '" + path +
                               "' is a symlink to nothing (expected a new or a "
                               "regular file)");
  }
}

// A size in MiB below a GiB, else in GiB.
std::string size_text(std::uint64_t bytes) {
  char text[32];
  const double b = static_cast<double>(bytes);
  if (bytes < (std::uint64_t{1} << 30)) {
    std::snprintf(text, sizeof text, "%.1f MiB", b / (1 << 20));
  } else {
    std::snprintf(text, sizeof text, "%.1f GiB", b / (1 << 30));
  }
  return text;
}

// A full-store file larger than --max-file-size or than the free space where it goes is refused
// before the run starts (it would fail at the end, or fill the disk), with its estimated size.
void check_file_size(const std::string& out, const regiosim::ResultFileHeader& header,
                     std::uint64_t max_bytes) {
  const std::uint64_t bytes = regiosim::estimated_file_bytes(header);
  const std::string size = "the result file would take at least " + size_text(bytes) + " (" +
                           std::to_string(header.paths) + " paths, store full)";
  const std::string remedy = "; use --store summary or fewer --paths";
  if (bytes > max_bytes) {
    throw regiosim::UsageError(size + ", more than --max-file-size " + size_text(max_bytes) +
                               remedy + ", or raise --max-file-size");
  }
  const std::filesystem::path p(out);
  std::error_code ec;
  const std::filesystem::space_info space =
      std::filesystem::space(p.has_parent_path() ? p.parent_path() : ".", ec);
  if (!ec && bytes > space.available) {
    throw regiosim::UsageError(size + ", more than the " + size_text(space.available) +
                               " free where it goes" + remedy);
  }
}

class ProgressBar {
 public:
  // `unit`: what is counted ("paths", "points").
  ProgressBar(bool enabled, const char* unit)
      : enabled_(enabled), unit_(unit), start_(std::chrono::steady_clock::now()) {}
  ~ProgressBar() { finish(); }
  // Ends the bar's line, so what is printed next starts on a line of its own.
  void finish() {
    if (enabled_ && drawn_) std::fputs("\n", stderr);
    drawn_ = false;
  }
  void operator()(std::uint64_t done, std::uint64_t total) {
    if (!enabled_) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    const int width = 30;
    const int filled =
        total > 0 ? static_cast<int>(width * static_cast<double>(done) / static_cast<double>(total))
                  : 0;
    std::fprintf(stderr, "\r[%-*s] %llu/%llu %s  %.0f %s/s  ETA %.0f s ", width,
                 std::string(static_cast<std::size_t>(filled), '=').c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 unit_, rate, unit_, eta);
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  bool enabled_;
  const char* unit_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

// Keys with no effect (scenarios/README.md, "Validation"): one stderr line each, the error format
// with "warning: " before the key path. The exit code is unchanged.
void print_warnings(const regiosim::ScenarioSpec& spec) {
  for (const regiosim::ScenarioWarning& w : spec.warnings) {
    std::cerr << w.location.file << ":" << w.location.line << ":" << w.location.column
              << ": warning: " << w.key_path << ": " << w.message << "\n";
  }
}

// <metadata.name>.h5 in the current directory, whatever the name holds: path separators and
// control characters become '_' and leading dots go, so "../../x" cannot write two directories up.
std::string default_output(const regiosim::ScenarioSpec& spec) {
  std::string name;
  for (const char c : spec.metadata.name) {
    const auto u = static_cast<unsigned char>(c);
    name += (c == '/' || c == '\\' || u < 0x20 || u == 0x7f) ? '_' : c;
  }
  name.erase(0, name.find_first_not_of('.'));
  return (name.empty() ? std::string("run") : name) + ".h5";
}

int command_run(const RunArgs& args) {
  // From the start: a signal at any moment before the output is renamed into place cancels the run
  // (exit 1, the existing output untouched); the runner and the commit check the flag.
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const regiosim::ScenarioSpec spec = regiosim::load_scenario(args.scenario, args.overrides);
  print_warnings(spec);
  const std::string out = args.out.empty() ? default_output(spec) : args.out;
  check_output_path(out);
  const regiosim::Model model(spec);

  regiosim::RunOptions options;
  options.paths = args.paths;
  options.seed = args.seed;
  options.threads = args.threads;
  options.batch_size = args.batch_size;
  options.parameter_sets = args.parameter_sets;

  const regiosim::ResultFileHeader header = regiosim::result_file_header(
      spec, options,
      args.store == "full" ? regiosim::StoreMode::Full : regiosim::StoreMode::Summary);

  check_file_size(out, header, args.max_file_size);
  regiosim::ResultFileWriter writer(out, header);
  ProgressBar bar(!args.quiet && isatty(STDERR_FILENO) != 0, "paths");
  regiosim::RunResult result = regiosim::run(
      model, options, header.store == regiosim::StoreMode::Full ? &writer : nullptr, &g_interrupted,
      [&bar](std::uint64_t done, std::uint64_t total) { bar(done, total); });
  bar.finish();
  writer.commit(result, &g_interrupted);  // a signal before the rename still cancels
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  const regiosim::cli::RunDescription description{spec.metadata.name, spec.base_year, args.seed,
                                                  out};
  if (args.json) {
    regiosim::cli::print_scorecard_json(std::cout, description, result);
  } else {
    regiosim::cli::print_scorecard_table(std::cout, description, result);
  }
  return 0;
}

int command_validate(const ValidateArgs& args) {
  const regiosim::ScenarioSpec spec = regiosim::load_scenario(args.scenario, args.overrides);
  if (args.strict && !spec.warnings.empty()) {
    // --strict: the first warning is the error, one line and exit 2 like any invalid input.
    const regiosim::ScenarioWarning& first = spec.warnings.front();
    throw regiosim::ConfigError(first.location, first.key_path, first.message);
  }
  print_warnings(spec);
  if (args.resolved) {
    std::cout << spec.resolved_yaml;
  } else if (args.domains) {
    // One line per scalar parameter: its key path and its domain (docs/domains.md).
    for (const regiosim::ParameterDomain& d : spec.domains)
      std::cout << d.key_path << '\t' << d.description << '\n';
  } else {
    std::cout << args.scenario << ": valid (" << spec.sectors.size() << " sectors, "
              << spec.base_year << "-" << spec.end_year << ", " << spec.targets.size()
              << " targets)\n";
  }
  return 0;
}

// The plan audit (MODEL.md section 9): deterministic, no simulation.
int command_audit(const AuditArgs& args) {
  const regiosim::ScenarioSpec spec = regiosim::load_scenario(args.scenario, args.overrides);
  const regiosim::PlanAudit audit = regiosim::audit_plan(spec);
  if (args.json) {
    regiosim::cli::print_audit_json(std::cout, audit);
  } else {
    regiosim::cli::print_audit_table(std::cout, audit);
  }
  return 0;
}

// Leontief inverses and Type I multipliers of the national A and of the regional Ar from M6, and
// the demand block L_DD of M7 (MODEL.md sections 5 and 10): deterministic, no simulation.
int command_multipliers(const MultipliersArgs& args) {
  const regiosim::ScenarioSpec spec = regiosim::load_scenario(args.scenario, args.overrides);
  const regiosim::MultiplierReport report = regiosim::multiplier_report(spec);
  if (args.json) {
    regiosim::cli::print_multipliers_json(std::cout, report);
  } else {
    regiosim::cli::print_multipliers_table(std::cout, report);
  }
  return 0;
}

// Loads one side of a comparison; errors in its overrides name the option they came from
// (--set-a, --set-b) rather than --set.
regiosim::ScenarioSpec load_side(const std::string& path, const std::vector<std::string>& overrides,
                                 const char* option) {
  try {
    return regiosim::load_scenario(path, overrides);
  } catch (const regiosim::ConfigError& e) {
    if (e.location().file != "--set") throw;
    throw regiosim::ConfigError({option, e.location().line, e.location().column}, e.key_path(),
                                e.message());
  }
}

// Both scenarios on the same seed and paths: the streams are keyed by (seed, path, stream), so
// path k draws the same shocks in both runs and the differences are paired (comparison.hpp).
int command_compare(const CompareArgs& args) {
  const regiosim::ScenarioSpec a = load_side(args.scenario_a, args.overrides_a, "--set-a");
  const regiosim::ScenarioSpec b = load_side(args.scenario_b, args.overrides_b, "--set-b");
  regiosim::RunOptions options;
  options.paths = args.paths;
  options.seed = args.seed;
  options.threads = args.threads;
  options.keep_target_values = true;  // paired path by path
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const regiosim::RunResult result_a =
      regiosim::run(regiosim::Model(a), options, nullptr, &g_interrupted);
  const regiosim::RunResult result_b =
      regiosim::run(regiosim::Model(b), options, nullptr, &g_interrupted);
  const regiosim::RunComparison comparison = regiosim::compare_runs(a, result_a, b, result_b);
  const regiosim::cli::CompareDescription description{a.metadata.name, b.metadata.name, args.seed};
  if (args.json) {
    regiosim::cli::print_comparison_json(std::cout, description, comparison);
  } else {
    regiosim::cli::print_comparison_table(std::cout, description, comparison);
  }
  return 0;
}

// "LO:HI" as two numbers.
std::pair<double, double> parse_range(const std::string& text) {
  const std::size_t colon = text.find(':');
  const std::string message = "--range: expected LO:HI with two numbers, got '" + text + "'";
  if (colon == std::string::npos) throw regiosim::UsageError(message);
  auto number = [&](const std::string& part) {
    char* end = nullptr;
    const double x = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0' || !std::isfinite(x)) throw regiosim::UsageError(message);
    return x;
  };
  return {number(text.substr(0, colon)), number(text.substr(colon + 1))};
}

// Bisection on the lever with the same seed and paths at every value (common random numbers), so
// P(meet) moves with the lever alone and not with fresh noise (comparison.hpp). Each value is set
// as one more `--set lever=value`, so a key path or value the scenario rejects is reported as any
// --set error.
int command_solve(const SolveArgs& args) {
  const auto [lo, hi] = parse_range(args.range);
  regiosim::find_target(regiosim::load_scenario(args.scenario, args.overrides), args.target);
  regiosim::RunOptions options;
  options.paths = args.paths;
  options.seed = args.seed;
  options.threads = args.threads;
  std::vector<std::string> overrides = args.overrides;
  overrides.emplace_back();
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  auto evaluate = [&](double lever) {
    char value[32];
    std::snprintf(value, sizeof value, "%.17g", lever);
    overrides.back() = args.lever + "=" + value;
    const regiosim::ScenarioSpec spec = regiosim::load_scenario(args.scenario, overrides);
    const regiosim::RunResult result =
        regiosim::run(regiosim::Model(spec), options, nullptr, &g_interrupted);
    const regiosim::TargetResult& target =
        result.scorecard.targets[regiosim::find_target(spec, args.target)];
    return regiosim::LeverPoint{lever, target.p_meet, target.p_meet_se};
  };
  const regiosim::SolveResult result =
      regiosim::solve_lever(evaluate, lo, hi, args.alpha, args.steps);
  const regiosim::cli::SolveDescription description{args.scenario, args.target, args.lever,
                                                    args.alpha,    lo,          hi,
                                                    args.steps,    args.seed,   args.paths};
  if (args.json) {
    regiosim::cli::print_solve_json(std::cout, description, result);
  } else {
    regiosim::cli::print_solve_table(std::cout, description, result);
  }
  return 0;
}

int command_sweep(const SweepArgs& args) {
  const regiosim::SweepSpec spec = regiosim::load_sweep(args.sweep);
  const std::string out =
      args.out.empty() ? std::filesystem::path(args.sweep).stem().string() + ".h5" : args.out;
  check_output_path(out);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  ProgressBar bar(!args.quiet && isatty(STDERR_FILENO) != 0, "points");
  regiosim::SweepOptions options;
  options.threads = args.threads;
  options.checkpoint = regiosim::checkpoint_directory_for(out);
  options.resume = args.resume;
  options.cancel = &g_interrupted;
  options.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar(done, total); };
  const regiosim::SweepResult result = regiosim::run_sweep(spec, options);
  bar.finish();
  regiosim::write_sweep_file(out, spec, result, options);
  // The file is whole and in place: only now may the finished points go.
  regiosim::remove_checkpoint(options.checkpoint);
  if (args.json) {
    regiosim::cli::print_sweep_json(std::cout, spec, result, out);
  } else {
    regiosim::cli::print_sweep_table(std::cout, spec, result, out, options.checkpoint);
  }
  return 0;
}

// A scenario re-based on a later year (rebase.hpp): the new file, then the lists of what came
// from the history, what was carried forward and which targets changed or were dropped. The output
// is checked like run's (an existing directory, not a directory) and replaced atomically.
int command_rebase(const RebaseArgs& args) {
  check_output_path(args.options.output);
  const regiosim::RebaseResult result = regiosim::rebase_scenario(args.options);
  regiosim::write_text_atomically(args.options.output, result.yaml);
  auto print = [](const char* title, const std::vector<std::string>& keys) {
    std::cout << title << " (" << keys.size() << "):";
    for (const std::string& key : keys)
      std::cout << " " << key;
    std::cout << "\n";
  };
  std::cout << "wrote " << args.options.output << " (base year " << args.options.year << ")\n";
  print("observed", result.observed);
  print("carried", result.carried);
  print("targets rewritten as levels", result.rewritten_targets);
  print("past targets dropped", result.past_targets);
  return 0;
}

// The temporaries that killed or crashed runs left (their lock is free), removed and listed.
int command_clean(const CleanArgs& args) {
  std::size_t count = 0;
  for (const std::string& directory : args.directories) {
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec))
      throw regiosim::UsageError("clean: '" + directory + "' is not a directory");
    for (const std::string& path : regiosim::remove_dead_temporaries(directory)) {
      std::cout << "removed " << path << "\n";
      ++count;
    }
  }
  if (count == 0) std::cout << "no temporary file of a dead run\n";
  return 0;
}

// Estimates from a history (calibrate.hpp): the table or JSON, and the overlay written atomically
// where --out says (checked before the estimation, which takes a while).
int command_calibrate(const CalibrateArgs& args) {
  const std::string& out = args.options.output;
  if (!out.empty()) check_output_path(out);
  const regiosim::CalibrationResult result = regiosim::calibrate(args.options);
  if (!out.empty()) regiosim::write_text_atomically(out, result.overlay_yaml);
  if (args.json) {
    regiosim::cli::print_calibration_json(std::cout, result, out);
  } else {
    regiosim::cli::print_calibration_table(std::cout, result, out);
  }
  return 0;
}

// The visual report is pure Python (bindings/python/regiosim/report.py): run it in place of this
// process, with the built package on PYTHONPATH, so its exit code (2: not a result file) is ours.
int command_report(const ReportArgs& args) {
  std::string path = REGIOSIM_REPORT_PYTHONPATH;
  if (const char* existing = std::getenv("PYTHONPATH"); existing != nullptr && *existing != '\0')
    path += std::string(":") + existing;
  setenv("PYTHONPATH", path.c_str(), 1);
  std::vector<std::string> words{REGIOSIM_PYTHON, "-m",    "regiosim.report",
                                 args.result,     "--out", args.out};
  std::vector<char*> argv;
  for (std::string& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  execv(REGIOSIM_PYTHON, argv.data());
  throw std::runtime_error(std::string("report: cannot run ") + REGIOSIM_PYTHON + ": " +
                           std::strerror(errno));
}

}  // namespace

int main(int argc, char** argv) {
  regiosim::disable_hdf5_exit_cleanup();
  CLI::App app{"regiosim: Monte Carlo scenarios of a regional economy against its plan targets"};
  app.set_version_flag("--version", std::string("regiosim ") + regiosim::engine_version() +
                                        " (git " + regiosim::git_commit() + ")");
  app.require_subcommand(1);

  RunArgs run_args;
  CLI::App* run = app.add_subcommand("run", "Run the Monte Carlo and print the target scorecard");
  run->add_option("scenario", run_args.scenario,
                  "Scenario YAML file (default: the Luolong 14th FYP scenario)");
  run->add_option("--paths", run_args.paths, "Number of Monte Carlo paths")
      ->check(CLI::Range(1ull, 4294967295ull));
  regiosim::cli::add_seed_option(run, run_args.seed, "Master random seed");
  run->add_option("--threads", run_args.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  run->add_option("--batch-size", run_args.batch_size,
                  "Paths per batch (results do not depend on it)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  run->add_option("--parameter-sets", run_args.parameter_sets,
                  "Draw this many parameter sets from the scenario's priors, --paths paths each, "
                  "and split each target's variance into parameters and shocks")
      ->check(CLI::Range(2ull, 4294967295ull));
  run->add_option("--out", run_args.out, "Output HDF5 file (default: <scenario name>.h5)");
  run->add_option("--set", run_args.overrides,
                  "Override a scenario value: key.path=value (repeatable)")
      ->take_all();
  run->add_option("--store", run_args.store,
                  "full: every path; summary: quantiles and scorecard only")
      ->check(CLI::IsMember({"full", "summary"}));
  run->add_option("--max-file-size", run_args.max_file_size,
                  "Refuse a full-store run whose file would be larger (default 64GiB; "
                  "units b, kb, mb, gb, kib, mib, gib)")
      ->transform(CLI::AsSizeValue(true));
  run->add_flag("--json", run_args.json, "Print the scorecard as one JSON document");
  run->add_flag("--quiet", run_args.quiet, "No progress bar");

  ValidateArgs validate_args;
  CLI::App* validate = app.add_subcommand("validate", "Check a scenario file and report errors");
  validate->add_option("scenario", validate_args.scenario, "Scenario YAML file")->required();
  validate
      ->add_option("--set", validate_args.overrides, "Override a scenario value: key.path=value")
      ->take_all();
  validate->add_flag("--resolved", validate_args.resolved,
                     "Print the resolved scenario (extends, --set, defaults)");
  validate
      ->add_flag("--domains", validate_args.domains,
                 "Print each parameter's key path and domain, one per line (docs/domains.md)")
      ->excludes("--resolved");
  validate->add_flag("--strict", validate_args.strict,
                     "Treat a warning (a key with no effect) as an error: exit 2");

  AuditArgs audit_args;
  CLI::App* audit = app.add_subcommand(
      "audit", "Check the plan's targets against their own bases and stated rates (no simulation)");
  audit->add_option("scenario", audit_args.scenario,
                    "Scenario YAML file (default: the Luolong 14th FYP scenario)");
  audit->add_option("--set", audit_args.overrides, "Override a scenario value: key.path=value")
      ->take_all();
  audit->add_flag("--json", audit_args.json, "Print the audit as one JSON document");

  MultipliersArgs multipliers_args;
  CLI::App* multipliers = app.add_subcommand(
      "multipliers",
      "Print the Leontief inverses and Type I multipliers, national and regional (no simulation)");
  multipliers->add_option("scenario", multipliers_args.scenario,
                          "Scenario YAML file (default: the Luolong 14th FYP scenario)");
  multipliers
      ->add_option("--set", multipliers_args.overrides, "Override a scenario value: key.path=value")
      ->take_all();
  multipliers->add_flag("--json", multipliers_args.json,
                        "Print the multipliers and both inverses as one JSON document");

  ReportArgs report_args;
  CLI::App* report = app.add_subcommand(
      "report", "Write an HTML report with figures of a result file (python3 -m regiosim.report)");
  report->add_option("result", report_args.result, "Result file written by regiosim run")
      ->required();
  report->add_option("--out", report_args.out, "Directory for index.html and the figures")
      ->required();

  CompareArgs compare_args;
  CLI::App* compare = app.add_subcommand(
      "compare", "Run two scenarios on the same draws and print paired differences (B minus A)");
  compare->add_option("scenario_a", compare_args.scenario_a, "Scenario A (the baseline)")
      ->required();
  compare->add_option("scenario_b", compare_args.scenario_b, "Scenario B (the variant)")
      ->required();
  compare->add_option("--set-a", compare_args.overrides_a, "Override a value of A: key.path=value")
      ->take_all();
  compare->add_option("--set-b", compare_args.overrides_b, "Override a value of B: key.path=value")
      ->take_all();
  compare->add_option("--paths", compare_args.paths, "Monte Carlo paths (the same for both)")
      ->check(CLI::Range(2ull, 4294967295ull));
  regiosim::cli::add_seed_option(compare, compare_args.seed,
                                 "Master random seed (the same for both)");
  compare->add_option("--threads", compare_args.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  compare->add_flag("--json", compare_args.json, "Print the differences as one JSON document");

  SolveArgs solve_args;
  CLI::App* solve = app.add_subcommand(
      "solve", "Find the lever value at which P(meet) reaches a probability (bisection)");
  solve->add_option("scenario", solve_args.scenario,
                    "Scenario YAML file (default: the Luolong 14th FYP scenario)");
  solve->add_option("--target", solve_args.target, "Target id")->required();
  solve->add_option("--probability", solve_args.alpha, "The P(meet) to reach, in (0, 1)")
      ->required();
  solve->add_option("--lever", solve_args.lever, "The key path of the lever (as for --set)")
      ->required();
  solve->add_option("--range", solve_args.range, "LO:HI, the lever values searched")->required();
  solve->add_option("--steps", solve_args.steps, "Bisection steps: tolerance (HI - LO) / 2^steps")
      ->check(CLI::Range(1, 50));
  solve->add_option("--paths", solve_args.paths, "Monte Carlo paths at each lever value")
      ->check(CLI::Range(2ull, 4294967295ull));
  regiosim::cli::add_seed_option(solve, solve_args.seed,
                                 "Master random seed (the same at every value)");
  solve->add_option("--threads", solve_args.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  solve->add_option("--set", solve_args.overrides, "Override a scenario value: key.path=value")
      ->take_all();
  solve->add_flag("--json", solve_args.json, "Print the answer as one JSON document");

  SweepArgs sweep_args;
  CLI::App* sweep = app.add_subcommand(
      "sweep",
      "Run a scenario at every point of a parameter design (grid, lhs, sobol, morris, mc)");
  sweep->add_option("sweep", sweep_args.sweep, "Sweep YAML file")->required();
  sweep->add_option("--out", sweep_args.out, "Output HDF5 file (default: <sweep file stem>.h5)");
  sweep->add_option("--threads", sweep_args.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  sweep->add_flag("--resume", sweep_args.resume,
                  "Continue an interrupted sweep from <out>.partial (finished points are kept)");
  sweep->add_flag("--quiet", sweep_args.quiet, "No progress bar");
  sweep->add_flag("--json", sweep_args.json, "Print the sweep as one JSON document");

  RebaseArgs rebase_args;
  CLI::App* rebase = add_history_command(
      app, "rebase",
      "Write a scenario re-based on a later year: observed values from a history file, "
      "the others carried forward along the old scenario's median path",
      rebase_args.options.scenario, "The scenario to re-base", rebase_args.options.history,
      rebase_args.options.region);
  rebase->add_option("--year", rebase_args.options.year, "The new base year")->required();
  rebase->add_option("--out", rebase_args.options.output, "The new scenario YAML file")->required();
  rebase->add_option("--paths", rebase_args.options.paths, "Paths of the old scenario's run")
      ->check(CLI::Range(1ull, 4294967295ull));
  regiosim::cli::add_seed_option(rebase, rebase_args.options.seed,
                                 "Master random seed of that run");
  rebase->add_option("--threads", rebase_args.options.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 4096));

  CalibrateArgs calibrate_args;
  CLI::App* calibrate = add_history_command(
      app, "calibrate",
      "Estimate drifts and volatilities from a region's published growth rates (simulated method "
      "of moments) and write them as a scenario overlay",
      calibrate_args.options.scenario, "The scenario to estimate", calibrate_args.options.history,
      calibrate_args.options.region);
  calibrate->add_option("--until", calibrate_args.options.last_year,
                        "Use observations up to this year only (out-of-sample checks)");
  calibrate
      ->add_option("--indicators", calibrate_args.options.indicators,
                   "Use only these series (comma-separated)")
      ->delimiter(',');
  calibrate->add_option("--out", calibrate_args.options.output, "The overlay YAML file to write");
  calibrate
      ->add_option("--paths", calibrate_args.options.paths,
                   "Simulated paths per evaluation (default 2000)")
      ->check(CLI::Range(2ull, 4294967295ull));
  regiosim::cli::add_seed_option(calibrate, calibrate_args.options.seed, "Master random seed");
  calibrate->add_option("--threads", calibrate_args.options.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 4096));
  calibrate
      ->add_option("--set", calibrate_args.options.overrides,
                   "Override a scenario value: key.path=value")
      ->take_all();
  calibrate->add_flag("--json", calibrate_args.json, "Print the estimates as one JSON document");

  CleanArgs clean_args;
  CLI::App* clean = app.add_subcommand(
      "clean", "Remove the temporary files of runs that were killed (their lock is free)");
  clean->add_option("directories", clean_args.directories, "Directories (default: .)");

  regiosim::cli::BenchArgs bench_args;
  CLI::App* bench = regiosim::cli::add_bench_command(app, bench_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print as CLI11 prints them; an error is one line naming the option.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "regiosim: " << e.what() << "\n";
    return EXIT_INVALID;
  }

  try {
    if (run->parsed()) return command_run(run_args);
    if (audit->parsed()) return command_audit(audit_args);
    if (multipliers->parsed()) return command_multipliers(multipliers_args);
    if (report->parsed()) return command_report(report_args);
    if (compare->parsed()) return command_compare(compare_args);
    if (solve->parsed()) return command_solve(solve_args);
    if (sweep->parsed()) return command_sweep(sweep_args);
    if (rebase->parsed()) return command_rebase(rebase_args);
    if (calibrate->parsed()) return command_calibrate(calibrate_args);
    if (clean->parsed()) return command_clean(clean_args);
    if (bench->parsed()) {
      std::signal(SIGINT, on_signal);
      std::signal(SIGTERM, on_signal);
      return regiosim::cli::command_bench(bench_args, &g_interrupted);
    }
    return command_validate(validate_args);
  } catch (const regiosim::ConfigError& e) {
    std::cerr << e.what() << "\n";
    return EXIT_INVALID;
  } catch (const regiosim::UsageError& e) {
    std::cerr << "regiosim: " << e.what() << "\n";
    return EXIT_INVALID;
  } catch (const regiosim::Interrupted&) {
    std::cerr << "regiosim: interrupted; no output file was written\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "regiosim: out of memory (the scorecard keeps one value per path and target; "
                 "use fewer --paths)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "regiosim: " << e.what() << "\n";
    return 1;
  }
}
