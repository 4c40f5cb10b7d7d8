// Reading a sweep file and running its points.
#include "regiosim/sweep.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "config/map_reader.hpp"
#include "config/yaml_reader.hpp"
#include "regiosim/model.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim {

namespace {

using config::MapReader;
using config::Node;

// Bootstrap resamples of the Sobol indices: enough for stable 2.5 % and 97.5 % percentiles.
constexpr int BOOTSTRAP_RESAMPLES = 200;

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

}  // namespace

SweepSpec load_sweep(const std::string& path) {
  SweepSpec spec;
  spec.path = path;
  Node root = config::load_yaml_file(path);
  spec.yaml = read_text(path);
  MapReader r(root, "");
  const std::filesystem::path scenario = r.string("scenario");
  spec.scenario_path = (std::filesystem::path(path).parent_path() / scenario).string();
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
  const std::string design = r.choice("design", {"grid", "lhs", "sobol", "mc"});
  spec.design = design == "grid"    ? Design::Grid
                : design == "lhs"   ? Design::Lhs
                : design == "sobol" ? Design::Sobol
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
    std::uint64_t product = 1;
    for (const SweepParameter& p : spec.parameters)
      product *= p.levels.size();
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
  spec.paths = static_cast<std::uint64_t>(r.integer("paths", 1, 4294967295L));
  spec.seed = static_cast<std::uint64_t>(r.integer("seed", 1, 0, std::numeric_limits<long>::max()));
  spec.common_random_numbers = r.boolean("common_random_numbers", true);
  r.finish();
  return spec;
}

DesignMatrix sweep_design(const SweepSpec& spec) {
  const auto d = static_cast<int>(spec.parameters.size());
  DesignMatrix unit;
  switch (spec.design) {
    case Design::Grid: {
      std::vector<std::vector<double>> levels;
      for (const SweepParameter& p : spec.parameters)
        levels.push_back(p.levels);
      return full_factorial(levels);
    }
    case Design::Lhs:
      unit = latin_hypercube(spec.points, d, spec.seed);
      break;
    case Design::Sobol:
      unit = saltelli_design(spec.points, d);
      break;
    case Design::Mc:
      unit = uniform_points(spec.points, d, spec.seed);
      break;
  }
  for (std::vector<double>& row : unit) {
    for (std::size_t k = 0; k < row.size(); ++k) {
      const SweepParameter& p = spec.parameters[k];
      row[k] = p.lo + row[k] * (p.hi - p.lo);
    }
  }
  return unit;
}

SweepResult run_sweep(const SweepSpec& spec, int threads, const std::atomic<bool>* cancel) {
  SweepResult result;
  result.design = sweep_design(spec);
  std::vector<ScenarioSpec> scenarios;
  for (const std::vector<double>& point : result.design) {
    std::vector<std::string> overrides = spec.overrides;
    for (std::size_t k = 0; k < point.size(); ++k)
      overrides.push_back(assignment(spec.parameters[k].key, point[k]));
    try {
      scenarios.push_back(load_scenario(spec.scenario_path, overrides));
    } catch (const ConfigError& e) {
      if (e.location().file != "--set") throw;
      rethrow_at_sweep(e, spec);
    }
  }
  for (const TargetSpec& t : scenarios.front().targets)
    result.target_ids.push_back(t.id);
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    RunOptions options;
    options.paths = spec.paths;
    options.seed = spec.seed;
    options.threads = threads;
    // Common random numbers: one stream key for all points, so path k's shocks are the same at
    // every point and differences between points are the parameters' alone.
    options.design_point = spec.common_random_numbers ? 0 : static_cast<std::uint32_t>(i);
    const RunResult run_result = run(Model(scenarios[i]), options, nullptr, cancel);
    std::vector<double> p, se, median;
    for (const TargetResult& t : run_result.scorecard.targets) {
      p.push_back(t.p_meet);
      se.push_back(t.p_meet_se);
      median.push_back(t.median);
    }
    result.p_meet.push_back(std::move(p));
    result.p_meet_se.push_back(std::move(se));
    result.median.push_back(std::move(median));
  }
  if (spec.design == Design::Sobol) {
    result.has_sobol = true;
    const auto d = static_cast<int>(spec.parameters.size());
    for (std::size_t t = 0; t < result.target_ids.size(); ++t) {
      std::vector<double> p, median;
      for (std::size_t i = 0; i < result.design.size(); ++i) {
        p.push_back(result.p_meet[i][t]);
        median.push_back(result.median[i][t]);
      }
      result.sobol_p_meet.push_back(
          sobol_indices(p, spec.points, d, BOOTSTRAP_RESAMPLES, spec.seed));
      result.sobol_median.push_back(
          sobol_indices(median, spec.points, d, BOOTSTRAP_RESAMPLES, spec.seed));
    }
  }
  return result;
}

}  // namespace regiosim
