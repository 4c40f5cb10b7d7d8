// Reading a sweep file and running its points.
#include "regiosim/sweep.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <sstream>

#include "config/map_reader.hpp"
#include "config/yaml_reader.hpp"
#include "regiosim/model.hpp"
#include "regiosim/scenario.hpp"
#include "sweep/checkpoint.hpp"

namespace regiosim {

namespace {

using config::MapReader;
using config::Node;

// Bootstrap resamples of the Sobol indices: enough for stable 2.5 % and 97.5 % percentiles.
constexpr int BOOTSTRAP_RESAMPLES = 200;
// With at least this many pending points per thread, points run side by side, one thread each:
// the last round leaves threads idle for at most one point in POINTS_PER_THREAD.
constexpr std::size_t POINTS_PER_THREAD = 8;
// The largest design: each point is a run, and the design and results are held in memory.
constexpr std::uint64_t MAX_POINTS = 1000000;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

SweepParameter read_parameter(Node& item, const std::string& path, Design design) {
  MapReader r(item, path);
  SweepParameter p;
  p.key = r.string("key");
  p.key_location = r.at("key").mark().location();
  if (design == Design::Grid) {
    p.levels = r.number_list("levels");
    p.value_location = r.at("levels").mark().location();
    if (p.levels.empty()) r.fail("levels", "no levels (expected a list of at least one number)");
    p.lo = *std::min_element(p.levels.begin(), p.levels.end());
    p.hi = *std::max_element(p.levels.begin(), p.levels.end());
  } else {
    const std::vector<double> range = r.number_list("range");
    p.value_location = r.at("range").mark().location();
    if (range.size() != 2) r.fail("range", "expected [lo, hi], two numbers");
    if (!(range[0] < range[1]))
      r.fail("range", "expected lo < hi, got [" + config::shortest_text(range[0]) + ", " +
                          config::shortest_text(range[1]) + "]");
    p.lo = range[0];
    p.hi = range[1];
  }
  r.finish();
  return p;
}

std::string assignment(const std::string& key, double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return key + "=" + text;
}

// A --set error of a point's scenario, moved to where the sweep file wrote the override or the
// parameter: the option index is the error's line.
[[noreturn]] void rethrow_at_sweep(const ConfigError& e, const SweepSpec& spec) {
  const auto index = static_cast<std::size_t>(e.location().line);
  if (index >= 1 && index <= spec.overrides.size())
    throw ConfigError(spec.override_locations[index - 1], e.key_path(), e.message());
  const std::size_t k = index - spec.overrides.size() - 1;
  const SweepParameter& p = spec.parameters.at(k);
  if (e.location().column <= static_cast<int>(p.key.size()))
    throw ConfigError(p.key_location, e.key_path(), e.message());
  throw ConfigError(p.value_location, e.key_path(), e.message());
}

// The body of load_sweep and parse_sweep: `root` is the parsed file (extends merged), `yaml` its
// text, `path` its name in messages, and the scenario is resolved against base_dir.
SweepSpec read_sweep(Node root, std::string yaml, const std::string& path,
                     const std::filesystem::path& base_dir) {
  SweepSpec spec;
  spec.path = path;
  spec.yaml = std::move(yaml);
  MapReader r(root, "");
  const std::string scenario_text = r.string("scenario");
  if (const auto problem = config::path_text_problem(scenario_text)) r.fail("scenario", *problem);
  const std::filesystem::path scenario = scenario_text;
  spec.scenario_path = (base_dir / scenario).string();
  std::error_code error;
  if (!std::filesystem::is_regular_file(spec.scenario_path, error))
    r.fail("scenario", "no scenario file '" + spec.scenario_path + "' (a path relative to the " +
                           "sweep file's directory)");
  spec.scenario.emplace(spec.scenario_path);
  if (r.has("overrides")) {
    Node& overrides = r.at("overrides");
    if (!overrides.is_map()) r.fail("overrides", "expected a map of key.path: value");
    for (std::size_t i = 0; i < overrides.entries().size(); ++i) {
      const auto& [key, value] = overrides.entries()[i];
      if (!value.is_scalar()) config::fail_at(value, "overrides." + key, "expected a scalar value");
      spec.overrides.push_back(key + "=" + value.text());
      spec.override_locations.push_back(overrides.key_mark_at(i).location());
    }
  }
  const std::string design = r.choice("design", {"grid", "lhs", "sobol", "morris", "mc"});
  spec.design = design == "grid"     ? Design::Grid
                : design == "lhs"    ? Design::Lhs
                : design == "sobol"  ? Design::Sobol
                : design == "morris" ? Design::Morris
                                     : Design::Mc;
  std::vector<Node>& items = r.sequence("parameters");
  if (items.empty()) r.fail("parameters", "no parameters (expected a list of at least one)");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item_path = "parameters[" + std::to_string(i) + "]";
    SweepParameter p = read_parameter(items[i], item_path, spec.design);
    for (const SweepParameter& other : spec.parameters) {
      if (other.key == p.key)
        throw ConfigError(p.key_location, item_path + ".key", "'" + p.key + "' is swept twice");
    }
    spec.parameters.push_back(std::move(p));
  }
  const auto d = static_cast<long>(spec.parameters.size());
  if (spec.design == Design::Sobol && 2 * d > sobol_max_dimensions())
    r.fail("parameters", "a sobol design takes at most " +
                             std::to_string(sobol_max_dimensions() / 2) + " parameters (the " +
                             "Saltelli scheme needs 2 dimensions per parameter)");
  if (spec.design == Design::Grid) {
    // Checked as it grows: 64 parameters of 2 levels would wrap around to 0 points.
    std::uint64_t product = 1;
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      const SweepParameter& p = spec.parameters[i];
      product *= p.levels.size();
      if (product > MAX_POINTS)
        throw ConfigError(p.value_location, "parameters[" + std::to_string(i) + "].levels",
                          "the grid would have more than " + std::to_string(MAX_POINTS) +
                              " points; a sweep takes at most " + std::to_string(MAX_POINTS));
    }
    if (r.has("points") && static_cast<std::uint64_t>(r.integer("points", 1, 1L << 40)) != product)
      r.fail("points", "a grid of these levels has " + std::to_string(product) + " points");
    spec.points = product;
  } else if (spec.design == Design::Sobol) {
    spec.points = static_cast<std::uint64_t>(r.integer("points", 2, 1L << 30));
    if ((spec.points & (spec.points - 1)) != 0)
      r.fail("points", "a sobol design needs a power of two base samples N (got " +
                           std::to_string(spec.points) + ")");
  } else {
    spec.points = static_cast<std::uint64_t>(r.integer("points", 1, 1L << 30));
  }
  if (spec.design == Design::Morris) {
    if (spec.points < 2)
      r.fail("points",
             "a morris design needs at least 2 trajectories (sigma is a spread across "
             "them)");
    spec.morris_levels = static_cast<int>(r.integer("levels", 4, 2, 1000));
    if (spec.morris_levels % 2 != 0)
      r.fail("levels", "a morris design needs an even number of levels (got " +
                           std::to_string(spec.morris_levels) + ")");
  }
  if (design_size(spec) > MAX_POINTS)
    r.fail("points", "the design would have " + std::to_string(design_size(spec)) +
                         " points; a sweep takes at most " + std::to_string(MAX_POINTS));
  spec.paths = static_cast<std::uint64_t>(r.integer("paths", 1, 4294967295L));
  spec.seed = static_cast<std::uint64_t>(r.integer("seed", 1, 0, std::numeric_limits<long>::max()));
  spec.common_random_numbers = r.boolean("common_random_numbers", true);
  if (r.has("trajectories")) {
    const std::uint64_t size = design_size(spec);
    for (const double point : r.number_list("trajectories")) {
      if (!(point >= 0 && point < static_cast<double>(size) && point == std::floor(point)))
        r.fail("trajectories", "expected point indices 0.." + std::to_string(size - 1) +
                                   " (the design has " + std::to_string(size) + " points), got " +
                                   config::shortest_text(point));
      const auto index = static_cast<std::uint64_t>(point);
      if (std::find(spec.trajectory_points.begin(), spec.trajectory_points.end(), index) ==
          spec.trajectory_points.end())
        spec.trajectory_points.push_back(index);
    }
    std::sort(spec.trajectory_points.begin(), spec.trajectory_points.end());
  }
  r.finish();
  return spec;
}

}  // namespace

SweepSpec load_sweep(const std::string& path) {
  Node root = config::load_yaml_file(path);
  return read_sweep(std::move(root), read_text(path), path,
                    std::filesystem::path(path).parent_path());
}

SweepSpec parse_sweep(const std::string& yaml_text, const std::string& display_name,
                      const std::string& base_dir) {
  return read_sweep(config::load_yaml_text(yaml_text, display_name, base_dir), yaml_text,
                    display_name, base_dir);
}

std::uint64_t design_size(const SweepSpec& spec) {
  const std::uint64_t d = spec.parameters.size();
  switch (spec.design) {
    case Design::Sobol:
      return spec.points * (d + 2);
    case Design::Morris:
      return spec.points * (d + 1);
    case Design::Grid:
    case Design::Lhs:
    case Design::Mc:
      return spec.points;
  }
  return spec.points;
}

DesignMatrix unit_design(const SweepSpec& spec) {
  const auto d = static_cast<int>(spec.parameters.size());
  switch (spec.design) {
    case Design::Grid:
      return {};
    case Design::Lhs:
      return latin_hypercube(spec.points, d, spec.seed);
    case Design::Sobol:
      return saltelli_design(spec.points, d);
    case Design::Morris:
      return morris_design(spec.points, d, spec.morris_levels, spec.seed);
    case Design::Mc:
      return uniform_points(spec.points, d, spec.seed);
  }
  return {};
}

DesignMatrix sweep_design(const SweepSpec& spec) {
  if (spec.design == Design::Grid) {
    std::vector<std::vector<double>> levels;
    for (const SweepParameter& p : spec.parameters)
      levels.push_back(p.levels);
    return full_factorial(levels);
  }
  DesignMatrix values = unit_design(spec);
  for (std::vector<double>& row : values) {
    for (std::size_t k = 0; k < row.size(); ++k) {
      const SweepParameter& p = spec.parameters[k];
      row[k] = p.lo + row[k] * (p.hi - p.lo);
    }
  }
  return values;
}

std::vector<Var> sweep_indicators() {
  std::vector<Var> indicators;
  for (const VarInfo& v : VARIABLES) {
    if (v.extent == Extent::None) indicators.push_back(v.var);
  }
  return indicators;
}

ScenarioSpec point_scenario(const SweepSpec& spec, const std::vector<double>& values) {
  std::vector<std::string> overrides = spec.overrides;
  for (std::size_t k = 0; k < values.size(); ++k)
    overrides.push_back(assignment(spec.parameters[k].key, values[k]));
  try {
    return spec.scenario ? spec.scenario->load(overrides)
                         : load_scenario(spec.scenario_path, overrides);
  } catch (const ConfigError& e) {
    if (e.location().file != "--set") throw;
    rethrow_at_sweep(e, spec);
  }
}

RunOptions point_run_options(const SweepSpec& spec, std::uint64_t point, int threads) {
  RunOptions options;
  options.paths = spec.paths;
  options.seed = spec.seed;
  options.threads = threads;
  // Common random numbers: one stream key for all points, so path k's shocks are the same at every
  // point and differences between points are the parameters' alone.
  options.design_point = spec.common_random_numbers ? 0 : static_cast<std::uint32_t>(point);
  options.sector_quantiles = false;  // keep() reads aggregate indicators only
  return options;
}

namespace {

// Calls body(i) for i = 0..count-1 on `threads` threads (dynamic schedule). Every index is
// attempted; the exception of the lowest failing index is rethrown at the end, so the error does
// not depend on thread timing.
template <typename Body>
void for_each_point(std::size_t count, int threads, Body body) {
  std::mutex mutex;
  std::exception_ptr failure;
  std::size_t failed = count;
  const auto n = static_cast<std::ptrdiff_t>(count);
#ifdef REGIOSIM_HAVE_OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
  for (std::ptrdiff_t k = 0; k < n; ++k) {
    const auto i = static_cast<std::size_t>(k);
    try {
      body(i);
    } catch (...) {
      const std::lock_guard<std::mutex> lock(mutex);
      if (i < failed) {
        failed = i;
        failure = std::current_exception();
      }
    }
  }
  (void)threads;  // unused without OpenMP
  if (failure) std::rethrow_exception(failure);
}

// The fingerprint of everything that decides the points' numbers: the run settings and each
// point's resolved scenario (the sweep's overrides and the point's values applied).
std::uint64_t definition_hash(const SweepSpec& spec, const DesignMatrix& design,
                              const std::vector<std::uint64_t>& scenario_hashes) {
  std::ostringstream text;
  text << "design " << to_string(spec.design) << "\npaths " << spec.paths << "\nseed " << spec.seed
       << "\ncommon_random_numbers " << spec.common_random_numbers << "\n";
  for (const SweepParameter& p : spec.parameters)
    text << "parameter " << p.key << "\n";
  for (std::size_t i = 0; i < design.size(); ++i) {
    text << "point " << i;
    for (double value : design[i])
      text << " " << assignment("", value);
    text << " scenario " << scenario_hashes[i] << "\n";
  }
  return fnv1a(text.str());
}

PointResult keep(const RunResult& run_result, const std::vector<Var>& indicators) {
  PointResult p;
  for (const TargetResult& t : run_result.scorecard.targets) {
    p.p_meet.push_back(t.p_meet);
    p.p_meet_se.push_back(t.p_meet_se);
    p.median.push_back(t.median);
  }
  // The table is (quantile, year) per variable; the sweep keeps (year, quantile).
  const auto years = static_cast<std::size_t>(run_result.quantiles.years);
  for (Var v : indicators) {
    const std::vector<double>& table = run_result.quantiles.values[static_cast<std::size_t>(v)];
    for (std::size_t y = 0; y < years; ++y) {
      for (std::size_t q = 0; q < QuantileTable::COUNT; ++q)
        p.indicator_quantiles.push_back(table[q * years + y]);
    }
  }
  return p;
}

// The indices of every output the sweep analyses (each target's P(meet) and median, median GDP in
// each year) under the design's method.
void analyse(const SweepSpec& spec, SweepResult& result) {
  if (spec.design != Design::Sobol && spec.design != Design::Morris) return;
  const auto d = static_cast<int>(spec.parameters.size());
  const DesignMatrix unit = spec.design == Design::Morris ? unit_design(spec) : DesignMatrix{};
  auto column = [&](auto value) {
    std::vector<double> y;
    for (const PointResult& p : result.points)
      y.push_back(value(p));
    return y;
  };
  auto analyse_into = [&](const std::vector<double>& y, std::vector<SobolIndices>& sobol,
                          std::vector<MorrisIndices>& morris) {
    if (spec.design == Design::Sobol)
      sobol.push_back(sobol_indices(y, spec.points, d, BOOTSTRAP_RESAMPLES, spec.seed));
    else
      morris.push_back(morris_indices(unit, y, d));
  };
  for (std::size_t t = 0; t < result.target_ids.size(); ++t) {
    analyse_into(column([t](const PointResult& p) { return p.p_meet[t]; }), result.sobol_p_meet,
                 result.morris_p_meet);
    analyse_into(column([t](const PointResult& p) { return p.median[t]; }), result.sobol_median,
                 result.morris_median);
  }
  // Median nominal GDP: indicator GdpNominal's 0.5 quantile.
  const std::vector<Var> indicators = sweep_indicators();
  const auto gdp = static_cast<std::size_t>(
      std::find(indicators.begin(), indicators.end(), Var::GdpNominal) - indicators.begin());
  const std::size_t median_q = 2;
  static_assert(QuantileTable::QUANTILES[2] == 0.5);
  const std::size_t years = result.years.size();
  for (std::size_t y = 0; y < years; ++y) {
    const std::size_t at = (gdp * years + y) * QuantileTable::COUNT + median_q;
    analyse_into(column([at](const PointResult& p) { return p.indicator_quantiles[at]; }),
                 result.sobol_gdp, result.morris_gdp);
  }
}

}  // namespace

SweepResult run_sweep(const SweepSpec& spec, const SweepOptions& options) {
  SweepResult result;
  result.design = sweep_design(spec);
  const std::size_t count = result.design.size();
  const int threads = effective_threads(options.threads);
  // Every point's scenario is built (and so checked) before anything runs, and fingerprinted; the
  // scenarios are not kept (a large design would not fit), each is built again when it runs.
  std::vector<std::uint64_t> scenario_hashes(count);
  for_each_point(count, threads, [&](std::size_t i) {
    const ScenarioSpec scenario = point_scenario(spec, result.design[i]);
    scenario_hashes[i] = fnv1a(scenario.resolved_yaml);
    if (i != 0) return;
    for (const TargetSpec& t : scenario.targets)
      result.target_ids.push_back(t.id);
    for (int t = 0; t < scenario.years(); ++t)
      result.years.push_back(scenario.base_year + t);
  });
  result.definition_hash = definition_hash(spec, result.design, scenario_hashes);
  const std::vector<Var> indicators = sweep_indicators();
  const std::size_t quantile_values =
      indicators.size() * result.years.size() * QuantileTable::COUNT;

  std::optional<SweepCheckpoint> checkpoint;
  if (!options.checkpoint.empty())
    checkpoint.emplace(options.checkpoint, result.definition_hash, options.resume);
  std::vector<std::optional<PointResult>> points(count);
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < count; ++i) {
    if (checkpoint) points[i] = checkpoint->load(i, result.target_ids.size(), quantile_values);
    if (points[i]) {
      ++result.resumed_points;
    } else {
      pending.push_back(i);
    }
  }

  // Many points: one point per thread at a time, each run on one thread (small runs split over
  // threads spend much of their time waiting at the end of each run). Few points: one after
  // another, each on all threads. A run's numbers do not depend on its thread count, so neither do
  // the sweep's.
  const bool across_points =
      pending.size() >= POINTS_PER_THREAD * static_cast<std::size_t>(threads);
  const int run_threads = across_points ? 1 : threads;
  std::mutex mutex;  // guards the checkpoint and progress reports
  std::uint64_t done = result.resumed_points;
  try {
    for_each_point(pending.size(), across_points ? threads : 1, [&](std::size_t n) {
      const std::size_t i = pending[n];
      const RunResult run_result =
          run(Model(point_scenario(spec, result.design[i])),
              point_run_options(spec, i, run_threads), nullptr, options.cancel);
      points[i] = keep(run_result, indicators);
      const std::lock_guard<std::mutex> lock(mutex);
      if (checkpoint) checkpoint->save(i, *points[i]);
      ++done;
      if (options.progress) options.progress(done, count);
    });
  } catch (...) {
    if (checkpoint) checkpoint->flush();  // keep what finished before the stop or the error
    throw;
  }
  if (checkpoint) checkpoint->flush();
  for (std::optional<PointResult>& point : points)
    result.points.push_back(std::move(*point));
  analyse(spec, result);
  return result;
}

}  // namespace regiosim
