#include "regiosim/input_output.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "regiosim/error.hpp"

namespace regiosim {

namespace {

// Shortest text that reads back as the same double, so a column sum of 1 - 1e-14 does not print
// as "1" in a message that says it is below 1.
std::string number(double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

void require(bool condition, const char* what) {
  if (!condition) throw std::invalid_argument(what);
}

void require_square(const Eigen::MatrixXd& a, const char* what) {
  require(a.rows() == a.cols(), what);
}

std::string ill_conditioned_message(const std::string& matrix, double rcond) {
  return matrix + " is singular or ill-conditioned: reciprocal condition estimate " +
         number(rcond) + " (expected >= " + number(kMinReciprocalCondition) + ")";
}

// LU factors of I - A. rcond() on them is the 1-norm reciprocal condition estimate; it is 0 or NaN
// when I - A is exactly singular (Eigen keeps a zero pivot instead of dividing by it) or holds
// NaN or Inf, so the test !(rcond >= limit) catches every case.
Eigen::PartialPivLU<Eigen::MatrixXd> factor_identity_minus(const Eigen::MatrixXd& a) {
  return Eigen::PartialPivLU<Eigen::MatrixXd>(Eigen::MatrixXd::Identity(a.rows(), a.cols()) - a);
}

bool well_conditioned(double rcond) {
  return rcond >= kMinReciprocalCondition;
}

// (I - a)^-1, or ModelError naming `matrix` (the thing being inverted, for the message).
Eigen::MatrixXd inverse_of_identity_minus(const Eigen::MatrixXd& a, const std::string& matrix) {
  const auto lu = factor_identity_minus(a);
  const double rcond = lu.rcond();
  if (!well_conditioned(rcond)) throw ModelError(ill_conditioned_message(matrix, rcond));
  return lu.inverse();
}

}  // namespace

// ---- M6 ----

Eigen::VectorXd simple_location_quotients(const Eigen::VectorXd& regional_va,
                                          const Eigen::VectorXd& national_va) {
  require(regional_va.size() == national_va.size(),
          "simple_location_quotients: regional and national VA differ in size");
  require((national_va.array() > 0).all(),
          "simple_location_quotients: national VA must be > 0 in every sector");
  require((regional_va.array() >= 0).all() && regional_va.sum() > 0,
          "simple_location_quotients: regional VA must be >= 0 with a positive total");
  return (regional_va / regional_va.sum()).cwiseQuotient(national_va / national_va.sum());
}

double flq_lambda(double region_to_nation_size, double delta) {
  require(region_to_nation_size > 0 && std::isfinite(region_to_nation_size),
          "flq_lambda: GDP_region / GDP_nation must be a finite number > 0");
  require(delta >= 0 && std::isfinite(delta), "flq_lambda: delta must be a finite number >= 0");
  return std::pow(std::log2(1.0 + region_to_nation_size), delta);
}

Eigen::MatrixXd flq_regional_coefficients(const Eigen::MatrixXd& national_a,
                                          const Eigen::VectorXd& slq, double lambda) {
  require_square(national_a, "flq_regional_coefficients: A is not square");
  require(slq.size() == national_a.rows(), "flq_regional_coefficients: SLQ and A differ in size");
  require((slq.array() >= 0).all() && slq.allFinite(),
          "flq_regional_coefficients: SLQ must be finite and >= 0");
  // lambda > 0 keeps SLQ_i / 0 * lambda = inf (capped to 1) rather than inf * 0 = NaN.
  require(lambda > 0 && std::isfinite(lambda), "flq_regional_coefficients: lambda must be > 0");
  Eigen::MatrixXd regional(national_a.rows(), national_a.cols());
  for (Eigen::Index j = 0; j < national_a.cols(); ++j) {
    for (Eigen::Index i = 0; i < national_a.rows(); ++i) {
      const double r = slq[i] == 0 ? 0.0 : std::min(1.0, slq[i] / slq[j] * lambda);
      regional(i, j) = r * national_a(i, j);
    }
  }
  return regional;
}

// ---- Leontief inverse and multipliers ----

double spectral_radius(const Eigen::MatrixXd& a) {
  require_square(a, "spectral_radius: matrix is not square");
  if (a.size() == 0) return 0.0;
  const Eigen::EigenSolver<Eigen::MatrixXd> solver(a, /*computeEigenvectors=*/false);
  if (solver.info() != Eigen::Success) {
    throw ModelError("spectral radius: the eigenvalue iteration did not converge");
  }
  return solver.eigenvalues().cwiseAbs().maxCoeff();
}

Eigen::MatrixXd leontief_inverse(const Eigen::MatrixXd& a) {
  require_square(a, "leontief_inverse: A is not square");
  return inverse_of_identity_minus(a, "I - A");
}

Eigen::VectorXd output_multipliers(const Eigen::MatrixXd& leontief) {
  require_square(leontief, "output_multipliers: L is not square");
  return leontief.colwise().sum().transpose();
}

Eigen::VectorXd value_added_multipliers(const Eigen::MatrixXd& leontief, const Eigen::VectorXd& v) {
  require_square(leontief, "value_added_multipliers: L is not square");
  require(v.size() == leontief.rows(), "value_added_multipliers: v and L differ in size");
  return leontief.transpose() * v;
}

// ---- M7 ----

MixedInputOutput::MixedInputOutput(const Eigen::MatrixXd& regional_a,
                                   const std::vector<bool>& is_supply) {
  require_square(regional_a, "MixedInputOutput: Ar is not square");
  require(static_cast<Eigen::Index>(is_supply.size()) == regional_a.rows(),
          "MixedInputOutput: one supply/demand flag per sector expected");
  for (Eigen::Index k = 0; k < regional_a.rows(); ++k) {
    (is_supply[static_cast<std::size_t>(k)] ? supply_ : demand_).push_back(k);
  }
  ar_dd_ = regional_a(demand_, demand_);
  ar_ds_ = regional_a(demand_, supply_);
  leontief_dd_ = inverse_of_identity_minus(ar_dd_, "I - Ar_DD (demand sectors, M7)");
  supply_to_demand_ = leontief_dd_ * ar_ds_;
}

void MixedInputOutput::demand_output(const Eigen::VectorXd& x_supply,
                                     const Eigen::VectorXd& f_demand,
                                     Eigen::VectorXd& x_demand) const {
  require(x_supply.size() == supply_count() && f_demand.size() == demand_count() &&
              x_demand.size() == demand_count(),
          "MixedInputOutput::demand_output: vector sizes do not match the partition");
  // noalias() writes straight into x_demand (no temporary), which is only valid when it is not
  // also an input.
  require(&x_demand != &x_supply && &x_demand != &f_demand,
          "MixedInputOutput::demand_output: x_demand must not be an input vector");
  x_demand.noalias() = leontief_dd_ * f_demand;
  x_demand.noalias() += supply_to_demand_ * x_supply;
}

Eigen::VectorXd MixedInputOutput::calibrate_final_demand(const Eigen::VectorXd& x_supply,
                                                         const Eigen::VectorXd& x_demand) const {
  require(x_supply.size() == supply_count() && x_demand.size() == demand_count(),
          "MixedInputOutput::calibrate_final_demand: vector sizes do not match the partition");
  return x_demand - ar_dd_ * x_demand - ar_ds_ * x_supply;
}

// ---- Section 10 ----

std::string CoefficientProblem::message() const {
  const auto cell = [this] {
    return "row " + std::to_string(row + 1) + ", column " + std::to_string(column + 1) + ": ";
  };
  switch (kind) {
    case Kind::NotFinite:
      return cell() + "coefficient " + number(value) + " is not a finite number";
    case Kind::Negative:
      return cell() + "coefficient " + number(value) + " is negative (expected a_ij >= 0)";
    case Kind::NotProductive:
      return "spectral radius of A is " + number(value) +
             " (expected < 1: a productive economy, Hawkins-Simon)";
    case Kind::ColumnSum:
      return "column " + std::to_string(column + 1) + ": coefficients sum to " + number(value) +
             " (expected < 1, so that value added v_j = 1 - sum_i a_ij is positive)";
    case Kind::IllConditioned:
      return ill_conditioned_message("I - A", value);
  }
  return {};  // unreachable: every Kind returns above (GCC warns without it)
}

std::optional<CoefficientProblem> check_coefficients(const Eigen::MatrixXd& a) {
  require_square(a, "check_coefficients: A is not square");
  using Kind = CoefficientProblem::Kind;
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      if (!std::isfinite(a(i, j))) return CoefficientProblem{Kind::NotFinite, i, j, a(i, j)};
    }
  }
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      if (a(i, j) < 0) return CoefficientProblem{Kind::Negative, i, j, a(i, j)};
    }
  }
  const double radius = spectral_radius(a);
  if (radius >= 1) return CoefficientProblem{Kind::NotProductive, -1, -1, radius};
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    const double sum = a.col(j).sum();
    if (sum >= 1) return CoefficientProblem{Kind::ColumnSum, -1, j, sum};
  }
  const double rcond = factor_identity_minus(a).rcond();
  if (!well_conditioned(rcond)) return CoefficientProblem{Kind::IllConditioned, -1, -1, rcond};
  return std::nullopt;
}

}  // namespace regiosim
