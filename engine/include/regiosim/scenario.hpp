#pragma once
// ScenarioSpec: the parsed, validated and frozen scenario (ARCHITECTURE.md: parse, validate,
// freeze). Nothing downstream of the loader sees YAML. Units: money in 亿元 (1e8 yuan), people in
// persons, rates per year as fractions (0.07 = 7 %/yr). Every field names the MODEL.md label it
// feeds; scenarios/README.md documents the YAML key, unit and default of each.

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "regiosim/error.hpp"

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
  int shock_group = 0;              // index into ShockSpec::groups (M1 factor h_g)
  double va_share = 0;              // base-year share of GDP, fraction; shares sum to 1
  double va_ratio = 0;              // v_j = VA / gross output (M5, M7)
  double capital_share = 0;         // alpha_j, Cobb-Douglas capital elasticity (M5)
  double labour_intensity = 0;      // base-year employment per unit of VA, relative (M9 allocation)
  double depreciation = 0;          // delta_j, per year (M4)
  double tfp_drift = 0;             // mu_j, initial TFP growth per year (M5)
  double volatility = 0;            // sigma_j of the sector shock u_j (M1)
  double loading_regional = 0;      // b_j, loading on the regional factor f (M1)
  double loading_group = 0;         // c_j, loading on the group factor h_g (M1); b^2 + c^2 <= 1
  double price_drift = 0;           // lambda_j, relative price drift per year (M8)
  double price_volatility = 0;      // sigma_pj (M8)
  double tax_rate = 0;              // tau_j, tax base per unit of nominal VA (M12)
  double capital_output_ratio = 0;  // k_j: K_j,2020 = k_j Y_j,2020 (M4), base-year prices
  // theta_j: a demand sector's output Y = (Y^D)^(1 - theta) (Y*)^theta, between what demand buys
  // (M7) and what its capital, labour and TFP can make (M5); unused by supply sectors (Y = Y*).
  double capacity_weight = 0.5;
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
  double initial_growth = 0.06;  // g_I: pre-sample investment I_{j,-s} = I_j,2020 (1 + g_I)^-s (M4)
  double price_markup = 0.003;   // dln P^I = pi + markup + noise (M3)
  double price_volatility = 0.01;  // sd of the investment-price noise (M3)
  int public_capital_block = 0;    // block whose capital is G (M5 gamma_G term)
  double public_capital_depreciation = 0.06;
  double growth_target = 0.098;  // g*, real GDP growth target for phi_b (M2)
  double shock_loading = 0.5;    // loading of block innovations on f_t (M1 macro)
};

// J1 pandemic (MODEL.md section 2): onset Bernoulli(p) per year; a level loss profile times a
// truncated lognormal severity S; impacts are log-level effects (exp(d_j * profile * S)) on supply
// sectors' output and demand sectors' final demand, tourist spending and retail sales.
struct PandemicSpec {
  bool enabled = false;
  double probability = 0.02;
  std::vector<int> onset_years;  // calendar years with a certain onset (stress scenarios)
  std::vector<double> profile = {1.0, 0.6, 0.3};
  double severity_mean = 1.0;
  double severity_sd = 0.5;
  double severity_max = 2.5;
  std::vector<double> sector_impact;  // d_j by sector index
  double tourist_spending_impact = -0.60;
  double retail_impact = -0.05;
};

// J2 property bust: a two-state Markov regime. In a bust the real-estate FAI block's log growth is
// -drop with drop ~ N(drop_mean, drop_sd), and budget revenue loses revenue_impact (log) a year.
struct PropertyBustSpec {
  bool enabled = false;
  bool start_in_bust = false;  // the base year is a bust year (stress scenarios)
  double enter = 0.08;
  double stay = 0.70;
  int block = 0;  // the real-estate FAI block
  double drop_mean = 0.12;
  double drop_sd = 0.05;
  double revenue_impact = 0.0;  // beyond the property term of the tax base (M12)
};

struct NamedProject {
  std::string name;
  int sector = 0;
  int year = 0;
  double size = 0;         // real VA at full operation, 亿元 base-year prices
  double probability = 1;  // of completion
};

// J3 lumpy projects: Poisson arrivals per listed supply sector, Pareto sizes (minimum a share of
// the sector's base VA), ramping up over ramp_years; plus named projects with a completion
// probability. A project adds its VA to the sector's output permanently.
struct ProjectSpec {
  bool enabled = false;
  double arrivals = 0.5;  // lambda per sector and year
  double pareto_alpha = 1.5;
  double min_size_share = 0.02;
  int ramp_years = 2;
  std::vector<int> sectors;  // sector indices that receive random projects
  std::vector<NamedProject> named;
};

// J4 statistical revisions (issue 12): a revision shifts the measured level of GDP (nominal, real,
// per capita, labour productivity) by exp(size) from its year on, without changing real activity:
// in the listed years (economic censuses), or with `probability` in any other year. size ~
// N(size_mean, size_sd), a log-level shift.
struct RevisionSpec {
  bool enabled = false;
  std::vector<int> years;  // census years in the horizon
  double probability = 0;
  double size_mean = 0.031;
  double size_sd = 0.0096;
};

struct ShockSpec {
  std::vector<std::string> groups;  // names of the M1 group factors
  // Backtests: the regional factor f_t for given calendar years, the same on every path (a
  // historical shock path, e.g. the pandemic years), instead of a draw.
  std::vector<std::pair<int, double>> regional_factor_history;
  bool student_t = false;          // Student-t innovations (unit variance) instead of normal
  double degrees_of_freedom = 5;   // nu in [4, 1000] (docs/domains.md)
  PandemicSpec pandemic;           // J1
  PropertyBustSpec property_bust;  // J2
  ProjectSpec projects;            // J3
  RevisionSpec revision;           // J4
  double persistence = 0;          // rho_A (M1)
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
  double regional_drift = 0.0;              // d_R, added to every sector's mu_j,t (M5)
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
  // psi: a demand sector's price grows by psi theta_j z_{j,t-1} more when last year's utilisation
  // gap z = ln(Y^D / Y*) was positive (demand beyond capacity) (M8).
  double utilisation_pass_through = 0.1;
};

struct PopulationSpec {
  double natural_increase = -0.001;     // n (M9)
  double migration_mean = 0.015;        // mbar (M9)
  double migration_response = 0.1;      // eta_m on last year's per-capita growth gap (M9)
  double migration_volatility = 0.005;  // sigma_m (M9)
  double urbanisation_ceiling = 0.95;   // u_max (M9)
  double urbanisation_speed = 0.066;    // kappa_u (M9)
  double labour_reallocation = 0.5;     // elasticity of sector labour shares to growth (M9)
  // Real GDP per capita growth at which net migration is mbar; migration responds to last year's
  // gap (eta_m) (M9).
  double reference_growth = 0.05;
};

// M10, the households' income-expenditure closure: disposable income YD = ((1 - tau_H) W + TR)
// exp(sigma_y eps) from labour compensation W = sum_j (1 - alpha_j) P_j Y_j and transfers and
// other net income TR (the base-year residual, then indexed to population and consumer prices);
// resident consumption C = c YD.
struct IncomeSpec {
  double tax_rate = 0.10;                // tau_H, taxes and contributions per unit of W
  double propensity_to_consume = 0.651;  // c, average propensity to consume (M10, M11)
  double transfer_real_growth = 0.0;     // real growth of TR per resident, per year
  double volatility = 0.015;             // sigma_y (M10)
};

struct RetailSpec {
  double drift = 0.0;               // log growth per year of sales to non-residents Q (M11)
  double demand_elasticity = 0.3;   // e_RL (M11)
  double tourism_elasticity = 0.1;  // e_RT on tourist spending TS (M11)
  double volatility = 0.02;         // s_RS (M11)
};

// M11 tourism: visits times spending per visit gives tourist spending TS (nominal), which is the
// plan's "total tourism revenue" and a final-demand driver of the tourism and culture sectors.
struct TourismSpec {
  double base_visits = 2.0e7;       // visits in the base year
  double base_revenue = 10;         // TS in the base year, 亿元
  double visits_growth = 0.05;      // mean log growth of visits per year
  double spend_real_growth = 0.02;  // real growth of spending per visit per year
  double volatility = 0.05;         // sd of the visits innovation
  double shock_loading = 0.5;       // its loading on the regional factor f_t (M1)
};

// M13: R&D intensity r_t (R&D / GDP) follows an AR(1) around a linear path.
struct RdSpec {
  double base_intensity = 0.035;  // r in the base year, fraction of GDP
  double trend = 0.0006;          // slope of the path, per year
  double persistence = 0.7;       // AR(1) coefficient of the deviation from the path
  double volatility = 0.001;      // sd of the innovation
};

// What moves a demand sector's final demand f_D (M7); each is a real quantity divided by its
// base-year value.
enum class DemandDriver {
  Investment,            // real FAI, all blocks (or one block: DemandWeight::block)
  HouseholdConsumption,  // real resident consumption C / P_c (M10)
  RetailSales,           // real retail sales (M11)
  TouristSpending,       // real TS (M11)
  SupplyOutput,          // real VA of the supply sectors (M5)
  Government,            // real government spending GS / P_c, own revenue + transfers (M12)
};

struct DemandWeight {
  DemandDriver driver = DemandDriver::Investment;
  int block = -1;  // for Investment: one FAI block, or -1 for all
  double weight = 0;
};

// M6-M7: the national coefficients regionalised by Flegg's location quotient, and the mixed model
// for the demand sectors.
struct InputOutputSpec {
  Eigen::MatrixXd national_coefficients;  // a_ij, rows/columns in sector order (column = buyer)
  Eigen::VectorXd national_value_added;   // 亿元, for the location quotients
  double flq_delta = 0.15;                // delta (M6)
  // Per sector (empty for supply sectors): the drivers of final demand, weights summing to 1.
  std::vector<std::vector<DemandWeight>> drivers;
};

// A satellite indicator (MODEL.md section 8): psi * sum_j content_j * measure_j, where the measure
// is nominal VA or nominal gross output P_j Y_j / v_j; psi makes the base year equal `base` (or 1
// without a base). share_of_gdp divides by nominal GDP.
enum class SatelliteMeasure { ValueAdded, GrossOutput };

struct SatelliteSpec {
  std::string id;
  std::string label;
  std::string units;
  SatelliteMeasure measure = SatelliteMeasure::ValueAdded;
  std::vector<double> content;  // by sector index, in [0, 1]
  bool share_of_gdp = false;
  std::optional<double> base;         // base-year value as the plan reports it
  bool add_tourist_spending = false;  // culture-and-tourism revenue: adds TS before any share
};

// M12: own revenue from the tax base (sector taxes and property transactions), and government
// spending GS = R + TG, own revenue plus net transfers from higher levels of government.
struct FiscalSpec {
  double elasticity = 0.9;   // eps_R (M12)
  double volatility = 0.02;  // sd of nu_t (M12)
  // tau_L: the share of the base-year tax base from property transactions (proxied by the J2
  // real-estate FAI block), so B = sum_j tau_j P_j Y_j + tau_L RESales.
  double land_tax_share = 0.2;
  double transfer_share = 0.58;       // chi = TG / GS in the base year, in [0, 1)
  double transfer_real_growth = 0.0;  // real growth of TG per resident, per year
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
  std::string indicator;  // a per-year variable (output_variables.hpp) or a satellite id
  int satellite = -1;     // index into ScenarioSpec::satellites when the indicator is a satellite
  // A backtest outturn rather than a target: the published value of the indicator (threshold),
  // scored as P(simulated <= outturn), the outturn's percentile; left out of joint probabilities.
  bool outturn = false;
  // An outturn derived from two published figures rather than published itself: the GDP deflator
  // growth that a level outturn and its real growth imply (issue 12's level-break check). Scored
  // like an outturn, left out of the backtest's coverage; a percentile outside [0.005, 0.995] flags
  // a level break (a census revision or a change of scope).
  bool implied_deflator = false;
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

namespace scenario {
struct Prior;  // scenario/prior.hpp (engine-internal)
}

// A parameter given a prior instead of a value (scenarios/README.md "Priors"; the ranges of
// MODEL.md section 11). The scenario's own value for it is the prior's mean.
struct ParameterPrior {
  std::string key_path;  // as --set addresses it: "sectors[3].tfp_drift"
  std::shared_ptr<const scenario::Prior> prior;
};

// The domain of one scalar parameter as the reader checked it (docs/domains.md): the values in
// which the model stays finite over the horizon, `description` saying so in words
// ("a volatility in [0, 0.5]"). Listed by `regiosim validate --domains`.
struct ParameterDomain {
  std::string key_path;  // as --set addresses it: "sectors[3].volatility"
  double lo;
  double hi;
  bool lo_open;
  bool hi_open;
  std::string description;
  bool contains(double x) const;
};

struct ScenarioMetadata {
  std::string name;
  std::string region;
  std::string description;
};

// A key that is valid but has no effect in the resolved scenario (scenarios/README.md,
// "Validation"). The loader collects them; the CLI prints each as
//   FILE:LINE:COLUMN: warning: key.path: message
struct ScenarioWarning {
  SourceLocation location;
  std::string key_path;
  std::string message;  // why the key has no effect (what was expected)
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
  TourismSpec tourism;
  RdSpec rd;
  InputOutputSpec input_output;
  std::vector<SatelliteSpec> satellites;
  BaseYearData base;
  std::vector<TargetSpec> targets;
  AuditSpec audit;

  std::string source_file;               // the file it was loaded from
  std::string resolved_yaml;             // extends merged, --set applied, every default written out
  std::vector<ParameterPrior> priors;    // in the order the reader meets them
  std::vector<ParameterDomain> domains;  // every scalar parameter read, in reading order
  std::string input_yaml;  // with priors: extends merged, --set applied, no defaults written
  std::vector<ScenarioWarning> warnings;  // keys with no effect, rule by rule

  int years() const { return end_year - base_year + 1; }  // including the base year
  int sector_count() const { return static_cast<int>(sectors.size()); }
};

// Load, merge (`extends`), override (`--set key.path=value`), validate and freeze a scenario.
// Throws ConfigError with FILE:LINE:COLUMN, key path and what was expected.
ScenarioSpec load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

namespace config {
class Node;
}
// A scenario file read once (parsed, `extends` merged) and finished under different overrides:
// load(o) equals load_scenario(path, o). A sweep's points differ only in their --set values, and
// parsing the files would otherwise dominate the setup of a small run.
class ScenarioSource {
 public:
  explicit ScenarioSource(const std::string& path);  // ConfigError as load_scenario
  ScenarioSpec load(const std::vector<std::string>& overrides = {}) const;

 private:
  std::string path_;
  std::shared_ptr<const config::Node> root_;
};

// The same from YAML text (display_name stands for the file name in error messages; `extends` is
// resolved relative to base_dir).
ScenarioSpec parse_scenario(const std::string& yaml_text, const std::string& display_name,
                            const std::vector<std::string>& overrides = {},
                            const std::string& base_dir = ".");

// Parameter set `set`'s values, one per spec.priors entry: x_i = the prior's quantile at u_i, u_i
// the uniform draw i of RandomStream(seed, path = set) on Stream::ParameterDraw.
std::vector<double> draw_parameters(const ScenarioSpec& spec, std::uint64_t seed,
                                    std::uint64_t set);

// The scenario with `values` in place of its priors: input_yaml re-read with key.path=value
// overrides, so every validation applies to the drawn values (one that breaks a joint condition,
// e.g. b^2 + c^2 <= 1, is a ConfigError naming the key path). The result has no priors.
ScenarioSpec with_parameters(const ScenarioSpec& spec, const std::vector<double>& values);

const char* to_string(SectorTier tier);
const char* to_string(SectorType type);
const char* to_string(IndustryClass industry_class);
const char* to_string(Comparison comparison);
const char* to_string(TargetBasis basis);

}  // namespace regiosim
