#pragma once
// The multipliers report (MODEL.md sections 5 and 10): the Leontief inverses and Type I multipliers
// of a scenario's national table and of its regional table (M6), the column sums of the demand
// block L_DD (M7), and the Type II multipliers of the regional table closed with households (M10).
// Deterministic, no simulation; the CLI prints it and the Python bindings return it.
//
// Type II: the regional coefficients Ar (M6) closed with a household row and column,
//   Abar = [[Ar, c], [h', 0]],   Lbar = (I - Abar)^-1   ((n+1) x (n+1), households last),
//   h_j = (1 - tau_H) (1 - alpha_j) v_j: disposable income per unit of gross output of sector j.
//     M10's labour compensation W = sum_j (1 - alpha_j) P_j Y_j and Y_j = v_j X_j (M7) make
//     (1 - alpha_j) v_j the compensation per unit of gross output; households keep (1 - tau_H) of
//     it. Transfers TR are exogenous (M10), so they are not in the row.
//   c_i = c s_i: regional purchases from sector i per unit of disposable income. C = c YD (M10)
//     and a demand sector's final demand follows its household-consumption driver with weight
//     w_i (M7), so s_i = w_i f_i,2020 / sum_k w_k f_k,2020 spreads the spending over the demand
//     sectors in the proportions of their base-year household final demand; supply sectors get
//     0 (their output is M5's, not demand's). With no household-consumption driver c = 0 and
//     Type II equals Type I.
// Per sector j, summing over the n sectors only (not the household row): output sum_i Lbar_ij,
// value added sum_i v_i Lbar_ij, employment sum_i e_i Lbar_ij, and own-revenue tax base
// sum_i tau_i v_i Lbar_ij (M12), each per unit of final demand for sector j. Lbar exists with
// nonnegative entries iff its spectral radius is < 1, which for rho(Ar) < 1 is h' Lr c < 1: a unit
// of household spending must return less than a unit of disposable income. M7 takes household
// consumption with a one-year lag, so the simulation reaches the Type II effect over the years,
// one round of spending a year.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "regiosim/model.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim {

// The household row and column that close the regional table (construction above).
struct HouseholdClosure {
  Eigen::VectorXd income;  // h_j, disposable income per unit of gross output (亿元 / 亿元)
  Eigen::VectorXd spending;  // c_i, regional purchases per unit of disposable income (亿元 / 亿元)
};

// h and c from the scenario (tau_H, alpha_j, v_j, c, the M7 driver weights) and the calibrated
// base year (f_i,2020).
HouseholdClosure household_closure(const ScenarioSpec& spec, const BaseState& base);

// Regional multipliers per sector, Type I from Lr = (I - Ar)^-1 and Type II from Lbar, per unit of
// final demand for the sector.
struct RegionalMultipliers {
  double radius_closed = 0;   // spectral radius of Abar
  Eigen::MatrixXd leontief;   // Lr (n x n)
  Eigen::MatrixXd closed;     // Lbar ((n+1) x (n+1), households last)
  Eigen::VectorXd output_i;   // sum_i Lr_ij
  Eigen::VectorXd output_ii;  // sum_i Lbar_ij
  Eigen::VectorXd value_added_i;
  Eigen::VectorXd value_added_ii;
  Eigen::VectorXd employment_i;  // persons per 亿元 of final demand
  Eigen::VectorXd employment_ii;
  Eigen::VectorXd revenue_i;  // own-revenue tax base (M12) per unit of final demand
  Eigen::VectorXd revenue_ii;
};

// va_ratio v_j, employment per unit of gross output e_j (persons per 亿元) and tax_rate tau_j (M12)
// by sector. Throws ModelError, with h' Lr c in the message, when the spectral radius of Abar is
// >= 1 (and as leontief_inverse when I - Ar or I - Abar is singular or ill-conditioned);
// std::invalid_argument on a size mismatch.
RegionalMultipliers regional_multipliers(const Eigen::MatrixXd& ar,
                                         const HouseholdClosure& households,
                                         const Eigen::VectorXd& va_ratio,
                                         const Eigen::VectorXd& employment_per_output,
                                         const Eigen::VectorXd& tax_rate);

struct MultiplierSector {
  std::string code;
  std::string type;  // "supply" or "demand" (M5 or M7)
  double slq = 0;    // simple location quotient SLQ_j (M6)
  double output_national = 0;
  double output_regional = 0;
  double value_added_national = 0;
  double value_added_regional = 0;
  // Column sum of L_DD = (I - Ar_DD)^-1 (M7); a supply sector is not in the demand block.
  std::optional<double> demand_block_column_sum;
  double household_income = 0;       // h_j
  double household_spending = 0;     // c_j
  double employment_per_output = 0;  // e_j = L_j,2020 / X_j,2020, persons per 亿元 (M9, M7)
  double output_type_ii = 0;         // regional, households closed
  double output_ratio = 0;           // output_type_ii / output_regional: the induced effect
  double value_added_type_ii = 0;
  double employment_type_i = 0;  // regional; persons per 亿元 of final demand
  double employment_type_ii = 0;
  double revenue_type_i = 0;  // regional; tax base B (M12) per unit of final demand
  double revenue_type_ii = 0;
};

struct MultiplierReport {
  std::string scenario;
  double flq_delta = 0;
  double lambda = 0;                  // Flegg's size factor (M6)
  double radius_national = 0;         // spectral radius of A (section 10)
  double radius_regional = 0;         // spectral radius of Ar
  double radius_closed = 0;           // spectral radius of Abar (households closed)
  double propensity_to_consume = 0;   // c (M10)
  double income_tax_rate = 0;         // tau_H (M10)
  Eigen::MatrixXd leontief_national;  // L = (I - A)^-1
  Eigen::MatrixXd leontief_regional;  // Lr = (I - Ar)^-1
  Eigen::MatrixXd leontief_closed;    // Lbar = (I - Abar)^-1, households last
  std::vector<MultiplierSector> sectors;
};

// Throws ConfigError (key income.propensity_to_consume, no line: the cause spans several keys)
// when the closed system is not productive.
MultiplierReport multiplier_report(const ScenarioSpec& spec);

}  // namespace regiosim
