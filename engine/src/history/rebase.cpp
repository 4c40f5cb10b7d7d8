// `regiosim rebase` (rebase.hpp, issue 12 step 5). The new file is written as text: an `extends`
// of the old file, then the overridden keys, each base value with a comment saying where it came
// from. Lists replace whole under `extends`, so the sectors, satellites and targets are written
// whole, each entry taken from the old resolved scenario with its new values.
#include "regiosim/rebase.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "config/config_node.hpp"
#include "config/yaml_emitter.hpp"
#include "config/yaml_reader.hpp"
#include "history/yaml_text.hpp"
#include "io/atomic_output.hpp"
#include "regiosim/error.hpp"
#include "regiosim/history.hpp"
#include "regiosim/memory_sink.hpp"
#include "regiosim/model.hpp"
#include "regiosim/output_variables.hpp"
#include "regiosim/runner.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim {

namespace {

namespace fs = std::filesystem;
using config::Node;
using history::number17;
using history::number_text;
using history::one_line;
using history::quoted;

// The old run's values, one median per (variable, year[, column]).
class OldRun {
 public:
  OldRun(const ScenarioSpec& spec, const RebaseOptions& options)
      : years_(spec.years()),
        paths_(options.paths),
        sink_(options.paths, spec.years(), spec.sector_count(),
              static_cast<int>(spec.satellites.size())) {
    RunOptions run_options;
    run_options.paths = options.paths;
    run_options.seed = options.seed;
    run_options.threads = options.threads;
    run(Model(spec), run_options, &sink_);
  }

  // Per path: the value of `var` in year index t (column k of a sector or satellite variable).
  std::vector<double> values(Var var, int t, std::size_t k = 0) const {
    const std::size_t per_path = sink_.per_path(var);
    const std::size_t width = per_path / static_cast<std::size_t>(years_);
    const std::vector<double>& all = sink_.values(var);
    std::vector<double> out(paths_);
    for (std::size_t p = 0; p < paths_; ++p)
      out[p] = all[p * per_path + static_cast<std::size_t>(t) * width + k];
    return out;
  }
  double median(Var var, int t, std::size_t k = 0) const { return median_of(values(var, t, k)); }

 private:
  int years_;
  std::size_t paths_;
  MemorySink sink_;
};

// A map entry emitted in block style as an item of a block sequence under a top-level key, with
// a comment after some of its top-level keys.
std::string sequence_item(const Node& item, const std::map<std::string, std::string>& comments) {
  const std::string text = config::emit_yaml(item);
  std::istringstream lines(text);
  std::string line;
  std::string out;
  bool first = true;
  while (std::getline(lines, line)) {
    for (const auto& [key, comment] : comments) {
      if (line.rfind(key + ":", 0) == 0) line += "  # " + one_line(comment);
    }
    out += (first ? "  - " : "    ") + line + "\n";
    first = false;
  }
  return out;
}

Node scalar(const std::string& text) {
  return Node::scalar(text, {});
}

// The old file's list under `key` (empty if it has none).
std::vector<Node> list_of(const Node& root, const char* key) {
  const Node* node = root.find(key);
  if (node == nullptr || !node->is_sequence()) return {};
  return node->items();
}

// The growth basis' level counterpart for an indicator of this kind.
const char* level_basis(const TargetSpec& t) {
  if (t.basis == TargetBasis::RealGrowth) return "real_level";
  if (const auto var = find_variable(t.indicator)) {
    if (info(*var).quantity == Quantity::PerCapita) return "per_capita";
  }
  return "nominal_level";
}

bool is_real(TargetBasis basis) {
  return basis == TargetBasis::RealGrowth || basis == TargetBasis::RealLevel;
}

}  // namespace

double median_of(std::vector<double> values) {
  if (values.empty()) return std::nan("");
  const std::size_t n = values.size();
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(values.begin(), middle, values.end());
  const double upper = *middle;
  if (n % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), middle);
  return 0.5 * (lower + upper);
}

RebaseResult rebase_scenario(const RebaseOptions& options) {
  const ScenarioSpec old = load_scenario(options.scenario);
  const int y = options.year;
  if (y <= old.base_year || y >= old.end_year) {
    throw ConfigError({"--year", 1, 1}, "horizon.base_year",
                      "cannot re-base on " + std::to_string(y) +
                          " (expected a year after the base year " + std::to_string(old.base_year) +
                          " and before the end year " + std::to_string(old.end_year) + ")");
  }
  const std::vector<HistoryRow> rows = latest_rows(read_history(options.history), options.region);
  auto level_row = [&](const std::string& indicator, HistoryBasis basis) -> const HistoryRow* {
    for (const HistoryRow& row : rows) {
      if (row.year == y && row.indicator == indicator && row.basis == basis) return &row;
    }
    return nullptr;
  };
  if (level_row("gdp_nominal", HistoryBasis::Level) == nullptr) {
    throw ConfigError({options.history, 1, 1}, "gdp_nominal",
                      "no gdp_nominal level for region '" + options.region + "' in " +
                          std::to_string(y) + " (expected one to re-base on)");
  }

  const OldRun old_run(old, options);
  const int t = y - old.base_year;
  const std::string carried_note = "carried: median of " + std::to_string(options.paths) +
                                   " paths of the old scenario in " + std::to_string(y);
  auto observed_note = [&](const HistoryRow& row) {
    return "observed: " + row.source + " (" + row.indicator + " " + to_string(row.basis) + " " +
           std::to_string(row.year) + ", " + to_string(row.status) + ")";
  };

  RebaseResult result;
  std::ostringstream out;
  const fs::path output_dir = fs::absolute(options.output).parent_path().lexically_normal();
  out << "# " << old.metadata.name << " re-based on " << y << " by `regiosim rebase` from "
      << one_line(options.scenario) << " and the history " << one_line(options.history)
      << " (region " << one_line(options.region) << "). Observed values come from the history;\n"
      << "# carried values are medians over " << options.paths << " paths (seed " << options.seed
      << ") of the old scenario in " << y << ". Targets keep the plan's base year " << old.base_year
      << ".\n";
  out << "extends: " << quoted(history::extends_path(options.scenario, options.output)) << "\n";
  // A name of its own, so its default result file is not the old scenario's.
  out << "metadata:\n  name: " << quoted(old.metadata.name + "-rebased-" + std::to_string(y))
      << "\n";
  out << "horizon:\n  base_year: " << y << "\n";

  // Base-year data.
  out << "base_year_data:\n";
  auto base_line = [&](const std::string& key, double value, const std::string& note,
                       bool observed) {
    out << "  " << key << ": " << number_text(value) << "  # " << one_line(note) << "\n";
    (observed ? result.observed : result.carried).push_back("base_year_data." + key);
  };
  struct Simple {
    const char* key;
    const char* indicator;
    HistoryBasis basis;
    double scale;
    Var var;
  };
  const HistoryRow& gdp_row = *level_row("gdp_nominal", HistoryBasis::Level);
  const double gdp = gdp_row.value;
  base_line("gdp", gdp, observed_note(gdp_row), true);
  if (const HistoryRow* row = level_row("population", HistoryBasis::Level)) {
    base_line("gdp_per_capita", gdp * 1e8 / row->value,
              "observed: gdp * 1e8 / population; population " + observed_note(*row), true);
  } else {
    base_line("gdp_per_capita", gdp * 1e8 / old_run.median(Var::Population, t),
              "gdp * 1e8 / population, population " + carried_note, false);
  }
  const Simple simple[] = {
      {"fai", "fai_nominal", HistoryBasis::Level, 1.0, Var::FaiNominal},
      {"retail_sales", "retail_sales", HistoryBasis::Level, 1.0, Var::RetailSales},
      {"budget_revenue", "budget_revenue", HistoryBasis::Level, 1.0, Var::BudgetRevenue},
      {"income_per_capita", "income_per_capita", HistoryBasis::Level, 1.0, Var::IncomePerCapita},
      {"urbanisation", "urbanisation", HistoryBasis::Share, 0.01, Var::Urbanisation},
  };
  for (const Simple& s : simple) {
    if (const HistoryRow* row = level_row(s.indicator, s.basis)) {
      base_line(s.key, row->value * s.scale, observed_note(*row), true);
    } else {
      base_line(s.key, old_run.median(s.var, t), carried_note, false);
    }
  }
  {
    // Real values are at base-year prices: at Y's prices, labour productivity is real GDP per
    // employed person times the GDP deflator (old base year = 1).
    std::vector<double> at_y_prices = old_run.values(Var::LabourProductivity, t);
    const std::vector<double> deflator = old_run.values(Var::GdpDeflator, t);
    for (std::size_t p = 0; p < at_y_prices.size(); ++p)
      at_y_prices[p] *= deflator[p];
    base_line(
        "labour_productivity", median_of(at_y_prices),
        carried_note + " (labour_productivity x gdp_deflator: at " + std::to_string(y) + " prices)",
        false);
  }

  // The old file's lists, `extends` merged and no defaults written: a sector keeps taking what
  // it took from sector_defaults, and no key is written where it has no effect.
  const Node input = config::load_yaml_file(options.scenario);

  // Sectors: VA shares carried, the per-sector medians of the nominal VA shares, normalised.
  if (old.sector_count() > 0) {
    const std::size_t n = static_cast<std::size_t>(old.sector_count());
    std::vector<std::vector<double>> va(n);
    for (std::size_t j = 0; j < n; ++j)
      va[j] = old_run.values(Var::ValueAddedNominal, t, j);
    std::vector<double> shares(n);
    for (std::size_t j = 0; j < n; ++j) {
      std::vector<double> share(options.paths);
      for (std::size_t p = 0; p < options.paths; ++p) {
        double total = 0;
        for (std::size_t k = 0; k < n; ++k)
          total += va[k][p];
        share[p] = va[j][p] / total;
      }
      shares[j] = median_of(share);
    }
    double total = 0;
    for (const double s : shares)
      total += s;
    const std::vector<Node> sectors = list_of(input, "sectors");
    out << "sectors:\n";
    for (std::size_t j = 0; j < n && j < sectors.size(); ++j) {
      Node item = sectors[j];
      item.set("va_share", scalar(number17(shares[j] / total)));
      out << sequence_item(item, {{"va_share", carried_note + " (nominal VA share, normalised)"}});
      result.carried.push_back("sectors[" + std::to_string(j) + "].va_share");
    }
  }

  // Satellites: a base from the history where it has the satellite's level in Y, else carried.
  if (!old.satellites.empty()) {
    const std::vector<Node> satellites = list_of(input, "satellites");
    out << "satellites:\n";
    for (std::size_t k = 0; k < old.satellites.size() && k < satellites.size(); ++k) {
      Node item = satellites[k];
      std::map<std::string, std::string> comments;
      const SatelliteSpec& s = old.satellites[k];
      if (s.base) {
        const std::string key = "satellites[" + std::to_string(k) + "].base";
        if (const HistoryRow* row = level_row(s.id, HistoryBasis::Level)) {
          item.set("base", scalar(number_text(row->value)));
          comments["base"] = observed_note(*row);
          result.observed.push_back(key);
        } else {
          item.set("base", scalar(number_text(old_run.median(Var::SatelliteValue, t, k))));
          comments["base"] = carried_note;
          result.carried.push_back(key);
        }
      }
      out << sequence_item(item, comments);
    }
  }

  // Targets: past ones dropped; growth targets before Y as the levels they imply from the plan's
  // base; real levels moved to Y's prices; every one keeps the plan's base year.
  {
    const std::vector<Node> targets = list_of(input, "targets");
    std::vector<const TargetSpec*> declared;
    for (const TargetSpec& target : old.targets) {
      if (!target.outturn && !target.implied_deflator) declared.push_back(&target);
    }
    std::ostringstream list;
    for (std::size_t i = 0; i < declared.size() && i < targets.size(); ++i) {
      const TargetSpec& target = *declared[i];
      if (target.year <= y) {
        result.past_targets.push_back(target.id);
        continue;
      }
      Node item = targets[i];
      std::map<std::string, std::string> comments;
      const int from = std::max(target.plan_base_year, old.base_year);
      const bool growth =
          target.basis == TargetBasis::RealGrowth || target.basis == TargetBasis::NominalGrowth;
      // The deflator from the prices of the plan's figures to Y's: for real figures only.
      double prices = 1.0;
      if (is_real(target.basis)) {
        const int price_year = growth ? from : old.base_year;
        prices = old_run.median(Var::GdpDeflator, t) /
                 old_run.median(Var::GdpDeflator, price_year - old.base_year);
      }
      if (growth && target.plan_base_year < y) {
        double base = 0;
        std::string base_from;
        if (target.plan_base) {
          base = *target.plan_base;
          base_from = "the plan's base " + number_text(base);
        } else {
          const Var var =
              target.satellite >= 0 ? Var::SatelliteValue : *find_variable(target.indicator);
          base = old_run.median(
              var, from - old.base_year,
              target.satellite >= 0 ? static_cast<std::size_t>(target.satellite) : 0);
          base_from = "the old scenario's " + std::to_string(from) + " value " + number_text(base);
        }
        const double level =
            base * std::pow(1.0 + target.threshold / 100.0, target.year - target.plan_base_year);
        std::string comment =
            "was: basis " +
            std::string(target.basis == TargetBasis::RealGrowth ? "real_growth"
                                                                : "nominal_growth") +
            ", threshold " + number_text(target.threshold) + " (%/yr from " +
            std::to_string(target.plan_base_year) + "); the level it implies from " + base_from;
        if (prices != 1.0)
          comment += ", times " + number_text(prices) + " (median GDP deflator, " +
                     std::to_string(from) + " prices to " + std::to_string(y) + "'s)";
        item.set("basis", scalar(level_basis(target)));
        item.set("threshold", scalar(number_text(level * prices)));
        item.set("plan_base", scalar(number_text(base * prices)));
        if (!target.stated_growth) item.set("stated_growth", scalar(number_text(target.threshold)));
        comments["threshold"] = comment;
        result.rewritten_targets.push_back(target.id);
      } else if (target.basis == TargetBasis::RealLevel && prices != 1.0) {
        item.set("threshold", scalar(number_text(target.threshold * prices)));
        if (target.plan_base)
          item.set("plan_base", scalar(number_text(*target.plan_base * prices)));
        comments["threshold"] = "was " + number_text(target.threshold) + " at " +
                                std::to_string(old.base_year) + " prices; times " +
                                number_text(prices) + " (median GDP deflator) to " +
                                std::to_string(y) + "'s";
      }
      item.set("plan_base_year", scalar(std::to_string(target.plan_base_year)));
      list << sequence_item(item, comments);
    }
    out << "targets:";
    out << (list.str().empty() ? " []\n" : "\n" + list.str());
  }

  result.yaml = out.str();
  // The new file must load as it will be read: relative to its directory.
  parse_scenario(result.yaml, options.output, {}, output_dir.string());
  return result;
}

void write_text_atomically(const std::string& path, const std::string& text) {
  write_file_atomically(path, text);
}

}  // namespace regiosim
