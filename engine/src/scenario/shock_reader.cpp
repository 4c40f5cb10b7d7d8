// The jump processes of MODEL.md section 2 under `shocks`: J1 pandemic, J2 property bust, J3 lumpy
// projects (random arrivals and named projects). Each is off unless `enabled: true`.
#include <algorithm>

#include "scenario/reader_support.hpp"

namespace regiosim::scenario {

namespace {
using config::Bounds;
using config::MapReader;
using config::Node;

const Bounds PROBABILITY{0.0, 1.0, false, false, "a probability in [0, 1]"};
const Bounds IMPACT{-5.0, 5.0, false, false, "a log-level impact in [-5, 5]"};

void read_pandemic(MapReader& shocks, ScenarioSpec& spec) {
  MapReader r = shocks.optional_map("pandemic");
  PandemicSpec& p = spec.shocks.pandemic;
  p.enabled = r.boolean("enabled", false);
  p.probability = r.number("probability", 0.02, PROBABILITY);
  for (const double year : r.number_list("onset_years", std::vector<double>{},
                                         Bounds::closed(spec.base_year + 1, spec.end_year))) {
    p.onset_years.push_back(static_cast<int>(year));
  }
  p.profile =
      r.number_list("profile", {1.0, 0.6, 0.3},
                    Bounds{0.0, 1.0, false, false, "a share of the onset-year loss in [0, 1]"});
  if (p.profile.empty() || p.profile.size() > 10)
    r.fail("profile", "expected the level-loss profile of 1 to 10 years, e.g. [1, 0.6, 0.3]");
  const Bounds severity{0.0, 5.0, true, false, "a severity in (0, 5]"};
  p.severity_mean = r.number("severity_mean", 1.0, severity);
  p.severity_sd = r.number("severity_sd", 0.5, severity);
  p.severity_max = r.number("severity_max", 2.5, severity);
  p.sector_impact = read_sector_map(r, "sector_impact", spec, IMPACT);
  p.tourist_spending_impact = r.number("tourist_spending_impact", -0.60, IMPACT);
  p.retail_impact = r.number("retail_impact", -0.05, IMPACT);
  r.finish();
}

void read_property_bust(MapReader& shocks, ScenarioSpec& spec) {
  MapReader r = shocks.optional_map("property_bust");
  PropertyBustSpec& b = spec.shocks.property_bust;
  b.enabled = r.boolean("enabled", false);
  b.start_in_bust = r.boolean("start_in_bust", false);
  b.enter = r.number("enter", 0.08, PROBABILITY);
  b.stay = r.number("stay", 0.70, PROBABILITY);
  std::vector<std::string> names;
  for (const InvestmentBlockSpec& block : spec.investment.blocks)
    names.push_back(block.name);
  const std::string block = r.choice("block", names, names.front());
  b.block = static_cast<int>(std::find(names.begin(), names.end(), block) - names.begin());
  b.drop_mean = r.number("drop_mean", 0.12, Bounds::closed(-1, 1));
  b.drop_sd = r.number("drop_sd", 0.05, VOLATILITY);
  b.revenue_impact = r.number("revenue_impact", 0.0, IMPACT);
  r.finish();
}

// J4. The economic censuses are every five years (2004, 2008, then 2013, 2018, 2023): by default
// the census years 2023 + 5k inside the horizon. The size: the national upward revisions of GDP
// after the 2008, 2013, 2018 and 2023 censuses, 4.4, 3.4, 2.1 and 2.7 % (NBS, as reported at the
// addresses in shared/data/parameters-literature.csv), as logs: mean 0.031, sd 0.0096. The 2004
// census's 16.8 % (the first, with the service sector newly covered) is left out.
void read_revision(MapReader& shocks, ScenarioSpec& spec) {
  MapReader r = shocks.optional_map("revision");
  RevisionSpec& v = spec.shocks.revision;
  v.enabled = r.boolean("enabled", false);
  std::vector<double> census;
  for (int year = 2023; year <= spec.end_year; year += 5) {
    if (year > spec.base_year) census.push_back(year);
  }
  for (const double year :
       r.number_list("years", census, Bounds::closed(spec.base_year + 1, spec.end_year)))
    v.years.push_back(static_cast<int>(year));
  v.probability = r.number("probability", 0.0, PROBABILITY);
  v.size_mean = r.number("size_mean", 0.031, Bounds::closed(-1, 1));
  v.size_sd = r.number("size_sd", 0.0096, VOLATILITY);
  r.finish();
}

void read_projects(MapReader& shocks, ScenarioSpec& spec) {
  MapReader r = shocks.optional_map("projects");
  ProjectSpec& p = spec.shocks.projects;
  p.enabled = r.boolean("enabled", false);
  p.arrivals =
      r.number("arrivals", 0.5, Bounds{0.0, 50.0, false, false, "a rate in [0, 50] per year"});
  // alpha <= 1 has no finite mean size (and alpha near 0 draws sizes beyond the double range).
  p.pareto_alpha =
      r.number("pareto_alpha", 1.5, Bounds{1.0, 100.0, true, false, "a tail index in (1, 100]"});
  p.min_size_share =
      r.number("min_size_share", 0.02, Bounds{0.0, 10.0, true, false, "a share > 0"});
  p.ramp_years = static_cast<int>(r.integer("ramp_years", 2, 1, 20));
  if (!r.has("sectors")) r.node().set("sectors", Node::sequence(r.node().mark()));
  const std::string sectors_path = r.child_path("sectors");
  std::vector<Node>& sectors = r.sequence("sectors");
  for (std::size_t i = 0; i < sectors.size(); ++i) {
    const std::string code = config::to_string(sectors[i], item_path(sectors_path, i));
    const int j = sector_index(spec, code);
    if (j < 0 || spec.sectors[static_cast<std::size_t>(j)].type != SectorType::Supply) {
      const auto hint = config::did_you_mean(code, sector_codes(spec));
      config::fail_at(sectors[i], item_path(sectors_path, i),
                      "'" + code + "' is not a supply sector (expected a supply sector code" +
                          (hint && j < 0 ? "; did you mean '" + *hint + "'?)" : ")"));
    }
    p.sectors.push_back(j);
  }
  if (!r.has("named")) r.node().set("named", Node::sequence(r.node().mark()));
  const std::string named_path = r.child_path("named");
  std::vector<Node>& named = r.sequence("named");
  for (std::size_t i = 0; i < named.size(); ++i) {
    MapReader n(named[i], item_path(named_path, i), r.parameters());
    NamedProject project;
    project.name = n.string("name");
    const std::string code = n.choice("sector", sector_codes(spec));
    project.sector = sector_index(spec, code);
    if (spec.sectors[static_cast<std::size_t>(project.sector)].type != SectorType::Supply) {
      n.fail("sector",
             "'" + code +
                 "' is a demand sector (expected a supply sector: a project adds output, J3)");
    }
    project.year = static_cast<int>(n.integer("year", spec.base_year + 1, spec.end_year));
    project.size = n.number("size", Bounds{0.0, 1e6, true, false, "a value added in (0, 1e6]"});
    project.probability = n.number("probability", 1.0, PROBABILITY);
    n.finish();
    p.named.push_back(project);
  }
  r.finish();
}

}  // namespace

std::vector<double> read_sector_map(MapReader& parent, std::string_view key,
                                    const ScenarioSpec& spec, const Bounds& bounds) {
  MapReader r = parent.optional_map(key);
  std::vector<double> values(spec.sectors.size(), 0.0);
  for (std::size_t j = 0; j < spec.sectors.size(); ++j) {
    if (r.has(spec.sectors[j].code)) values[j] = r.number(spec.sectors[j].code, bounds);
  }
  r.finish();
  return values;
}

void read_jumps(MapReader& root, ScenarioSpec& spec) {
  MapReader shocks = root.map("shocks");
  {
    // Backtests: {YEAR: f} replaces the draw of the regional factor in those years.
    MapReader history = shocks.optional_map("regional_factor_history");
    for (int year = spec.base_year + 1; year <= spec.end_year; ++year) {
      const std::string key = std::to_string(year);
      if (history.has(key)) {
        spec.shocks.regional_factor_history.emplace_back(
            year, history.number(key, Bounds::closed(-10, 10)));
      }
    }
    history.finish();  // a year outside the horizon is an unknown key
  }
  read_pandemic(shocks, spec);
  read_property_bust(shocks, spec);
  read_projects(shocks, spec);
  read_revision(shocks, spec);
  for (const char* earlier : {"groups", "persistence", "macro_loadings", "distribution",
                              "degrees_of_freedom", "correlation", "regional_factor_history"}) {
    shocks.has(earlier);
  }
  shocks.finish();
}

}  // namespace regiosim::scenario
