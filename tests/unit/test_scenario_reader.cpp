// Scenario reading: the default scenario's content, the resolved text round trip, --set by sector
// code, and the cross-field checks of MODEL.md section 10 with their locations.
#include <catch2/catch.hpp>

#include "config/yaml_reader.hpp"
#include "regiosim/error.hpp"
#include "regiosim/scenario.hpp"
#include "scenario/scenario_warnings.hpp"
#include "support/config_error.hpp"
#include "support/tiny_scenario.hpp"

using namespace regiosim;

namespace {
const std::string DEFAULT_SCENARIO = REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml";

// The message of the ConfigError that parsing `overrides` on the tiny scenario raises.
std::string error_of(const std::vector<std::string>& overrides) {
  const std::string error = test::config_error([&] { test::tiny_scenario(overrides); });
  return error.empty() ? "no error" : error;
}
}  // namespace

TEST_CASE("the default scenario: 15 sectors, the plan's base figures and targets",
          "[unit][scenario]") {
  const ScenarioSpec spec = load_scenario(DEFAULT_SCENARIO);
  CHECK(spec.metadata.name == "luolong-14fyp");
  CHECK(spec.base_year == 2020);
  CHECK(spec.end_year == 2035);
  REQUIRE(spec.sectors.size() == 15);
  CHECK(spec.sectors[5].code == "EQP");
  CHECK(spec.sectors[5].tier == SectorTier::Leading);
  CHECK(spec.sectors[5].tfp_drift == 0.015);
  CHECK(spec.sectors[4].volatility == 0.06);          // BIO
  CHECK(spec.sectors[3].type == SectorType::Demand);  // TRADE
  CHECK(spec.sectors[0].volatility == 0.025);         // from sector_defaults
  CHECK(spec.base.gdp == 451.9);
  CHECK(spec.investment.blocks.size() == 4);
  CHECK(spec.investment.public_capital_block == 1);
  bool has_gdp_target = false;
  for (const TargetSpec& t : spec.targets)
    has_gdp_target |= (t.id == "gdp_2025" && t.threshold == 820 && t.year == 2025);
  CHECK(has_gdp_target);
}

TEST_CASE("the resolved scenario parses back to itself", "[unit][scenario]") {
  const ScenarioSpec spec =
      load_scenario(DEFAULT_SCENARIO, {"investment.block_defaults.growth_mean=0.12"});
  const ScenarioSpec again = parse_scenario(spec.resolved_yaml, "resolved.yaml");
  CHECK(again.resolved_yaml == spec.resolved_yaml);
  CHECK(again.investment.blocks[0].growth_mean == 0.12);
  CHECK(again.sectors[7].depreciation == spec.sectors[7].depreciation);
  // Defaults are written out: a key absent from the file is present in the resolved text.
  CHECK(spec.resolved_yaml.find("price_drift") != std::string::npos);
}

TEST_CASE("overrides address list items by code and are validated", "[unit][scenario]") {
  const ScenarioSpec spec =
      test::tiny_scenario({"sectors.S1.tfp_drift=0.03", "targets.gdp_2024.threshold=150"});
  CHECK(spec.sectors[0].tfp_drift == 0.03);
  CHECK(spec.targets[0].threshold == 150);
  CHECK_THAT(error_of({"sectors.S1.volatilty=0.1"}), Catch::Contains("did you mean 'volatility'"));
  CHECK_THAT(error_of({"sectors.S1.volatility=-0.1"}), Catch::StartsWith("--set:1:"));
}

TEST_CASE("cross-field checks name the key and the offending value", "[unit][scenario]") {
  // The joint conditions that keep the model finite (docs/domains.md). Tiny: 0.5 workers per
  // resident, FAI 0.2 of GDP, g + delta_G = 0.11, TR_2020 = 40 - 0.9 * 62 < 0, s = 15.8 / 55.8.
  CHECK_THAT(error_of({"base_year_data.labour_productivity=1"}),
             Catch::Contains("base_year_data.labour_productivity: gives 5 workers per resident"));
  CHECK_THAT(error_of({"base_year_data.fai=1000"}),
             Catch::Contains("base_year_data.fai: is 10 times GDP (expected a ratio to GDP in "
                             "[0.01, 5])"));
  CHECK_THAT(error_of({"investment.initial_growth=-0.06"}),
             Catch::Contains("initial_growth + public_capital_depreciation is 0"));
  // s e^(g T) at T = 4: 0.283 e^2 = 2.09 > 1 is refused, 0.283 e^0.8 = 0.63 is not.
  CHECK_THAT(error_of({"income.transfer_real_growth=0.5"}),
             Catch::Contains("income.transfer_real_growth: the base year's outflow of labour "
                             "income (0.28315412186379935 of after-tax labour compensation)"));
  CHECK(error_of({"income.transfer_real_growth=0.2"}) == "no error");
  CHECK_THAT(error_of({"shocks.pandemic.profile=[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"}),
             Catch::Contains("expected the level-loss profile of 1 to 10 years"));
  CHECK_THAT(error_of({"sectors.S1.va_share=0.5"}), Catch::Contains("va_share values sum to 1.1"));
  CHECK_THAT(error_of({"sectors.S1.loading_regional=0.97"}), Catch::Contains("b^2 + c^2"));
  CHECK_THAT(error_of({"horizon.end_year=2019"}),
             Catch::Contains("horizon.end_year: horizon ends in 2019"));
  CHECK_THAT(error_of({"shocks.correlation=[[1, 0.5], [0.4, 1]]"}),
             Catch::Contains("not symmetric"));
  CHECK_THAT(error_of({"shocks.correlation=[[1, 1.0], [1.0, 1], [0, 0]]"}),
             Catch::Contains("expected 2x2"));
  CHECK_THAT(error_of({"shocks.correlation=[[1, -1.2], [-1.2, 1]]"}),
             Catch::Contains("expected a correlation in [-1, 1]"));
  CHECK(error_of({"shocks.correlation=[[1, -1], [-1, 1]]"}) == "no error");  // singular but PSD
  CHECK(error_of({"investment.blocks.all.allocation={S1: 1.0}"}) ==
        "no error");  // D1 is a demand sector
  // A supply sector no block invests in keeps its base-year capital K = k Y > 0, depreciating
  // (M4): valid since capital starts from the capital-output ratio.
  CHECK(error_of({"investment.blocks.all.allocation={D1: 1.0}"}) == "no error");
  CHECK_THAT(error_of({"targets.gdp_2024.basis=share"}),
             Catch::Contains("expected one of: nominal_level, nominal_growth"));
  CHECK_THAT(error_of({"targets.gdp_2024.indicator=gdp_nominl"}),
             Catch::Contains("did you mean 'gdp_nominal'"));
  CHECK_THAT(error_of({"sectors.S1.tax_rate=0", "sectors.D1.tax_rate=0"}),
             Catch::Contains("tax base <= 0"));
  // A net subsidy could turn M12's base negative along a path (docs/domains.md).
  CHECK_THAT(
      error_of({"sectors.S1.tax_rate=-0.2"}),
      Catch::Contains("sectors[0].tax_rate: -0.2 is out of range (expected a rate in [0, 1))"));
}

TEST_CASE("a correlation matrix that is not positive semi-definite is rejected",
          "[unit][scenario]") {
  // Three sectors with pairwise correlation -0.9: eigenvalue 1 - 2 * 0.9 < 0.
  const std::vector<std::string> three = {
      "sectors=[{code: S1, type: supply, tier: other, class: secondary, group: g, va_share: 0.4, "
      "va_ratio: 0.3, "
      "capital_share: 0.5, labour_intensity: 1, tax_rate: 0.1}, {code: S2, type: supply, tier: "
      "other, class: "
      "secondary, group: g, va_share: 0.3, va_ratio: 0.3, capital_share: 0.5, labour_intensity: 1, "
      "tax_rate: 0.1}, "
      "{code: D1, type: demand, tier: other, class: tertiary, group: g, va_share: 0.3, va_ratio: "
      "0.5, "
      "capital_share: 0.3, labour_intensity: 0.5, tax_rate: 0.05}]",
      "investment.blocks.all.allocation={S1: 0.4, S2: 0.3, D1: 0.3}",
      "shocks.correlation=[[1, -0.9, -0.9], [-0.9, 1, -0.9], [-0.9, -0.9, 1]]"};
  try {
    test::tiny_scenario(three);
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(),
               Catch::Contains(
                   "shocks.correlation: not positive semi-definite: smallest eigenvalue -0.8"));
    CHECK(e.location().file == "--set");
  }
}

TEST_CASE("v_j = 1 - sum_i a_ij: each va_ratio against its coefficient column (MODEL.md 10)",
          "[unit][scenario]") {
  // tiny.yaml holds exactly: column sums 0.7 and 0.5, v = 0.3 and 0.5.
  CHECK(error_of({}) == "no error");
  CHECK(error_of({"sectors.S1.va_ratio=0.35"}) ==
        "--set:1:21: sectors[0].va_ratio: S1: va_ratio 0.35 is 0.05 above 0.3 = 1 - the sum of "
        "column 1 of input_output.national.coefficients (0.7) (expected v_j = 1 - sum_i a_ij "
        "within 0.001, input_output.va_ratio_tolerance; MODEL.md section 10)");
  CHECK_THAT(error_of({"input_output.national.coefficients=[[0.4, 0.2], [0.3, 0.2]]"}),
             Catch::Contains("sectors[1].va_ratio: D1: va_ratio 0.5 is 0.1 below 0.6 = 1 - the "
                             "sum of column 2"));
  // Within the tolerance, on either side of it, and the tolerance's own domain.
  CHECK(error_of({"sectors.S1.va_ratio=0.3009"}) == "no error");
  CHECK(error_of({"sectors.S1.va_ratio=0.2991"}) == "no error");
  CHECK_THAT(error_of({"sectors.S1.va_ratio=0.3011"}), Catch::Contains("is 0.0011 above"));
  CHECK(error_of({"sectors.S1.va_ratio=0.35", "input_output.va_ratio_tolerance=0.06"}) ==
        "no error");
  CHECK_THAT(error_of({"input_output.va_ratio_tolerance=0"}),
             Catch::Contains("input_output.va_ratio_tolerance: 0 is out of range (expected a "
                             "tolerance in (0, 1])"));
  CHECK_THAT(error_of({"input_output.va_ratio_tolerance=-1e-3"}),
             Catch::Contains("expected a tolerance in (0, 1]"));
  CHECK_THAT(error_of({"input_output.va_ratio_tolerance=.inf"}),
             Catch::Contains("expected a finite number"));
  // The default is written into the resolved scenario like every other default.
  CHECK_THAT(test::tiny_scenario().resolved_yaml, Catch::Contains("va_ratio_tolerance: 0.001"));
}

TEST_CASE("warnings: keys with no effect are collected with their location, not errors",
          "[unit][scenario]") {
  CHECK(load_scenario(DEFAULT_SCENARIO).warnings.empty());
  CHECK(test::tiny_scenario().warnings.empty());

  // (a) Both sectors set price_drift, so a price_drift default reaches neither.
  ScenarioSpec spec = test::tiny_scenario({"sector_defaults.price_drift=0.005"});
  REQUIRE(spec.warnings.size() == 1);
  CHECK(spec.warnings[0].location.file == "--set");
  CHECK(spec.warnings[0].key_path == "sector_defaults.price_drift");
  CHECK_THAT(spec.warnings[0].message,
             Catch::StartsWith("no sector takes this default: every sector sets its own "
                               "price_drift"));

  // (c) capital_share 0 is accepted (M5 without capital), and investment allocated to it warned.
  spec = test::tiny_scenario({"sectors.D1.capital_share=0"});
  REQUIRE(spec.warnings.size() == 1);
  CHECK(spec.warnings[0].location.file == test::TINY_SCENARIO_FILE);
  CHECK(spec.warnings[0].location.line == 40);
  CHECK(spec.warnings[0].key_path == "investment.blocks[0].allocation.D1");
  CHECK_THAT(spec.warnings[0].message, Catch::StartsWith("D1 has capital_share 0"));
  CHECK(test::tiny_scenario(
            {"sectors.D1.capital_share=0", "investment.blocks.all.allocation={S1: 1}"})
            .warnings.empty());
  CHECK_THAT(error_of({"sectors.D1.capital_share=1"}), Catch::Contains("a share in [0, 1)"));

  // A resolved scenario re-read: every default is written into every sector, so a
  // sector_defaults key there is taken by no sector, and says so.
  const ScenarioSpec again = parse_scenario(test::tiny_scenario().resolved_yaml, "resolved.yaml");
  CHECK(again.warnings.size() == 10);  // the ten sector_defaults keys
}

TEST_CASE("warnings: a key the sector's type does not read, from the key-use table",
          "[unit][scenario]") {
  // The rules on a table of the test's own, in which demand sectors do not read depreciation or
  // volatility: D1 sets depreciation (rule b), and the volatility default reaches no sector once
  // S1 sets its own, since D1 does not read it (rule a).
  const config::Node root = config::load_yaml_file(test::TINY_SCENARIO_FILE);
  const scenario::WrittenKeys written = scenario::written_keys(root);
  const ScenarioSpec spec = test::tiny_scenario();
  std::vector<scenario::SectorKeyUse> use = scenario::sector_key_use();
  for (scenario::SectorKeyUse& row : use) {
    if (row.key == "depreciation" || row.key == "volatility") row.demand = false;
  }
  scenario::WrittenKeys with_s1_volatility = written;
  with_s1_volatility.sectors[0].push_back({"volatility", config::Mark{}});
  const std::vector<ScenarioWarning> warnings =
      scenario::find_warnings(with_s1_volatility, spec, use);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].key_path == "sector_defaults.volatility");
  CHECK_THAT(warnings[0].message,
             Catch::Contains("every sector sets its own volatility or is of a type that does not "
                             "read it"));
  CHECK(warnings[1].key_path == "sectors[1].depreciation");
  CHECK(warnings[1].location.line == 26);
  CHECK_THAT(
      warnings[1].message,
      Catch::StartsWith("D1 is a demand sector and demand sectors do not read depreciation"));
  CHECK(scenario::find_warnings(written, spec).empty());
}

TEST_CASE("the key-use table has one row per key of a sector entry", "[unit][scenario]") {
  // A resolved sector entry holds every key the reader knows, defaults included: a new key needs
  // a row saying which sector types read it (scenario_warnings.hpp).
  const config::Node resolved =
      config::load_yaml_text(test::tiny_scenario().resolved_yaml, "resolved.yaml", ".");
  const config::Node& sector = resolved.find("sectors")->items().at(0);
  std::vector<std::string> keys, rows;
  for (const auto& entry : sector.entries())
    keys.push_back(entry.first);
  for (const scenario::SectorKeyUse& row : scenario::sector_key_use())
    rows.emplace_back(row.key);
  std::sort(keys.begin(), keys.end());
  std::sort(rows.begin(), rows.end());
  CHECK(keys == rows);
}
