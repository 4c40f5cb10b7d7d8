// Reading a scenario tree into ScenarioSpec: every key, its unit, default and bounds live here (and
// in scenarios/README.md, which documents them for users). Cross-field checks are in
// scenario_validation.cpp.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "config/map_reader.hpp"
#include "config/overrides.hpp"
#include "config/yaml_emitter.hpp"
#include "config/yaml_reader.hpp"
#include "regiosim/history.hpp"
#include "regiosim/output_variables.hpp"
#include "regiosim/scenario.hpp"
#include "scenario/prior_reader.hpp"
#include "scenario/reader_support.hpp"
#include "scenario/scenario_validation.hpp"
#include "scenario/scenario_warnings.hpp"

namespace regiosim {

bool ParameterDomain::contains(double x) const {
  return (x > lo || (x == lo && !lo_open)) && (x < hi || (x == hi && !hi_open));
}

namespace scenario {

int sector_index(const ScenarioSpec& spec, const std::string& code) {
  for (int j = 0; j < spec.sector_count(); ++j) {
    if (spec.sectors[static_cast<std::size_t>(j)].code == code) return j;
  }
  return -1;
}

std::vector<std::string> sector_codes(const ScenarioSpec& spec) {
  std::vector<std::string> codes;
  for (const SectorSpec& s : spec.sectors)
    codes.push_back(s.code);
  return codes;
}

}  // namespace scenario

namespace {

using config::Bounds;
using config::MapReader;
using config::Node;
using scenario::item_path;
using scenario::LEVEL;
using scenario::LOADING;
using scenario::PERSISTENCE;
using scenario::RATE;
using scenario::sector_index;
using scenario::SHARE_OPEN;
using scenario::VOLATILITY;

// k_j = K / Y (M4): positive and finite; 50 is far beyond any measured sector (housing included).
const Bounds CAPITAL_OUTPUT_RATIO{0.01, 50.0, false, false,
                                  "a capital-output ratio in [0.01, 50], capital over value added"};

// Keys a sector may take from `sector_defaults` (with these built-in defaults, MODEL.md section
// 11).
struct SectorDefaults {
  double depreciation = 0.08;
  double tfp_drift = 0.010;
  double volatility = 0.025;
  double loading_regional = 0.55;
  double loading_group = 0.40;
  double price_drift = 0.0;
  double price_volatility = 0.01;
  std::optional<double> capital_output_ratio;  // no built-in default: a sector must have one
  double capacity_weight = 0.5;
};

SectorDefaults read_sector_defaults(MapReader& root) {
  MapReader r = root.optional_map("sector_defaults");
  SectorDefaults d;
  d.depreciation = r.number("depreciation", d.depreciation, Bounds::unit());
  d.tfp_drift = r.number("tfp_drift", d.tfp_drift, RATE);
  d.volatility = r.number("volatility", d.volatility, VOLATILITY);
  d.loading_regional = r.number("loading_regional", d.loading_regional, LOADING);
  d.loading_group = r.number("loading_group", d.loading_group, LOADING);
  d.price_drift = r.number("price_drift", d.price_drift, RATE);
  d.price_volatility = r.number("price_volatility", d.price_volatility, VOLATILITY);
  if (r.has("capital_output_ratio"))
    d.capital_output_ratio = r.number("capital_output_ratio", CAPITAL_OUTPUT_RATIO);
  d.capacity_weight = r.number("capacity_weight", d.capacity_weight, Bounds::unit());
  r.finish();
  return d;
}

void read_sectors(MapReader& root, const SectorDefaults& d, ScenarioSpec& spec) {
  const std::string path = root.child_path("sectors");
  std::vector<Node>& items = root.sequence("sectors");
  if (items.empty()) root.fail("sectors", "no sectors (expected a list of at least one sector)");
  std::set<std::string> codes;
  std::vector<double> shares;
  for (std::size_t i = 0; i < items.size(); ++i) {
    MapReader r(items[i], item_path(path, i), root.parameters());
    SectorSpec s;
    s.code = r.string("code");
    if (s.code.empty() || !codes.insert(s.code).second) {
      r.fail("code", "duplicate or empty sector code '" + s.code + "' (expected a unique code)");
    }
    s.name = r.string("name", s.code);
    const std::string tier = r.choice("tier", {"emerging", "leading", "characteristic", "other"});
    s.tier = tier == "emerging"         ? SectorTier::Emerging
             : tier == "leading"        ? SectorTier::Leading
             : tier == "characteristic" ? SectorTier::Characteristic
                                        : SectorTier::Other;
    s.type = r.choice("type", {"supply", "demand"}) == "supply" ? SectorType::Supply
                                                                : SectorType::Demand;
    const std::string cls = r.choice("class", {"primary", "secondary", "tertiary"});
    s.industry_class = cls == "primary"     ? IndustryClass::Primary
                       : cls == "secondary" ? IndustryClass::Secondary
                                            : IndustryClass::Tertiary;
    const std::string group = r.choice("group", spec.shocks.groups);
    s.shock_group =
        static_cast<int>(std::find(spec.shocks.groups.begin(), spec.shocks.groups.end(), group) -
                         spec.shocks.groups.begin());
    s.va_share = r.number("va_share", Bounds{1e-6, 1.0, false, false, "a share in [1e-6, 1]"});
    s.va_ratio = r.number("va_ratio", SHARE_OPEN);
    // alpha_j = 0 is M5 without capital (Y = A L); investment allocated to such a sector is
    // then a warning (scenario_warnings.hpp), not an error.
    s.capital_share = r.number("capital_share", Bounds{0.0, 1.0, false, true, "a share in [0, 1)"});
    s.labour_intensity =
        r.number("labour_intensity", Bounds{1e-4, 100.0, false, false, "a number in [1e-4, 100]"});
    // M12's base is taxes on production: a net subsidy (a negative rate) could turn the base's
    // sign along a path, where (B_t / B_t-1)^eps_R has no value (docs/domains.md).
    s.tax_rate = r.number("tax_rate", Bounds{0.0, 1.0, false, true, "a rate in [0, 1)"});
    s.depreciation = r.number("depreciation", d.depreciation, Bounds::unit());
    s.tfp_drift = r.number("tfp_drift", d.tfp_drift, RATE);
    s.volatility = r.number("volatility", d.volatility, VOLATILITY);
    s.loading_regional = r.number("loading_regional", d.loading_regional, LOADING);
    s.loading_group = r.number("loading_group", d.loading_group, LOADING);
    scenario::check_loadings(s.loading_regional, s.loading_group, r.at("loading_group"),
                             r.child_path("loading_group"));
    s.price_drift = r.number("price_drift", d.price_drift, RATE);
    s.price_volatility = r.number("price_volatility", d.price_volatility, VOLATILITY);
    s.capital_output_ratio =
        d.capital_output_ratio
            ? r.number("capital_output_ratio", *d.capital_output_ratio, CAPITAL_OUTPUT_RATIO)
            : r.number("capital_output_ratio", CAPITAL_OUTPUT_RATIO);
    s.capacity_weight = r.number("capacity_weight", d.capacity_weight, Bounds::unit());
    r.finish();
    shares.push_back(s.va_share);
    spec.sectors.push_back(s);
  }
  scenario::check_sums_to_one(shares, root.at("sectors"), path, "va_share values");
  double tax_base = 0;
  for (const SectorSpec& s : spec.sectors)
    tax_base += s.tax_rate * s.va_share;
  if (tax_base <= 0) {
    root.fail("sectors",
              "tax_rate values give a base-year tax base <= 0 (expected sum of tax_rate * va_share "
              "> 0, M12)");
  }
}

// A map from sector code to share; absent sectors get 0. The shares sum to 1.
std::vector<double> read_allocation(MapReader& block, const ScenarioSpec& spec) {
  MapReader r = block.map("allocation");
  std::vector<double> allocation(spec.sectors.size(), 0.0);
  std::vector<double> given;
  for (const SectorSpec& s : spec.sectors) {
    if (!r.has(s.code)) continue;
    const double share = r.number(s.code, Bounds::unit());
    allocation[static_cast<std::size_t>(sector_index(spec, s.code))] = share;
    given.push_back(share);
  }
  r.finish();  // an unknown code gets a did-you-mean among the sector codes
  scenario::check_sums_to_one(given, block.at("allocation"), r.key_path(), "allocation shares");
  return allocation;
}

void read_investment(MapReader& root, ScenarioSpec& spec) {
  MapReader r = root.map("investment");
  InvestmentSpec& inv = spec.investment;
  inv.conversion_share = r.number("conversion_share", 0.70, SHARE_OPEN);
  inv.build_weights = r.number_list("build_weights", {0.4, 0.4, 0.2}, Bounds::unit());
  if (inv.build_weights.empty())
    r.fail("build_weights", "empty list (expected at least one weight, M4)");
  scenario::check_sums_to_one(inv.build_weights, r.at("build_weights"),
                              r.child_path("build_weights"), "build_weights");
  inv.initial_growth = r.number("initial_growth", 0.06, RATE);
  inv.price_markup = r.number("price_markup", 0.003, RATE);
  inv.price_volatility = r.number("price_volatility", 0.01, VOLATILITY);
  inv.public_capital_depreciation = r.number("public_capital_depreciation", 0.06, Bounds::unit());
  // M4: public capital starts at its steady state I_G / (g + delta_G); at least 0.01 (a stock of
  // 100 years of investment), or it is not positive.
  if (inv.initial_growth + inv.public_capital_depreciation < 0.01) {
    r.fail("initial_growth",
           "initial_growth + public_capital_depreciation is " +
               config::shortest_text(inv.initial_growth + inv.public_capital_depreciation) +
               " (expected at least 0.01: public capital starts at I / (g + delta), M4)");
  }
  inv.growth_target = r.number("growth_target", 0.098, RATE);
  inv.shock_loading = r.number("shock_loading", 0.5, LOADING);

  MapReader defaults = r.optional_map("block_defaults");
  const double growth_mean = defaults.number("growth_mean", 0.07, RATE);
  const double persistence = defaults.number("persistence", 0.3, PERSISTENCE);
  const double volatility = defaults.number("volatility", 0.08, VOLATILITY);
  // phi_b: FAI growth per unit of last year's growth shortfall (M2). Above 2 the reaction feeds
  // a boom-bust cycle through GDP growth that widens without bound (docs/domains.md).
  const Bounds reaction{0.0, 2.0, false, false, "a reaction in [0, 2], M2"};
  const double policy_reaction = defaults.number("policy_reaction", 0.0, reaction);
  defaults.finish();

  const std::string blocks_path = r.child_path("blocks");
  std::vector<Node>& items = r.sequence("blocks");
  if (items.empty()) r.fail("blocks", "no investment blocks (expected at least one, M2)");
  std::vector<double> shares;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < items.size(); ++i) {
    MapReader b(items[i], item_path(blocks_path, i), r.parameters());
    InvestmentBlockSpec block;
    block.name = b.string("name");
    if (std::find(names.begin(), names.end(), block.name) != names.end()) {
      b.fail("name", "duplicate block name '" + block.name + "' (expected a unique name)");
    }
    names.push_back(block.name);
    // A block with no base-year FAI stays at zero (M2 grows it multiplicatively), and the
    // public-capital, property and final-demand terms that divide by it would be undefined.
    block.base_share = b.number("base_share", Bounds{0.0, 1.0, true, false, "a share in (0, 1]"});
    block.growth_mean = b.number("growth_mean", growth_mean, RATE);
    block.persistence = b.number("persistence", persistence, PERSISTENCE);
    block.volatility = b.number("volatility", volatility, VOLATILITY);
    block.policy_reaction = b.number("policy_reaction", policy_reaction, reaction);
    block.allocation = read_allocation(b, spec);
    b.finish();
    shares.push_back(block.base_share);
    inv.blocks.push_back(block);
  }
  scenario::check_sums_to_one(shares, r.at("blocks"), blocks_path, "base_share values");
  const std::string public_block = r.choice("public_capital_block", names);
  inv.public_capital_block =
      static_cast<int>(std::find(names.begin(), names.end(), public_block) - names.begin());
  r.finish();
}

void read_shocks(MapReader& root, ScenarioSpec& spec) {
  MapReader r = root.map("shocks");
  ShockSpec& s = spec.shocks;
  const std::string groups_path = r.child_path("groups");
  for (Node& g : r.sequence("groups"))
    s.groups.push_back(config::to_string(g, groups_path));
  if (s.groups.empty()) r.fail("groups", "no groups (expected at least one M1 group factor)");
  s.persistence = r.number("persistence", 0.0, PERSISTENCE);
  MapReader m = r.optional_map("macro_loadings");
  s.inflation_loading = m.number("inflation", 0.3, LOADING);
  s.migration_loading = m.number("migration", 0.2, LOADING);
  s.income_loading = m.number("income", 0.5, LOADING);
  s.retail_loading = m.number("retail", 0.5, LOADING);
  s.revenue_loading = m.number("revenue", 0.3, LOADING);
  m.finish();
  s.student_t = r.choice("distribution", {"normal", "student_t"}, "normal") == "student_t";
  // nu >= 4 (finite kurtosis, MODEL.md section 11's sweep range 4-8): with nu near 2 a single
  // innovation of thousands of standard deviations is likely enough in a large run to overflow a
  // level (docs/domains.md).
  s.degrees_of_freedom = r.number("degrees_of_freedom", 5.0,
                                  Bounds{4.0, 1000.0, false, false, "a number in [4, 1000]"});
  // Read after the sectors and investment blocks they refer to: the correlation matrix (its size is
  // the sector count) and the jump processes (shock_reader.cpp).
  for (const char* later : {"correlation", "pandemic", "property_bust", "projects", "revision",
                            "regional_factor_history"})
    r.has(later);
  r.finish();
}

void read_correlation(MapReader& root, ScenarioSpec& spec) {
  MapReader r = root.map("shocks");
  if (!r.has("correlation")) return;
  Eigen::MatrixXd c = r.matrix("correlation");
  scenario::check_correlation(c, spec.sector_count(), r.at("correlation"),
                              r.child_path("correlation"));
  spec.shocks.correlation = c;
}

void read_prices(MapReader& root, ScenarioSpec& spec) {
  MapReader r = root.optional_map("prices");
  PriceSpec& p = spec.prices;
  if (!r.has("inflation_mean")) {
    // Default: MODEL.md section 11, mu_pi 0.010 in 2021-25 and 0.015 from 2026.
    Node list = Node::sequence(r.node().mark());
    for (const auto& [from, mean] :
         {std::pair<const char*, const char*>{"2021", "0.010"}, {"2026", "0.015"}}) {
      Node regime = Node::map(r.node().mark());
      regime.set("from", Node::scalar(from, r.node().mark()));
      regime.set("mean", Node::scalar(mean, r.node().mark()));
      list.push_back(regime);
    }
    r.node().set("inflation_mean", list);
  }
  const std::string path = r.child_path("inflation_mean");
  std::vector<Node>& items = r.sequence("inflation_mean");
  if (items.empty()) r.fail("inflation_mean", "empty list (expected at least one {from, mean})");
  for (std::size_t i = 0; i < items.size(); ++i) {
    MapReader regime(items[i], item_path(path, i), r.parameters());
    InflationRegime x;
    x.from_year = static_cast<int>(regime.integer("from", 1000, 3000));
    x.mean = regime.number("mean", RATE);
    if (!p.inflation_mean.empty() && x.from_year <= p.inflation_mean.back().from_year) {
      regime.fail("from", "years must increase (expected from > " +
                              std::to_string(p.inflation_mean.back().from_year) + ")");
    }
    regime.finish();
    p.inflation_mean.push_back(x);
  }
  if (p.inflation_mean.front().from_year > spec.base_year + 1) {
    config::fail_at(items.front(), item_path(path, 0) + ".from",
                    "first regime starts after the first simulated year (expected from <= " +
                        std::to_string(spec.base_year + 1) + ")");
  }
  p.persistence = r.number("persistence", 0.5, PERSISTENCE);
  p.volatility = r.number("volatility", 0.012, VOLATILITY);
  p.base_inflation = r.number("base_inflation", 0.010, RATE);
  p.utilisation_pass_through = r.number("utilisation_pass_through", 0.1, Bounds::closed(0, 1));
  r.finish();
}

// M10: a negative TR_2020 (labour income of non-residents) is the share s = -TR / ((1 - tau_H) W)
// of after-tax labour compensation, growing at g_TR; disposable income (1 - tau_H) W (1 - s e^(g
// t)) stays positive only while s e^(g t) < 1, which the loader checks at the horizon's end.
void check_outflow_growth(MapReader& income, const ScenarioSpec& spec) {
  double labour_compensation = 0;
  for (const SectorSpec& sector : spec.sectors)
    labour_compensation += (1.0 - sector.capital_share) * sector.va_share * spec.base.gdp;
  const double after_tax = (1.0 - spec.income.tax_rate) * labour_compensation;
  const double disposable = spec.base.gdp / spec.base.gdp_per_capita * spec.base.income_per_capita;
  const double share = (after_tax - disposable) / after_tax;
  const double growth = spec.income.transfer_real_growth;
  if (share <= 0 || growth <= 0) return;
  const double final_share = share * std::exp(growth * (spec.end_year - spec.base_year));
  if (final_share < 1.0) return;
  income.fail("transfer_real_growth",
              "the base year's outflow of labour income (" + config::shortest_text(share) +
                  " of after-tax labour compensation) growing at " + config::shortest_text(growth) +
                  " a year exceeds it by " + std::to_string(spec.end_year) +
                  " (expected a growth that keeps disposable income positive, M10)");
}

void read_macro_blocks(MapReader& root, ScenarioSpec& spec) {
  {
    MapReader r = root.optional_map("productivity");
    spec.productivity.long_run_drift = r.number("long_run_drift", 0.010, RATE);
    spec.productivity.regional_drift = r.number("regional_drift", 0.0, RATE);
    spec.productivity.convergence_years =
        r.number("convergence_years", 10.0, Bounds{0.0, 1000.0, true, false, "years in (0, 1000]"});
    spec.productivity.public_capital_elasticity =
        r.number("public_capital_elasticity", 0.05, Bounds::closed(-1, 1));
    r.finish();
  }
  {
    MapReader r = root.optional_map("population");
    PopulationSpec& p = spec.population;
    p.natural_increase = r.number("natural_increase", -0.001, RATE);
    p.migration_mean = r.number("migration_mean", 0.015, RATE);
    // M9: m_t responds to g_t-1 - dln N_t-1, so population growth feeds back on itself with
    // coefficient -eta_m: |eta_m| < 1 keeps it from oscillating ever wider.
    p.migration_response = r.number("migration_response", 0.1,
                                    Bounds{-1.0, 1.0, true, true, "a response in (-1, 1), M9"});
    p.migration_volatility = r.number(
        "migration_volatility", 0.005,
        Bounds{0.0, 0.05, false, false, "a volatility of the migration rate in [0, 0.05]"});
    p.urbanisation_ceiling = r.number("urbanisation_ceiling", 0.95, SHARE_OPEN);
    p.urbanisation_speed = r.number("urbanisation_speed", 0.066,
                                    Bounds{0.0, 10.0, false, false, "a speed in [0, 10] per year"});
    // A sector's labour growth feeds back through (1 - alpha_j) dln L_j into its next growth
    // differential: a response below 1 keeps the labour shares from running away, for any alpha.
    p.labour_reallocation = r.number("labour_reallocation", 0.5,
                                     Bounds{0.0, 1.0, false, true, "a response in [0, 1), M9"});
    p.reference_growth = r.number("reference_growth", 0.05, RATE);
    if (spec.base.urbanisation > p.urbanisation_ceiling) {
      r.fail("urbanisation_ceiling",
             "below the base-year urbanisation " + std::to_string(spec.base.urbanisation) +
                 " (expected a ceiling >= base_year_data.urbanisation, M9)");
    }
    r.finish();
  }
  {
    MapReader r = root.optional_map("income");
    spec.income.tax_rate =
        r.number("tax_rate", 0.10, Bounds{0.0, 1.0, false, true, "a rate in [0, 1)"});
    spec.income.propensity_to_consume = r.number(
        "propensity_to_consume", 0.651, Bounds{0.0, 1.0, true, false, "a propensity in (0, 1]"});
    spec.income.transfer_real_growth = r.number("transfer_real_growth", 0.0, RATE);
    spec.income.volatility = r.number("volatility", 0.015, VOLATILITY);
    check_outflow_growth(r, spec);
    // M11: retail sales RS = C + Q with Q >= 0 (sales to non-residents and institutions), so
    // resident consumption C = c YD cannot exceed the base year's retail sales.
    const double disposable =
        spec.base.gdp / spec.base.gdp_per_capita * spec.base.income_per_capita;
    const double consumption = spec.income.propensity_to_consume * disposable;
    if (consumption > spec.base.retail_sales) {
      r.fail("propensity_to_consume",
             "resident consumption c YD = " + config::shortest_text(consumption) +
                 " exceeds base-year retail sales " +
                 config::shortest_text(spec.base.retail_sales) + " (expected c <= " +
                 config::shortest_text(spec.base.retail_sales / disposable) + ", M11 RS = C + Q)");
    }
    r.finish();
  }
  {
    MapReader r = root.optional_map("retail");
    spec.retail.drift = r.number("drift", 0.0, RATE);
    // e_RL feeds back: retail sales drive M7's retail demand, which is GDP growth; at 1 retail
    // sales grow one for one with GDP, above it the loop can run away.
    spec.retail.demand_elasticity = r.number(
        "demand_elasticity", 0.3, Bounds{-1.0, 1.0, false, false, "an elasticity in [-1, 1], M11"});
    spec.retail.tourism_elasticity =
        r.number("tourism_elasticity", 0.1,
                 Bounds{-2.0, 2.0, false, false, "an elasticity in [-2, 2], M11"});
    spec.retail.volatility = r.number("volatility", 0.02, VOLATILITY);
    r.finish();
  }
  {
    MapReader r = root.optional_map("fiscal");
    spec.fiscal.elasticity = r.number(
        "elasticity", 0.9, Bounds{0.0, 3.0, false, false, "a tax buoyancy in [0, 3], M12"});
    spec.fiscal.volatility = r.number("volatility", 0.02, VOLATILITY);
    spec.fiscal.land_tax_share =
        r.number("land_tax_share", 0.2, Bounds{0.0, 1.0, false, true, "a share in [0, 1)"});
    // chi >= 1 would make government spending GS = R / (1 - chi) infinite or negative.
    spec.fiscal.transfer_share = r.number(
        "transfer_share", 0.58,
        Bounds{0.0, 1.0, false, true,
               "a share in [0, 1): at 1 or above, government spending R / (1 - share) is not "
               "positive"});
    spec.fiscal.transfer_real_growth = r.number("transfer_real_growth", 0.0, RATE);
    r.finish();
  }
  {
    MapReader r = root.optional_map("tourism");
    TourismSpec& t = spec.tourism;
    t.base_visits =
        r.number("base_visits", 2.0e7, Bounds{1.0, 1e11, false, false, "a number in [1, 1e11]"});
    t.base_revenue = r.number("base_revenue", 10.0, LEVEL);
    t.visits_growth = r.number("visits_growth", 0.05, RATE);
    t.spend_real_growth = r.number("spend_real_growth", 0.02, RATE);
    t.volatility = r.number("volatility", 0.05, VOLATILITY);
    t.shock_loading = r.number("shock_loading", 0.5, LOADING);
    r.finish();
  }
  {
    MapReader r = root.optional_map("rd");
    RdSpec& rd = spec.rd;
    rd.base_intensity =
        r.number("base_intensity", 0.035, Bounds{0.0, 1.0, true, true, "a fraction in (0, 1)"});
    rd.trend = r.number("trend", 0.0006, Bounds::closed(-0.01, 0.01));
    rd.persistence = r.number("persistence", 0.7, PERSISTENCE);
    rd.volatility =
        r.number("volatility", 0.001, Bounds{0.0, 0.05, false, false, "a volatility in [0, 0.05]"});
    r.finish();
  }
}

void read_base_data(MapReader& root, ScenarioSpec& spec) {
  MapReader r = root.map("base_year_data");
  BaseYearData& b = spec.base;
  const Bounds per_capita{100.0, 1e7, false, false, "yuan per person in [100, 1e7]"};
  b.gdp = r.number("gdp", LEVEL);
  b.gdp_per_capita = r.number("gdp_per_capita", per_capita);
  b.fai = r.number("fai", LEVEL);
  b.retail_sales = r.number("retail_sales", LEVEL);
  b.budget_revenue = r.number("budget_revenue", LEVEL);
  b.income_per_capita = r.number("income_per_capita", per_capita);
  b.urbanisation = r.number("urbanisation", Bounds{0.0, 1.0, true, false, "a fraction in (0, 1]"});
  b.labour_productivity = r.number(
      "labour_productivity", Bounds{0.1, 1e4, false, false, "1e4 yuan per worker in [0.1, 1e4]"});
  // Levels far out of proportion to GDP make the M7 drivers and M12 ratios overflow over a long
  // horizon; these bands hold every Chinese county and district (Luolong 2020: FAI 0.45, retail
  // 0.49, own revenue 0.048 of GDP).
  const auto check_ratio = [&](const char* key, double value, double lo, double hi) {
    const double ratio = value / b.gdp;
    if (ratio >= lo && ratio <= hi) return;
    r.fail(key, "is " + config::shortest_text(ratio) + " times GDP (expected a ratio to GDP in [" +
                    config::shortest_text(lo) + ", " + config::shortest_text(hi) + "])");
  };
  check_ratio("fai", b.fai, 0.01, 5.0);
  check_ratio("retail_sales", b.retail_sales, 0.01, 5.0);
  check_ratio("budget_revenue", b.budget_revenue, 0.001, 1.0);
  // M9: employment GDP / productivity over the population GDP / GDP per capita.
  const double employment_rate = b.gdp_per_capita / (b.labour_productivity * 1e4);
  if (employment_rate < 0.05 || employment_rate > 1.0) {
    r.fail("labour_productivity",
           "gives " + config::shortest_text(employment_rate) +
               " workers per resident with gdp_per_capita " +
               config::shortest_text(b.gdp_per_capita) +
               " (expected gdp_per_capita / (labour_productivity * 1e4) in [0.05, 1], M9)");
  }
  r.finish();
}

// Which bases make sense for which kind of indicator (scenario.hpp TargetBasis).
std::vector<std::string> allowed_bases(Quantity q) {
  switch (q) {
    case Quantity::NominalMoney:
      return {"nominal_level", "nominal_growth"};
    case Quantity::RealMoney:
      return {"real_level", "real_growth"};
    case Quantity::PerCapita:
      return {"per_capita", "nominal_growth"};
    case Quantity::Share:
      return {"share"};
    case Quantity::Count:
      return {"nominal_level", "nominal_growth"};
    case Quantity::Rate:
    case Quantity::Index:
      return {"nominal_level"};
  }
  return {};
}

// What kind of quantity a target's indicator is; for a satellite, also records which one.
Quantity resolve_indicator(const ScenarioSpec& spec, TargetSpec& t) {
  if (const auto var = find_variable(t.indicator)) return info(*var).quantity;
  for (std::size_t k = 0; k < spec.satellites.size(); ++k) {
    if (spec.satellites[k].id != t.indicator) continue;
    t.satellite = static_cast<int>(k);
    return spec.satellites[k].share_of_gdp ? Quantity::Share : Quantity::NominalMoney;
  }
  return Quantity::NominalMoney;  // unreachable: the indicator was checked against the list
}

// The level unit a history row must have for an indicator of this quantity
// (data/history/README.md).
const char* level_unit(Quantity quantity, const std::string& indicator) {
  switch (quantity) {
    case Quantity::NominalMoney:
    case Quantity::RealMoney:
      return "亿元";
    case Quantity::PerCapita:
      return "元";
    case Quantity::Count:
      return indicator == "tourist_visits" ? "visits" : "persons";
    default:
      return nullptr;  // shares, rates and indices are not published as levels
  }
}

// A history row inside the horizon as a backtest outturn: a level or share on its natural basis, a
// growth rate as the growth from the year before (the target's plan_base_year). A basis the model
// does not measure the indicator on (the real growth of a nominal indicator) is left out with a
// warning; everything else that does not fit is an error at the row.
void add_history_outturn(ScenarioSpec& spec, const HistoryRow& row,
                         const std::vector<std::string>& indicators) {
  if (row.year <= spec.base_year) return;  // before the forecast starts: history, not a backtest
  if (row.year > spec.end_year) {
    throw ConfigError(row.year_at, "year",
                      std::to_string(row.year) + " is after the horizon (expected a year up to " +
                          std::to_string(spec.end_year) + ")");
  }
  if (std::find(indicators.begin(), indicators.end(), row.indicator) == indicators.end()) {
    const auto hint = config::did_you_mean(row.indicator, indicators);
    throw ConfigError(row.indicator_at, "indicator",
                      "'" + row.indicator + "' is not a per-year output variable or satellite" +
                          (hint ? " (did you mean '" + *hint + "'?)" : std::string()));
  }
  TargetSpec t;
  t.outturn = true;
  t.indicator = row.indicator;
  const Quantity quantity = resolve_indicator(spec, t);
  t.year = row.year;
  t.threshold = row.value;
  t.comparison = Comparison::LessEqual;
  t.source = row.source;
  const std::string basis = to_string(row.basis);
  switch (row.basis) {
    case HistoryBasis::Level: {
      const char* unit = level_unit(quantity, row.indicator);
      if (unit == nullptr) {
        throw ConfigError(row.basis_at, "basis",
                          row.indicator + " is not a level (expected basis share for a share)");
      }
      if (row.unit != unit) {
        throw ConfigError(row.unit_at, "unit",
                          "'" + row.unit + "' for " + row.indicator + " (expected " + unit + ")");
      }
      t.basis = quantity == Quantity::PerCapita   ? TargetBasis::PerCapita
                : quantity == Quantity::RealMoney ? TargetBasis::RealLevel
                                                  : TargetBasis::NominalLevel;
      break;
    }
    case HistoryBasis::Share:
      if (quantity != Quantity::Share) {
        throw ConfigError(row.basis_at, "basis",
                          row.indicator + " is not a share (expected basis level or growth)");
      }
      t.basis = TargetBasis::Share;
      break;
    case HistoryBasis::RealGrowth:
    case HistoryBasis::NominalGrowth: {
      const bool real = row.basis == HistoryBasis::RealGrowth;
      const bool measured =
          real ? quantity == Quantity::RealMoney
               : quantity == Quantity::NominalMoney || quantity == Quantity::PerCapita;
      if (!measured) {
        spec.warnings.push_back({row.basis_at, "basis",
                                 "the model measures " + row.indicator +
                                     (real ? " at current prices" : " in volume") + ": its " +
                                     basis + " in " + std::to_string(row.year) +
                                     " has no counterpart and is left out of the backtest"});
        return;
      }
      t.basis = real ? TargetBasis::RealGrowth : TargetBasis::NominalGrowth;
      t.plan_base_year = row.year - 1;  // the year's growth, %
      break;
    }
  }
  // A level or share outturn is named as a backtest.outturns entry is; a growth rate says so.
  const bool growth =
      row.basis == HistoryBasis::RealGrowth || row.basis == HistoryBasis::NominalGrowth;
  t.id = "outturn_" + t.indicator + (growth ? "_" + basis : "") + "_" + std::to_string(t.year);
  t.label = "outturn " + t.indicator + (growth ? " " + basis : "") + " " + std::to_string(t.year);
  for (const TargetSpec& other : spec.targets) {
    if (other.id == t.id) {
      throw ConfigError(row.location, "year",
                        "a second outturn of " + t.label +
                            " (expected one per indicator, basis "
                            "and year: the scenario's backtest.outturns has it too)");
    }
  }
  spec.targets.push_back(t);
}

// For each year Y in the horizon with a GDP level and a real growth outturn, and a GDP level for
// Y - 1 (published, or the base year's), the deflator growth they imply, 100 ((L_Y / L_Y-1) /
// (1 + g_Y / 100) - 1) %, as an outturn on the GDP deflator's growth in Y (issue 12, step 4).
void add_implied_deflators(ScenarioSpec& spec, const std::vector<HistoryRow>& rows) {
  std::map<int, const HistoryRow*> level, growth;
  for (const HistoryRow& row : rows) {
    if (row.indicator == "gdp_nominal" && row.basis == HistoryBasis::Level) level[row.year] = &row;
    if (row.indicator == "gdp_real" && row.basis == HistoryBasis::RealGrowth)
      growth[row.year] = &row;
  }
  for (const auto& [year, g] : growth) {
    if (year <= spec.base_year || year > spec.end_year || level.count(year) == 0) continue;
    double previous = 0;
    std::string previous_source = "the scenario's base_year_data.gdp";
    if (year - 1 == spec.base_year) {
      previous = spec.base.gdp;
    } else if (level.count(year - 1) != 0) {
      previous = level.at(year - 1)->value;
      previous_source = level.at(year - 1)->source;
    } else {
      continue;
    }
    const HistoryRow& now = *level.at(year);
    TargetSpec t;
    t.outturn = true;
    t.implied_deflator = true;
    t.indicator = "gdp_deflator";
    t.year = year;
    t.basis = TargetBasis::NominalGrowth;
    t.plan_base_year = year - 1;
    t.threshold = (now.value / previous / (1 + g->value / 100) - 1) * 100;
    t.comparison = Comparison::LessEqual;
    t.id = "implied_deflator_" + std::to_string(year);
    t.label = "GDP " + config::shortest_text(previous) + " -> " + config::shortest_text(now.value) +
              " with real growth " + config::shortest_text(g->value) + " %";
    t.source = now.source + "; " + g->source + "; " + previous_source;
    spec.targets.push_back(t);
  }
}

// backtest.history: {file, region}: the region's latest published figures as outturns. A relative
// file is found beside the YAML file that names it.
void read_history_outturns(MapReader& backtest, ScenarioSpec& spec,
                           const std::vector<std::string>& indicators) {
  if (!backtest.has("history")) return;
  MapReader h = backtest.map("history");
  const std::string file = h.string("file");
  if (const auto problem = config::path_text_problem(file)) h.fail("file", *problem);
  const std::string region = h.string("region");
  const SourceLocation named_at = h.at("file").mark().location();
  std::filesystem::path path(file);
  if (path.is_relative() && named_at.file != "--set")
    path = std::filesystem::path(named_at.file).parent_path() / path;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    h.fail("file", "cannot read '" + path.string() + "' (expected a history CSV file)");
  // Optional filters, for a proxy region whose levels have another scope (its growth rates only)
  // and for out-of-sample checks (the years after an estimation sample).
  const std::vector<std::string> basis_names = {"level", "real_growth", "nominal_growth", "share"};
  std::vector<std::string> bases = basis_names;
  if (h.has("bases")) {
    const std::string bases_path = h.child_path("bases");
    bases.clear();
    const std::vector<Node>& items = h.sequence("bases");
    if (items.empty())
      h.fail("bases", "empty list (expected some of level, real_growth, nominal_growth, share)");
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string name = config::to_string(items[i], item_path(bases_path, i));
      if (std::find(basis_names.begin(), basis_names.end(), name) == basis_names.end()) {
        config::fail_at(
            items[i], item_path(bases_path, i),
            "'" + name + "' (expected one of level, real_growth, nominal_growth, share)");
      }
      bases.push_back(name);
    }
  }
  const int after =
      static_cast<int>(h.integer("after", spec.base_year, spec.base_year, spec.end_year - 1));
  h.finish();
  std::vector<HistoryRow> rows = latest_rows(read_history(path.string()), region);
  if (rows.empty()) h.fail("region", "no figures for '" + region + "' in " + path.string());
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [&](const HistoryRow& row) {
                              return row.year <= after ||
                                     std::find(bases.begin(), bases.end(), to_string(row.basis)) ==
                                         bases.end();
                            }),
             rows.end());
  for (const HistoryRow& row : rows)
    add_history_outturn(spec, row, indicators);
  add_implied_deflators(spec, rows);
}

// Backtest outturns (published values of past years): each becomes a TargetSpec with comparison
// <= on the indicator's natural basis, so P(meet) is the outturn's percentile in the simulated
// distribution.
void read_outturns(MapReader& root, ScenarioSpec& spec,
                   const std::vector<std::string>& indicators) {
  MapReader backtest = root.optional_map("backtest");
  if (!backtest.has("outturns"))
    backtest.node().set("outturns", Node::sequence(backtest.node().mark()));
  const std::string path = backtest.child_path("outturns");
  std::vector<Node>& items = backtest.sequence("outturns");
  for (std::size_t i = 0; i < items.size(); ++i) {
    MapReader r(items[i], item_path(path, i));
    TargetSpec t;
    t.outturn = true;
    t.indicator = r.choice("indicator", indicators);
    const Quantity quantity = resolve_indicator(spec, t);
    t.year = static_cast<int>(r.integer("year", spec.base_year + 1, spec.end_year));
    // Shares in percent like the plan's; levels in the indicator's unit.
    t.basis = quantity == Quantity::Share       ? TargetBasis::Share
              : quantity == Quantity::PerCapita ? TargetBasis::PerCapita
              : quantity == Quantity::RealMoney ? TargetBasis::RealLevel
                                                : TargetBasis::NominalLevel;
    t.threshold = r.number("value");
    t.comparison = Comparison::LessEqual;
    t.source = r.string("source", "");
    t.id = "outturn_" + t.indicator + "_" + std::to_string(t.year);
    t.label = "outturn " + t.indicator + " " + std::to_string(t.year);
    for (const TargetSpec& other : spec.targets) {
      if (other.id == t.id)
        r.fail("year", "a second outturn of " + t.indicator + " in " + std::to_string(t.year) +
                           " (expected one per indicator and year)");
    }
    r.finish();
    spec.targets.push_back(t);
  }
  read_history_outturns(backtest, spec, indicators);
  backtest.finish();
}

void read_targets(MapReader& root, ScenarioSpec& spec) {
  if (!root.has("targets")) root.node().set("targets", Node::sequence(root.node().mark()));
  const std::string path = root.child_path("targets");
  std::vector<Node>& items = root.sequence("targets");
  std::vector<std::string> indicators;
  for (const VarInfo& v : VARIABLES) {
    if (v.extent == Extent::None) indicators.emplace_back(v.name);
  }
  for (const SatelliteSpec& s : spec.satellites)
    indicators.push_back(s.id);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < items.size(); ++i) {
    // No priors here: a target is what every parameter set is scored against, not a parameter.
    MapReader r(items[i], item_path(path, i));
    TargetSpec t;
    t.id = r.string("id");
    if (t.id.empty() || !ids.insert(t.id).second)
      r.fail("id", "duplicate or empty target id '" + t.id + "' (expected a unique id)");
    t.indicator = r.choice("indicator", indicators);
    const Quantity quantity = resolve_indicator(spec, t);
    t.year = static_cast<int>(r.integer("year", spec.base_year + 1, spec.end_year));
    t.threshold = r.number("threshold");
    const std::string comparison = r.choice("comparison", {">=", ">", "<=", "<"}, ">=");
    t.comparison = comparison == ">="   ? Comparison::GreaterEqual
                   : comparison == ">"  ? Comparison::Greater
                   : comparison == "<=" ? Comparison::LessEqual
                                        : Comparison::Less;
    const std::string basis = r.choice("basis", allowed_bases(quantity));
    const std::map<std::string, TargetBasis> bases = {
        {"nominal_level", TargetBasis::NominalLevel},
        {"real_level", TargetBasis::RealLevel},
        {"real_growth", TargetBasis::RealGrowth},
        {"nominal_growth", TargetBasis::NominalGrowth},
        {"share", TargetBasis::Share},
        {"per_capita", TargetBasis::PerCapita}};
    t.basis = bases.at(basis);
    t.label = r.string("label", t.id);
    t.source = r.string("source", "");
    if (r.has("plan_base")) t.plan_base = r.number("plan_base", Bounds::positive());
    t.plan_base_year =
        static_cast<int>(r.integer("plan_base_year", spec.base_year, 1000, t.year - 1));
    if (r.has("stated_growth"))
      t.stated_growth = r.number("stated_growth", Bounds::closed(-100, 1000));
    r.finish();
    spec.targets.push_back(t);
  }
  read_outturns(root, spec, indicators);
}

ScenarioSpec read_scenario(Node& root_node, const std::string& source) {
  ScenarioSpec spec;
  spec.source_file = source;
  scenario::ParameterRecorder parameters(spec);
  MapReader root(root_node, "", &parameters);
  {
    MapReader m = root.map("metadata");
    spec.metadata.name = m.string("name");
    spec.metadata.region = m.string("region", "");
    spec.metadata.description = m.string("description", "");
    m.finish();
  }
  {
    MapReader h = root.map("horizon");
    spec.base_year = static_cast<int>(h.integer("base_year", 2020, 1000, 3000));
    spec.end_year = static_cast<int>(h.integer("end_year", 2035, 1000, 3000));
    if (spec.end_year <= spec.base_year) {
      h.fail("end_year", "horizon ends in " + std::to_string(spec.end_year) +
                             ", not after the base year " + std::to_string(spec.base_year) +
                             " (expected end_year > base_year)");
    }
    // The domains of docs/domains.md keep every level finite over 100 years.
    if (spec.end_year - spec.base_year > 100)
      h.fail("end_year", "horizon longer than 100 years (expected at most 100)");
    h.finish();
  }
  read_base_data(root, spec);
  read_shocks(root, spec);
  const SectorDefaults defaults = read_sector_defaults(root);
  read_sectors(root, defaults, spec);
  read_correlation(root, spec);
  read_investment(root, spec);
  scenario::read_jumps(root, spec);
  scenario::read_input_output(root, spec);
  read_prices(root, spec);
  read_macro_blocks(root, spec);
  scenario::read_satellites(root, spec);
  read_targets(root, spec);
  {
    MapReader a = root.optional_map("audit");
    spec.audit.national_culture_va_share =
        a.number("national_culture_va_share", 0.0443, Bounds::unit());
    a.finish();
  }
  root.finish();
  return spec;
}

ScenarioSpec finish_scenario(Node root, const std::string& source,
                             const std::vector<std::string>& overrides) {
  for (std::size_t i = 0; i < overrides.size(); ++i)
    config::apply_override(root, overrides[i], static_cast<int>(i + 1));
  // Before reading writes the defaults: a parameter set re-reads this text with its drawn values,
  // so defaults that follow a drawn value (sector_defaults -> each sector) follow it there too.
  const std::string input_yaml = config::emit_yaml(root);
  const scenario::WrittenKeys written = scenario::written_keys(root);  // before the defaults
  ScenarioSpec spec = read_scenario(root, source);
  // After the reader's own warnings (history rows it leaves out), those of keys with no effect.
  const std::vector<ScenarioWarning> unused = scenario::find_warnings(written, spec);
  spec.warnings.insert(spec.warnings.end(), unused.begin(), unused.end());
  if (!spec.priors.empty()) spec.input_yaml = input_yaml;
  spec.resolved_yaml = config::emit_yaml(root);
  return spec;
}

}  // namespace

ScenarioSpec load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  return ScenarioSource(path).load(overrides);
}

ScenarioSource::ScenarioSource(const std::string& path)
    : path_(path), root_(std::make_shared<const Node>(config::load_yaml_file(path))) {}

ScenarioSpec ScenarioSource::load(const std::vector<std::string>& overrides) const {
  return finish_scenario(*root_, path_, overrides);  // a copy of the tree: the source stays as read
}

ScenarioSpec parse_scenario(const std::string& yaml_text, const std::string& display_name,
                            const std::vector<std::string>& overrides,
                            const std::string& base_dir) {
  return finish_scenario(config::load_yaml_text(yaml_text, display_name, base_dir), display_name,
                         overrides);
}

}  // namespace regiosim
