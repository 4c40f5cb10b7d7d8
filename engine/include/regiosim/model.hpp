#pragma once
// Model: the calibrated, immutable form of a scenario (ARCHITECTURE.md: ScenarioSpec --calibrate-->
// Model). Holds the base-year state that reproduces the scenario's 2020 data exactly, and the
// factors the path simulator needs (shock Cholesky factor, allocation matrix). Thread-safe to
// share: simulate_path only reads it.

#include <Eigen/Dense>
#include <array>
#include <cstdint>
#include <vector>

#include "regiosim/input_output.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim {

// The calibrated base year (year index 0), from MODEL.md's calibration rules.
struct BaseState {
  Eigen::VectorXd value_added;     // Y_j,2020 = va_share_j * GDP (M5)
  Eigen::VectorXd capital;         // K_j,2020 = k_j Y_j,2020, the capital-output ratio (M4)
  Eigen::VectorXd investment;      // I_j,2020, real (M3)
  Eigen::VectorXd employment;      // L_j,2020 (M9)
  Eigen::VectorXd log_tfp;         // ln A_j,2020 solving M5 exactly, every sector
  Eigen::VectorXd fai_blocks;      // FAI_b,2020 (M2)
  double public_capital = 0;       // G_2020 (M5)
  double population = 0;           // N_2020 = GDP * 1e8 / GDP per capita (M9)
  double population_previous = 0;  // N_2019 = N_2020 / (1 + n + mbar), for L_2020 (M9)
  double employment_rate = 0;      // e, calibrated so L_2020 = GDP / labour productivity (M9)
  double tax_base = 0;             // B_2020 (M12)
  double land_tax_rate = 0;        // tau_L: B's property-transaction term per unit of RESales (M12)
  double government_transfers = 0;  // TG_2020 = chi GS_2020, net transfers from above (M12)
  double household_transfers = 0;  // TR_2020 = YD - (1 - tau_H) W, transfers and other income (M10)
  double labour_compensation = 0;  // W_2020 = sum_j (1 - alpha_j) Y_j (M10)
  double disposable_income = 0;    // YD_2020 = N y, 亿元 (M10)
  double consumption = 0;          // C_2020 = c YD (M10)
  double retail_others = 0;        // Q_2020 = RS - C, retail sales to non-residents (M11)
  // exp(g): the lagged drivers of M7 (household consumption, retail, government) enter as last
  // year's value grown by the base-year trend g = n + mbar + the reference per-capita growth.
  double lagged_driver_trend = 1;
  Eigen::VectorXd gross_output;  // X_j = Y_j / v_j (M7)
  Eigen::VectorXd final_demand;  // f_D,2020 by sector (0 for supply sectors), real (M7)
  // Base-year value of each final-demand driver (M7): the fixed drivers by DemandDriver, then one
  // per FAI block (real FAI of that block).
  std::vector<double> drivers;
  Eigen::VectorXd satellite_scale;  // psi_k: base / model value, 1 without a base (section 8)
  // The sectors with content_j > 0, ascending, per satellite: a satellite lies in a few sectors.
  std::vector<std::vector<int>> satellite_sectors;
};

// M6-M7 in the base year: the regional coefficients and the mixed model with the final demand that
// reproduces the base-year output exactly. Built once per parameter draw; the loader also builds it
// to check the scenario (f_D > 0).
struct InputOutputCalibration {
  Eigen::VectorXd location_quotients;  // SLQ_j
  double lambda = 0;                   // Flegg's size factor
  Eigen::MatrixXd regional;            // Ar
  MixedInputOutput mixed;              // L_DD, Ar_DS
  Eigen::VectorXd gross_output;        // X_j,2020
  Eigen::VectorXd final_demand;        // f_D,2020 over the demand sectors, in their order
};
InputOutputCalibration calibrate_input_output(const ScenarioSpec& spec);

// A satellite's unscaled value (section 8): sum_j content_j P_j measure_j (real VA or gross output
// times price) over its `sectors` (BaseState::satellite_sectors; the other terms are zeros), plus
// tourist spending if it counts, divided by nominal GDP for a share.
double satellite_value(const SatelliteSpec& sat, const std::vector<int>& sectors,
                       const Eigen::VectorXd& value_added, const Eigen::VectorXd& gross_output,
                       const Eigen::VectorXd& prices, double tourist_spending, double gdp_nominal);

// BaseState::drivers holds the DemandDriver values first, then one slot per FAI block from here.
inline constexpr std::size_t DRIVER_BLOCKS = 6;

// Index of a driver in BaseState::drivers.
inline std::size_t driver_slot(const DemandWeight& w) {
  return w.block >= 0 ? DRIVER_BLOCKS + static_cast<std::size_t>(w.block)
                      : static_cast<std::size_t>(w.driver);
}

class Model {
 public:
  explicit Model(ScenarioSpec spec);

  const ScenarioSpec& spec() const { return spec_; }
  const BaseState& base() const { return base_; }
  int years() const { return spec_.years(); }
  int sectors() const { return spec_.sector_count(); }
  int satellites() const { return static_cast<int>(spec_.satellites.size()); }
  int groups() const { return static_cast<int>(spec_.shocks.groups.size()); }
  int blocks() const { return static_cast<int>(spec_.investment.blocks.size()); }

  // Sector-innovation factor S with S S' = correlation, when the scenario gives a correlation
  // matrix.
  const Eigen::MatrixXd& correlation_factor() const { return correlation_factor_; }
  bool has_correlation() const { return spec_.shocks.correlation.has_value(); }
  // mu_pi for a calendar year (M8).
  double inflation_mean(int year) const;
  // Deterministic TFP drift mu_{j,t} (M5) for year index t >= 1.
  double tfp_drift(int sector, int t) const;
  // exp(-kappa_u): the share of the urbanisation gap left after a year (M9).
  double urbanisation_decay() const { return urbanisation_decay_; }
  // exp(J2 revenue impact): budget revenue's factor in a bust year (M12).
  double bust_revenue_factor() const { return bust_revenue_factor_; }
  const InputOutputCalibration& input_output() const { return io_; }

 private:
  ScenarioSpec spec_;
  BaseState base_;
  InputOutputCalibration io_;
  Eigen::MatrixXd correlation_factor_;
  Eigen::MatrixXd tfp_drift_;  // (sectors, years)
  double urbanisation_decay_ = 1;
  double bust_revenue_factor_ = 1;
};

}  // namespace regiosim
