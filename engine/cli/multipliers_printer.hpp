#pragma once
// regiosim multipliers: the Leontief inverses and Type I multipliers of a scenario's national table
// and of its regional table (MODEL.md sections 5 and 10), as a terminal table or as one JSON
// document (schema in README). The numbers are computed by the engine (input_output.hpp) before
// they reach these printers.

#include <Eigen/Dense>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace regiosim::cli {

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

void print_multipliers_table(std::ostream& out, const MultiplierReport& report);
void print_multipliers_json(std::ostream& out, const MultiplierReport& report);

}  // namespace regiosim::cli
