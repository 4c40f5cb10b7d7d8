#pragma once
// Model: the calibrated, immutable form of a scenario (ARCHITECTURE.md: ScenarioSpec --calibrate-->
// Model). Holds the base-year state that reproduces the scenario's 2020 data exactly, and the
// factors the path simulator needs (shock Cholesky factor, allocation matrix). Thread-safe to
// share: simulate_path only reads it.

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "regiosim/scenario.hpp"

namespace regiosim {

// The calibrated base year (year index 0), from MODEL.md's calibration rules.
struct BaseState {
  Eigen::VectorXd value_added;     // Y_j,2020 = va_share_j * GDP (M5)
  Eigen::VectorXd capital;         // K_j,2020 = I_j,2020 / (g_I + delta_j) (M4)
  Eigen::VectorXd investment;      // I_j,2020, real (M3)
  Eigen::VectorXd employment;      // L_j,2020 (M9)
  Eigen::VectorXd log_tfp;         // ln A_j,2020 solving M5 exactly
  Eigen::VectorXd fai_blocks;      // FAI_b,2020 (M2)
  double public_capital = 0;       // G_2020 (M5)
  double population = 0;           // N_2020 = GDP * 1e8 / GDP per capita (M9)
  double population_previous = 0;  // N_2019 = N_2020 / (1 + n + mbar), for L_2020 (M9)
  double employment_rate = 0;      // e, calibrated so L_2020 = GDP / labour productivity (M9)
  double tax_base = 0;             // B_2020 (M12)
  double supply_value_added = 0;   // real VA of supply sectors, 2020 (demand placeholder)
};

class Model {
 public:
  explicit Model(ScenarioSpec spec);

  const ScenarioSpec& spec() const { return spec_; }
  const BaseState& base() const { return base_; }
  int years() const { return spec_.years(); }
  int sectors() const { return spec_.sector_count(); }
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

 private:
  ScenarioSpec spec_;
  BaseState base_;
  Eigen::MatrixXd correlation_factor_;
  Eigen::MatrixXd tfp_drift_;  // (sectors, years)
};

}  // namespace regiosim
