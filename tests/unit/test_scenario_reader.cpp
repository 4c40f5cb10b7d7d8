// Scenario reading: the default scenario's content, the resolved text round trip, --set by sector
// code, and the cross-field checks of MODEL.md section 10 with their locations.
#include <catch2/catch.hpp>

#include "regiosim/error.hpp"
#include "regiosim/scenario.hpp"
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
  CHECK_THAT(error_of({"investment.blocks.all.allocation={D1: 1.0}"}),
             Catch::Contains("supply sector S1 receives no investment"));
  CHECK_THAT(error_of({"targets.gdp_2024.basis=share"}),
             Catch::Contains("expected one of: nominal_level, nominal_growth"));
  CHECK_THAT(error_of({"targets.gdp_2024.indicator=gdp_nominl"}),
             Catch::Contains("did you mean 'gdp_nominal'"));
  CHECK_THAT(error_of({"sectors.S1.tax_rate=-0.2", "sectors.D1.tax_rate=0.01"}),
             Catch::Contains("tax base <= 0"));
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
