#pragma once
// The multipliers report (MODEL.md sections 5 and 10): the Leontief inverses and Type I multipliers
// of a scenario's national table and of its regional table (M6), and the column sums of the demand
// block L_DD (M7). Deterministic, no simulation; the CLI prints it and the Python bindings return
// it.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "regiosim/scenario.hpp"

namespace regiosim {

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
};

struct MultiplierReport {
  std::string scenario;
  double flq_delta = 0;
  double lambda = 0;                  // Flegg's size factor (M6)
  double radius_national = 0;         // spectral radius of A (section 10)
  double radius_regional = 0;         // spectral radius of Ar
  Eigen::MatrixXd leontief_national;  // L = (I - A)^-1
  Eigen::MatrixXd leontief_regional;  // Lr = (I - Ar)^-1
  std::vector<MultiplierSector> sectors;
};

MultiplierReport multiplier_report(const ScenarioSpec& spec);

}  // namespace regiosim
