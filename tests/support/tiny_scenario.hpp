#pragma once
// A two-sector scenario (one supply, one demand sector) with round numbers, for hand computations of
// the model equations. Volatilities are zero unless a test switches them on with --set overrides.

#include <string>
#include <vector>

#include "regiosim/scenario.hpp"

namespace regiosim::test {

inline const char* const TINY_SCENARIO = R"(
metadata: {name: tiny}
horizon: {base_year: 2020, end_year: 2024}
base_year_data:
  gdp: 100
  gdp_per_capita: 50000
  fai: 20
  retail_sales: 40
  budget_revenue: 5
  income_per_capita: 20000
  urbanisation: 0.5
  labour_productivity: 10
shocks:
  groups: [g]
  persistence: 0
  macro_loadings: {inflation: 0, migration: 0, income: 0, retail: 0, revenue: 0}
sector_defaults: {volatility: 0, price_volatility: 0, loading_regional: 0.6, loading_group: 0.3}
sectors:
  - {code: S1, tier: leading, type: supply, class: secondary, group: g, va_share: 0.4, va_ratio: 0.3,
     capital_share: 0.5, labour_intensity: 1.0, tax_rate: 0.1, depreciation: 0.1, tfp_drift: 0.02,
     price_drift: -0.01}
  - {code: D1, tier: other, type: demand, class: tertiary, group: g, va_share: 0.6, va_ratio: 0.5,
     capital_share: 0.3, labour_intensity: 0.5, tax_rate: 0.05, depreciation: 0.05, price_drift: 0.01}
investment:
  conversion_share: 0.8
  build_weights: [0.5, 0.5]
  initial_growth: 0.05
  price_markup: 0.003
  price_volatility: 0
  public_capital_block: all
  public_capital_depreciation: 0.06
  growth_target: 0.08
  shock_loading: 0
  blocks:
    - {name: all, base_share: 1.0, growth_mean: 0.07, persistence: 0.3, volatility: 0, policy_reaction: 0,
       allocation: {S1: 0.5, D1: 0.5}}
productivity: {long_run_drift: 0.01, convergence_years: 10, public_capital_elasticity: 0.05}
prices:
  inflation_mean: [{from: 2021, mean: 0.02}]
  persistence: 0.5
  volatility: 0
  base_inflation: 0.04
population: {natural_increase: -0.001, migration_mean: 0.015, migration_response: 0.1,
             migration_volatility: 0, urbanisation_ceiling: 0.95, urbanisation_speed: 0.066,
             labour_reallocation: 0.5}
income: {growth_mean: 0.06, gdp_elasticity: 0.5, reference_growth: 0.06, volatility: 0}
retail: {income_elasticity: 0.6, demand_elasticity: 0.3, tourism_elasticity: 0.1, tourism_sectors: [D1],
         volatility: 0}
fiscal: {elasticity: 0.9, volatility: 0}
demand_placeholder: {output_elasticity: 1.5}
targets:
  - {id: gdp_2024, indicator: gdp_nominal, year: 2024, threshold: 130, basis: nominal_level}
)";

inline ScenarioSpec tiny_scenario(const std::vector<std::string>& overrides = {}) {
  return parse_scenario(TINY_SCENARIO, "tiny.yaml", overrides);
}

}  // namespace regiosim::test
