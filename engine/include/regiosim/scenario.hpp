#pragma once
// ScenarioSpec: the parsed, validated and frozen scenario (ARCHITECTURE.md: parse, validate,
// freeze). Nothing downstream of the loader sees YAML. Units: money in 亿元 (1e8 yuan), people in
// persons, rates per year as fractions (0.07 = 7 %/yr). Every field names the MODEL.md label it
// feeds; scenarios/README.md documents the YAML key, unit and default of each.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

namespace regiosim {

enum class SectorTier { Emerging, Leading, Characteristic, Other };
enum class SectorType { Supply, Demand };  // MODEL.md section 1: S (M5) or D (M6-M7)
enum class IndustryClass { Primary, Secondary, Tertiary };

struct SectorSpec {
  std::string code;
  std::string name;
  SectorTier tier = SectorTier::Other;
  SectorType type = SectorType::Supply;
  IndustryClass industry_class = IndustryClass::Tertiary;
  int shock_group = 0;          // index into ShockSpec::groups (M1 factor h_g)
  double va_share = 0;          // base-year share of GDP, fraction; shares sum to 1
  double va_ratio = 0;          // v_j = VA / gross output (M5, M7)
  double capital_share = 0;     // alpha_j, Cobb-Douglas capital elasticity (M5)
  double labour_intensity = 0;  // base-year employment per unit of VA, relative (M9 allocation)
  double depreciation = 0;      // delta_j, per year (M4)
  double tfp_drift = 0;         // mu_j, initial TFP growth per year (M5)
  double volatility = 0;        // sigma_j of the sector shock u_j (M1)
  double loading_regional = 0;  // b_j, loading on the regional factor f (M1)
  double loading_group = 0;     // c_j, loading on the group factor h_g (M1); b^2 + c^2 <= 1
  double price_drift = 0;       // lambda_j, relative price drift per year (M8)
  double price_volatility = 0;  // sigma_pj (M8)
  double tax_rate = 0;          // tau_j, tax base per unit of nominal VA (M12)
};

struct InvestmentBlockSpec {
  std::string name;
  double base_share = 0;           // FAI_b,2020 / FAI_2020 (M2); shares sum to 1
  double growth_mean = 0;          // mu_b, mean nominal log growth per year (M2)
  double persistence = 0;          // rho_b (M2)
  double volatility = 0;           // s_b (M2)
  double policy_reaction = 0;      // phi_b, response to last year's shortfall (M2)
  std::vector<double> allocation;  // s_{j|b} by sector index, sums to 1 (M3)
};

struct InvestmentSpec {
  std::vector<InvestmentBlockSpec> blocks;
  double conversion_share = 0.70;     // kappa (M3)
  std::vector<double> build_weights;  // w_s, s = 0..S-1, sum 1 (M4 time-to-build)
  double initial_growth = 0.06;       // g_I in K_2020 = I_2020 / (g_I + delta) (M4)
  double price_markup = 0.003;        // dln P^I = pi + markup + noise (M3)
  double price_volatility = 0.01;     // sd of the investment-price noise (M3)
  int public_capital_block = 0;       // block whose capital is G (M5 gamma_G term)
  double public_capital_depreciation = 0.06;
  double growth_target = 0.098;  // g*, real GDP growth target for phi_b (M2)
  double shock_loading = 0.5;    // loading of block innovations on f_t (M1 macro)
};

struct ShockSpec {
  std::vector<std::string> groups;  // names of the M1 group factors
  double persistence = 0;           // rho_A (M1)
  // Optional full correlation matrix of the sector innovations, replacing the factor structure
  // (M1 alternative). Symmetric, unit diagonal, positive semi-definite (checked by the loader).
  std::optional<Eigen::MatrixXd> correlation;
  // Loadings of the macro-block innovations on the regional factor f_t (M1).
  double inflation_loading = 0.3;
  double migration_loading = 0.2;
  double income_loading = 0.5;
  double retail_loading = 0.5;
  double revenue_loading = 0.3;
};

struct ProductivitySpec {
  double long_run_drift = 0.010;            // mu_LR (M5)
  double convergence_years = 10;            // tau (M5)
  double public_capital_elasticity = 0.05;  // gamma_G (M5)
};

struct InflationRegime {
  int from_year = 0;
  double mean = 0;  // mu_pi for years >= from_year (M8)
};

struct PriceSpec {
  std::vector<InflationRegime> inflation_mean;  // ascending from_year; the first covers base+1
  double persistence = 0.5;                     // rho_pi (M8)
  double volatility = 0.012;                    // sigma_pi (M8)
  double base_inflation = 0.010;                // pi_2020, start of the AR(1) (M8)
};

struct PopulationSpec {
  double natural_increase = -0.001;     // n (M9)
  double migration_mean = 0.015;        // mbar (M9)
  double migration_response = 0.1;      // eta_m on last year's per-capita growth gap (M9)
  double migration_volatility = 0.005;  // sigma_m (M9)
  double urbanisation_ceiling = 0.95;   // u_max (M9)
  double urbanisation_speed = 0.066;    // kappa_u (M9)
  double labour_reallocation = 0.5;     // elasticity of sector labour shares to growth (M9)
};

struct IncomeSpec {
  double growth_mean = 0.06;       // mu_y, nominal (M10)
  double gdp_elasticity = 0.5;     // beta_y (M10)
  double reference_growth = 0.06;  // mu_gpc, nominal GDP per capita (M10, M9)
  double volatility = 0.015;       // sigma_y (M10)
};

struct RetailSpec {
  double income_elasticity = 0.6;   // e_RY (M11)
  double demand_elasticity = 0.3;   // e_RL (M11)
  double tourism_elasticity = 0.1;  // e_RT (M11)
  // Sectors whose nominal VA stands in for tourist spending TS until the tourism block (M11) lands.
  std::vector<int> tourism_sectors;
  double volatility = 0.02;  // s_RS (M11)
};

struct FiscalSpec {
  double elasticity = 0.9;   // eps_R (M12)
  double volatility = 0.02;  // sd of nu_t (M12)
};

// Placeholder for demand sectors until the input-output block (M6-M7) lands: their real VA moves
// with real supply-sector VA raised to this elasticity, times exp(u_j) (the M1 demand shock).
struct DemandPlaceholderSpec {
  double output_elasticity = 1.0;
};

// Reference figures for the plan audit's cross-checks (MODEL.md section 9).
struct AuditSpec {
  double national_culture_va_share = 0.0443;  // China 2020, culture industry VA / GDP (S: NBS)
};

// Base-year (calibration) data, as the plan reports them.
struct BaseYearData {
  double gdp = 0;                  // 亿元
  double gdp_per_capita = 0;       // 元; population = gdp * 1e8 / gdp_per_capita
  double fai = 0;                  // 亿元
  double retail_sales = 0;         // 亿元
  double budget_revenue = 0;       // 亿元
  double income_per_capita = 0;    // 元
  double urbanisation = 0;         // fraction
  double labour_productivity = 0;  // 万元 per employed person, base-year prices
};

enum class Comparison { GreaterEqual, Greater, LessEqual, Less };
// How a target's threshold is read: a level (nominal or at base-year prices), a compound growth
// rate in %/yr from the base year, a share in %, or a per-capita level.
enum class TargetBasis { NominalLevel, RealLevel, RealGrowth, NominalGrowth, Share, PerCapita };

struct TargetSpec {
  std::string id;
  std::string indicator;  // an OutputVariable of per-path, per-year kind (output_variables.hpp)
  int year = 0;
  double threshold = 0;  // in the basis' unit: level units, %/yr, or %
  Comparison comparison = Comparison::GreaterEqual;
  TargetBasis basis = TargetBasis::NominalLevel;
  std::string label;   // human-readable name, may be Chinese
  std::string source;  // where the target comes from (plan table row)
  // What the plan itself states, for the audit (MODEL.md section 9): its base value (threshold's
  // unit) in plan_base_year, and its stated average growth in %/yr.
  std::optional<double> plan_base;
  int plan_base_year = 0;  // defaults to the scenario's base year
  std::optional<double> stated_growth;
};

struct ScenarioMetadata {
  std::string name;
  std::string region;
  std::string description;
};

struct ScenarioSpec {
  ScenarioMetadata metadata;
  int base_year = 2020;
  int end_year = 2035;
  std::vector<SectorSpec> sectors;
  ShockSpec shocks;
  InvestmentSpec investment;
  ProductivitySpec productivity;
  PriceSpec prices;
  PopulationSpec population;
  IncomeSpec income;
  RetailSpec retail;
  FiscalSpec fiscal;
  DemandPlaceholderSpec demand_placeholder;
  BaseYearData base;
  std::vector<TargetSpec> targets;
  AuditSpec audit;

  std::string source_file;    // the file it was loaded from
  std::string resolved_yaml;  // extends merged, --set applied, every default written out

  int years() const { return end_year - base_year + 1; }  // including the base year
  int sector_count() const { return static_cast<int>(sectors.size()); }
};

// Load, merge (`extends`), override (`--set key.path=value`), validate and freeze a scenario.
// Throws ConfigError with FILE:LINE:COLUMN, key path and what was expected.
ScenarioSpec load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

// The same from YAML text (display_name stands for the file name in error messages; `extends` is
// resolved relative to base_dir).
ScenarioSpec parse_scenario(const std::string& yaml_text, const std::string& display_name,
                            const std::vector<std::string>& overrides = {},
                            const std::string& base_dir = ".");

const char* to_string(SectorTier tier);
const char* to_string(SectorType type);
const char* to_string(IndustryClass industry_class);
const char* to_string(Comparison comparison);
const char* to_string(TargetBasis basis);

}  // namespace regiosim
