#include "scenario/scenario_validation.hpp"

#include <cmath>
#include <cstdio>

#include "config/map_reader.hpp"

namespace regiosim::scenario {

namespace {
std::string number(double x, int digits = 12) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*g", digits, x);
  return text;
}
}  // namespace

void check_sums_to_one(const std::vector<double>& shares, const config::Node& at,
                       const std::string& key_path, const std::string& what) {
  double sum = 0;
  for (double s : shares)
    sum += s;
  if (std::fabs(sum - 1.0) > 1e-9) {
    config::fail_at(at, key_path, what + " sum to " + number(sum) + " (expected 1 within 1e-9)");
  }
}

void check_loadings(double b, double c, const config::Node& at, const std::string& key_path) {
  if (b * b + c * c > 1.0) {
    config::fail_at(at, key_path,
                    "loadings b = " + number(b) + ", c = " + number(c) + " give b^2 + c^2 = " +
                        number(b * b + c * c) + " (expected b^2 + c^2 <= 1, M1)");
  }
}

void check_correlation(const Eigen::MatrixXd& matrix, int size, const config::Node& at,
                       const std::string& key_path) {
  if (matrix.rows() != size || matrix.cols() != size) {
    config::fail_at(at, key_path,
                    "matrix is " + std::to_string(matrix.rows()) + "x" +
                        std::to_string(matrix.cols()) + " (expected " + std::to_string(size) + "x" +
                        std::to_string(size) + ", one row per sector)");
  }
  for (Eigen::Index i = 0; i < matrix.rows(); ++i) {
    if (std::fabs(matrix(i, i) - 1.0) > 1e-12) {
      config::fail_at(at, key_path,
                      "diagonal entry (" + std::to_string(i + 1) + ", " + std::to_string(i + 1) +
                          ") is " + number(matrix(i, i)) + " (expected 1)");
    }
    for (Eigen::Index j = 0; j < matrix.cols(); ++j) {
      if (std::fabs(matrix(i, j)) > 1.0) {
        config::fail_at(at, key_path,
                        "entry (" + std::to_string(i + 1) + ", " + std::to_string(j + 1) + ") is " +
                            number(matrix(i, j)) + " (expected a correlation in [-1, 1])");
      }
      if (std::fabs(matrix(i, j) - matrix(j, i)) > 1e-12) {
        config::fail_at(at, key_path,
                        "not symmetric: entry (" + std::to_string(i + 1) + ", " +
                            std::to_string(j + 1) + ") is " + number(matrix(i, j)) + " but (" +
                            std::to_string(j + 1) + ", " + std::to_string(i + 1) + ") is " +
                            number(matrix(j, i)) + " (expected a symmetric matrix)");
      }
    }
  }
  const double smallest =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(matrix, Eigen::EigenvaluesOnly)
          .eigenvalues()
          .minCoeff();
  if (smallest < -1e-10) {
    config::fail_at(at, key_path,
                    "not positive semi-definite: smallest eigenvalue " + number(smallest) +
                        " (expected all eigenvalues >= 0)");
  }
}

void check_va_ratios(const ScenarioSpec& spec, double tolerance, const config::Node& sectors,
                     const std::string& sectors_path) {
  const Eigen::MatrixXd& a = spec.input_output.national_coefficients;
  for (std::size_t j = 0; j < spec.sectors.size(); ++j) {
    const SectorSpec& sector = spec.sectors[j];
    const double column_sum = a.col(static_cast<Eigen::Index>(j)).sum();
    const double off = sector.va_ratio - (1.0 - column_sum);
    if (std::fabs(off) <= tolerance) continue;
    const config::Node& entry = sectors.items()[j];
    const config::Node* at = entry.find("va_ratio");
    // Six digits: the ratios are data rounded to four, the tolerance is 1e-3 or so.
    config::fail_at(
        at != nullptr ? *at : entry, sectors_path + "[" + std::to_string(j) + "].va_ratio",
        sector.code + ": va_ratio " + number(sector.va_ratio, 6) + " is " +
            number(std::fabs(off), 6) + (off > 0 ? " above " : " below ") +
            number(1.0 - column_sum, 6) + " = 1 - the sum of column " + std::to_string(j + 1) +
            " of input_output.national.coefficients (" + number(column_sum, 6) +
            ") (expected v_j = 1 - sum_i a_ij within " + number(tolerance, 6) +
            ", input_output.va_ratio_tolerance; MODEL.md section 10)");
  }
}

}  // namespace regiosim::scenario
