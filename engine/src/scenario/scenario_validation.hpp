#pragma once
// Cross-field checks of a scenario (MODEL.md section 10), each throwing ConfigError at the node
// that is wrong. Field-level checks (ranges, types) happen as the values are read (map_reader.hpp).

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "config/config_node.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim::scenario {

// Shares sum to 1 within 1e-9: "va_share values sum to 0.98 (expected 1 within 1e-9)".
void check_sums_to_one(const std::vector<double>& shares, const config::Node& at,
                       const std::string& key_path, const std::string& what);

// M1 loadings: b^2 + c^2 <= 1, so the idiosyncratic weight sqrt(1 - b^2 - c^2) is real.
void check_loadings(double b, double c, const config::Node& at, const std::string& key_path);

// A correlation matrix: square of the given size, symmetric, unit diagonal, entries in [-1, 1],
// positive semi-definite (smallest eigenvalue >= -1e-10).
void check_correlation(const Eigen::MatrixXd& matrix, int size, const config::Node& at,
                       const std::string& key_path);

// v_j = 1 - sum_i a_ij (MODEL.md section 10): each sector's va_ratio against the column sum of the
// national coefficients, within `tolerance`; an error points at the sector's va_ratio in
// `sectors`, the scenario's `sectors` list.
void check_va_ratios(const ScenarioSpec& spec, double tolerance, const config::Node& sectors,
                     const std::string& sectors_path);

}  // namespace regiosim::scenario
