#pragma once
// The year step of one path as one function per model block (MODEL.md M1-M13 and the jumps J1-J3),
// each over the named state it owns, with its other inputs passed explicitly. PathSimulator calls
// them in the order of this file, which is the model's recursion: shocks and jumps, prices,
// tourism, investment and capital, population and labour, supply, demand and input-output, GDP,
// income, retail, fiscal, R&D. Each block allocates nothing: vectors are sized once by
// PathState::resize, and exp/log arrays go through a caller's scratch of at least
// PathState::scratch_size doubles (model/elementary.hpp does two or four at a time).
// tests/unit/test_year_blocks.cpp checks each block against a hand computation.

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "regiosim/model.hpp"
#include "regiosim/output_variables.hpp"
#include "regiosim/random_stream.hpp"
#include "run/distributions.hpp"

namespace regiosim::blocks {

// ---- M1: the year's innovations, one declared table ----

// The macro-block innovations (MODEL.md section 2): each loads on the regional factor f_t.
enum class Macro : int { Inflation, Migration, Income, Retail, Revenue, Visits, Count };

// Where each innovation sits among the year's Student-t mixing factors (variate
// t * count() + index of Stream::StudentMixing): the regional factor, the group factors, the
// sector innovations, the macro blocks in Macro order, the FAI blocks. Fixed by the model's
// dimensions, so switching Student-t on keeps every normal draw.
class InnovationLayout {
 public:
  InnovationLayout(int groups, int sectors, int blocks);
  static std::uint64_t regional() { return 0; }
  std::uint64_t group(int g) const { return 1 + static_cast<std::uint64_t>(g); }
  std::uint64_t sector(int j) const { return 1 + groups_ + static_cast<std::uint64_t>(j); }
  std::uint64_t macro(Macro m) const { return macro_ + static_cast<std::uint64_t>(m); }
  std::uint64_t block(int b) const {
    return macro_ + static_cast<std::uint64_t>(Macro::Count) + static_cast<std::uint64_t>(b);
  }
  std::uint64_t count() const { return block(static_cast<int>(blocks_)); }

 private:
  std::uint64_t groups_, macro_, blocks_;
};

// One year's innovations, each named after the shock it drives, with its Student-t mixing
// factor already applied (1 under normal innovations). The macro parts are the blocks' own
// innovations before their loading on f_t.
struct Innovations {
  double regional = 0;     // f_t (M1), or the scenario's historical value for the year
  Eigen::VectorXd group;   // h_{g,t} (M1)
  Eigen::VectorXd sector;  // e_{j,t} (M1)
  Eigen::VectorXd price;   // eta_{j,t} (M8), normal
  Eigen::VectorXd block;   // eps_{b,t} (M2)
  double macro[static_cast<int>(Macro::Count)] = {};
  double investment_price = 0;  // P^I noise (M3), normal
  double rd = 0;                // R&D intensity innovation (M13), normal

  double own(Macro m) const { return macro[static_cast<int>(m)]; }
};

// Draws year t's innovations (calendar `year`) in one pooled call (RandomStream::normals), then
// the Student-t mixing factors when the scenario asks for them.
void draw_innovations(const ScenarioSpec& s, const InnovationLayout& layout,
                      const RandomStream& rng, int t, int year, Innovations& z);

// A macro innovation with loading `b` on the regional factor f and the rest its own: unit
// variance (MODEL.md section 2).
inline double loaded(double b, double f, double own) {
  return b * f + std::sqrt(1.0 - b * b) * own;
}

// M1: u_{j,t} = sigma_j (b_j f_t + c_j h_g + sqrt(1 - b_j^2 - c_j^2) e_j) + rho_A u_{j,t-1}, or
// sigma_j (S e)_j + rho_A u_{j,t-1} with the scenario's correlation factor S.
void sector_shocks(const ScenarioSpec& s, const Model& model, const Innovations& z,
                   Eigen::VectorXd& correlated_scratch, Eigen::VectorXd& u);

// ---- J1-J3: jumps ----

struct JumpState {
  std::vector<double> pandemic_loss;  // J1 level loss L_t by year index
  bool in_bust = false;               // J2 regime
  Eigen::MatrixXd project_schedule;   // J3 project VA (sectors, years), 亿元 base-year prices
  double revision = 0;                // J4: cumulative log shift of measured GDP levels
};

// The jump distributions of a scenario, set up once per simulator: J1 severity, J3 arrivals.
struct JumpDistributions {
  explicit JumpDistributions(const ShockSpec& shocks)
      : severity(shocks.pandemic.severity_mean, shocks.pandemic.severity_sd,
                 shocks.pandemic.severity_max),
        arrivals(shocks.projects.arrivals) {}
  TruncatedLognormal severity;
  Poisson arrivals;
};

// J1: a pandemic starting in year index t adds profile_i * severity to the loss of year t + i.
void pandemic_onset(const PandemicSpec& pandemic, int t, double severity, JumpState& jumps);

// J3: a project of `size` (real VA) from year index `start`, ramping up linearly over ramp_years.
void schedule_project(const ProjectSpec& projects, int sector, int start, double size,
                      JumpState& jumps);

// ---- M8: prices ----

struct PriceState {
  double inflation = 0;            // pi_t
  Eigen::VectorXd price;           // P_j,t, base year 1
  Eigen::VectorXd price_previous;  // P_j,t-1: the weights of the chain-linked volume (M8)
  double investment_price = 1;     // P^I_t (M3)
  double consumer_price = 1;       // exp(sum of pi): deflates the nominal drivers of M7
};

// M8: pi_t = mu_pi + rho_pi (pi_{t-1} - mu_pi) + sigma_pi eps; dln P_j = pi_t + lambda_j +
// psi theta_j z_{j,t-1} + sigma_pj eta_j, z the utilisation gap (0 for supply sectors); M3's dln
// P^I = pi_t + markup + noise; the consumer price moves with pi_t.
void prices(const ScenarioSpec& s, double mu_pi, const Eigen::VectorXd& gap_previous,
            const Innovations& z, double* scratch, PriceState& p);

// ---- M11: tourism ----

struct TourismState {
  double visits_trend = 0;       // visits without J1 losses
  double visits = 0;             // visits
  double spend_per_visit = 0;    // 元, nominal
  double spending = 0;           // TS = visits * spend / 1e8, 亿元 nominal
  double spending_previous = 0;  // TS_{t-1}
};

// Visits grow at their drift plus a loaded innovation, spending per visit at inflation plus its
// real growth; J1's level loss L_t cuts visits by exp(impact * L_t).
void tourism(const ScenarioSpec& s, double inflation, double loss, const Innovations& z,
             TourismState& ts);

// ---- M2-M4: investment and capital ----

struct InvestmentState {
  Eigen::VectorXd fai_block;       // FAI_b,t, nominal (M2)
  Eigen::VectorXd dln_fai_block;   // dln FAI_b,t
  Eigen::MatrixXd history;         // I_{j,t-s}, real (sectors, build lags) (M3)
  Eigen::VectorXd public_history;  // public investment I^G_{t-s}, real
  Eigen::VectorXd capital;         // K_j,t (M4)
  double public_capital = 0;       // G_t
  double dln_public_capital = 0;   // dln G_t (M5 gamma_G term)
};

// M2: dlnFAI_b = mu_b + rho_b (dlnFAI_{b,t-1} - mu_b) + phi_b max(0, g* - g_{t-1}) + s_b eps_b,
// or, for J2's block in a bust, -drop with drop = drop_mean + drop_sd * bust_drop_z.
void fai_blocks(const ScenarioSpec& s, double real_growth_previous, bool in_bust,
                double bust_drop_z, const Innovations& z, double* scratch, InvestmentState& inv);

// M3: I_j = kappa sum_b s_{j|b} FAI_b / P^I; M4: K_j = (1 - delta_j) K_j + sum_s w_s I_{j,t-s};
// public capital G likewise from its block.
void capital(const ScenarioSpec& s, const Eigen::VectorXd& build_weights, double investment_price,
             InvestmentState& inv);

// ---- M9: population and labour ----

struct PopulationState {
  double population = 0;           // N_t
  double population_previous = 0;  // N_{t-1}
  double urbanisation = 0;         // u_t
  Eigen::VectorXd labour_share;    // sector shares of employment
  Eigen::VectorXd employment;      // L_j,t
};

// M9: N_t = N_{t-1} (1 + n + m_t), m_t = mbar + eta_m (last year's real per-capita growth -
// reference) + sigma_m eps; urbanisation toward u_max; labour shares drift toward sectors that grew
// faster than average last year; L_t = e (N_t + N_{t-1}) / 2.
void population_labour(const ScenarioSpec& s, double employment_rate, double urbanisation_decay,
                       double real_per_capita_growth, const Eigen::VectorXd& growth_previous,
                       const Innovations& z, double* scratch, PopulationState& pop);

// ---- M5, M7: output ----

struct OutputState {
  Eigen::VectorXd log_tfp;          // ln A_j,t (M5)
  Eigen::VectorXd value_added;      // Y_j,t, real
  Eigen::VectorXd log_value_added;  // ln Y_j,t
  Eigen::VectorXd growth;           // dln Y_j,t
  Eigen::VectorXd log_potential;    // ln Y*_j, every sector (M5)
  Eigen::VectorXd gap;           // z_j = ln Y^D_j - ln Y*_j for demand sectors, 0 for supply (M7)
  Eigen::VectorXd final_demand;  // f_D,j,t by sector, real (M7)
  Eigen::VectorXd x_supply, x_demand, f_demand;  // over the supply / demand sectors (M7)
  double supply_value_added = 0;                 // sum of the supply sectors' Y
};

// Where a year step is, for the error a non-finite value raises (MODEL.md section 10).
struct Where {
  std::uint64_t path = 0;
  int year = 0;
};

// Throws ModelError naming the path, year, sector (or satellite; empty for neither) and variable.
[[noreturn]] void throw_not_finite(std::uint64_t path, int year, const std::string& where, Var var,
                                   double value);

// M5 for every sector: ln A_j += mu_j,t + gamma_G dln G, plus u_j for a supply sector (for a demand
// sector M1's shock moves final demand instead, M7); ln Y*_j = ln A_j + alpha_j ln K_j +
// (1 - alpha_j) ln L_j, plus d_j L_t for a supply sector (J1's level loss of TFP). A supply
// sector's output is Y_j = Y*_j + J3 project VA; a demand sector's is set by demand() from Y*_j.
void supply(const ScenarioSpec& s, const Model& model, int t, const Eigen::VectorXd& capital,
            const Eigen::VectorXd& employment, double dln_public_capital, const Eigen::VectorXd& u,
            double loss, const JumpState& jumps, Where where, double* scratch, OutputState& out);

// The final-demand drivers of M7 (BaseState::drivers' layout), real.
struct DriverInputs {
  double consumption = 0, retail = 0, government_spending = 0;  // last year's, nominal
  double consumer_price = 1;                                    // last year's
};
// Drivers that depend on this year's GDP enter with last year's value, grown by the base-year
// trend (BaseState::lagged_driver_trend): the year step is recursive (demand output first, then
// GDP, income, retail sales and revenue), and without the trend the first year's demand from
// households and government would not grow at all.
void lagged_drivers(const DriverInputs& last_year, double trend, std::vector<double>& drivers);
// This year's drivers: real FAI (all blocks and each block), real tourist spending, supply VA.
void current_drivers(const InvestmentState& inv, double investment_price, double consumer_price,
                     double tourist_spending, double supply_value_added,
                     std::vector<double>& drivers);

// M7: f_D,j = f_D,j,2020 sum_k w_jk (driver_k / driver_k,2020) exp(u_j + d_j L_t) (J1 a level
// loss of final demand); X_D = L_DD (Ar_DS X_S + f_D); Y^D = v_D X_D. A demand sector's output
// answers to demand and capacity: ln Y_j = (1 - theta_j) ln Y^D_j + theta_j ln Y*_j, the
// difference Y^D - Y met by net imports (or, below, sold outside the district); z_j = ln Y^D_j -
// ln Y*_j is its utilisation gap.
void demand(const ScenarioSpec& s, const Model& model, const std::vector<double>& drivers,
            const Eigen::VectorXd& u, double loss, double* scratch, OutputState& out);

// ---- M8: GDP ----

struct AccountsState {
  Eigen::VectorXd value_added_nominal;  // P_j Y_j
  double gdp_nominal = 0;
  double gdp_real = 0;                // chain-linked volume, base-year prices
  double real_growth = 0;             // g_t = ln(GDP_real,t / GDP_real,t-1)
  double gdp_per_capita = 0;          // 元, nominal
  double real_per_capita_growth = 0;  // g_t - dln N_t (M9)
};

// M8 by the statistics' method: the volume at last year's prices, sum_j P_j,t-1 Y_j,t, over last
// year's nominal GDP is the year's real index (Laspeyres), chained onto GDP_real; nominal GDP =
// sum_j P_j Y_j. With every price moving together GDP_real is the constant-price sum of Y.
void gdp(const PriceState& p, const OutputState& out, const PopulationState& pop,
         AccountsState& acc);

// ---- M10-M13: households, fiscal, R&D ----

struct HouseholdState {
  double labour_compensation = 0;  // W_t, 亿元 nominal (M10)
  double disposable = 0;           // YD_t, 亿元 nominal
  double income = 0;               // y_t = YD_t / N_t, 元 per capita (M10)
  double consumption = 0;          // C_t = c YD_t, 亿元 (M10)
  double retail_others = 0;        // Q_t, retail sales to non-residents, 亿元 (M11)
  double retail = 0;               // RS_t = C_t + Q_t, 亿元 (M11)
};

// M10: W = sum_j (1 - alpha_j) P_j Y_j; TR = TR_2020 (N / N_2020) P_c exp(g_TR t) when TR_2020 >=
// 0, TR = TR_2020 (W / W_2020) exp(g_TR t) when it is negative (labour income of non-residents,
// which moves with the wage bill); YD = ((1 - tau_H) W + TR) exp(sigma_y (loaded innovation));
// y = YD / N; C = c YD.
void income(const ScenarioSpec& s, const BaseState& base, int t, const Eigen::VectorXd& va_nominal,
            double population, double consumer_price, const Innovations& z, HouseholdState& h);

// M11: Q_t = Q_{t-1} exp(pi_t + drift + e_RL g_t + e_RT (dln TS - pi_t) + J1 retail impact * dL
// + s_RS (loaded innovation)), g_t real GDP growth; RS = C + Q.
void retail(const ScenarioSpec& s, double inflation, double real_growth, double dln_tourism,
            double loss_change, const Innovations& z, HouseholdState& h);

struct FiscalState {
  double revenue = 0;    // R_t, own general budget revenue, 亿元
  double tax_base = 0;   // B_t
  double transfers = 0;  // TG_t, net transfers from higher levels, 亿元
  double spending = 0;   // GS_t = R_t + TG_t
};

// M12: B_t = sum_j tau_j P_j Y_j + tau_L RESales_t (the J2 block's FAI); R_t = R_{t-1} (B_t /
// B_{t-1})^eps_R exp(nu_t), times J2's revenue factor in a bust; TG = TG_2020 (N / N_2020) P_c
// exp(g_TG t); GS = R + TG.
void fiscal(const ScenarioSpec& s, const BaseState& base, int t, const PriceState& p,
            const Eigen::VectorXd& value_added, double property_sales, double population,
            double bust_factor, const Innovations& z, FiscalState& fs);

// M13: r_t = path_t + rho (r_{t-1} - path_{t-1}) + sigma eps, path_t = r_0 + trend * t.
double rd_intensity(const RdSpec& rd, int t, double previous, double innovation);

// ---- the whole state of a path ----

struct PathState {
  Innovations z;
  Eigen::VectorXd u;  // M1 sector shocks u_{j,t}
  Eigen::VectorXd correlated;
  JumpState jumps;
  PriceState prices;
  TourismState tourism;
  InvestmentState investment;
  PopulationState population;
  OutputState output;
  std::vector<double> drivers;
  AccountsState accounts;
  HouseholdState households;
  FiscalState fiscal;
  double rd = 0;
  Eigen::VectorXd gross_output;  // X_j = Y_j / v_j, for the outputs and satellites

  void resize(const Model& model);
  static std::size_t scratch_size(const Model& model);
};

}  // namespace regiosim::blocks
