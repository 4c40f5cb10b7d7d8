#pragma once
// Input-output mathematics of MODEL.md section 5: regional coefficients by Flegg's location
// quotient (M6), the Leontief inverse and Type I multipliers, the mixed model that solves
// demand-sector output from supply-sector output (M7), and the coefficient checks of section 10.
//
// Conventions: A is column-major in the economic sense, a_ij = input from sector i per unit of
// gross output of sector j (column j = purchasing sector); value-added ratios v_j = VA_j / X_j.
// Money is real 亿元 (1e8 yuan) at 2020 prices, but every function here is linear or a ratio, so
// only consistency of units matters. Size mismatches (and other broken preconditions that the
// scenario loader rules out first) throw std::invalid_argument: they are programming errors. A
// numerical failure on valid-looking data throws regiosim::ModelError.

#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

namespace regiosim {

// ---- M6: regional coefficients from the national table ----

// Simple location quotients SLQ_i = (VA^r_i / sum_k VA^r_k) / (VA^n_i / sum_k VA^n_k), from
// regional and national value added by sector (any one money unit each; only shares matter).
// Requires national_va_i > 0 for every i, regional_va_i >= 0 and a positive regional total.
Eigen::VectorXd simple_location_quotients(const Eigen::VectorXd& regional_va,
                                          const Eigen::VectorXd& national_va);

// Flegg's regional-size factor lambda = [log2(1 + GDP_region / GDP_nation)]^delta (M6), in (0, 1]
// for a region no larger than the nation. Requires region_to_nation_size > 0 and delta >= 0.
double flq_lambda(double region_to_nation_size, double delta);

// Ar_ij = min(1, FLQ_ij) a_ij, FLQ_ij = (SLQ_i / SLQ_j) * lambda (M6), for every i and j including
// the diagonal. A sector absent from the region (SLQ_i = 0) supplies nothing locally (row i of Ar
// is 0, also where SLQ_j = 0 would make the ratio 0/0); SLQ_j = 0 alone gives FLQ = inf, capped
// at 1. Since 0 <= min(1, FLQ) <= 1, Ar <= A entrywise for a >= 0.
Eigen::MatrixXd flq_regional_coefficients(const Eigen::MatrixXd& national_a,
                                          const Eigen::VectorXd& slq, double lambda);

// ---- Leontief inverse and Type I multipliers ----

// Largest |eigenvalue| of a square matrix, from all eigenvalues (Eigen::EigenSolver); 0 for an
// empty matrix. Throws ModelError if the eigenvalue iteration does not converge.
double spectral_radius(const Eigen::MatrixXd& a);

// Smallest reciprocal condition estimate of I - A (1-norm, LAPACK-style estimate from the LU
// factors) that leontief_inverse accepts. Below it, (I - A)^-1 has lost about 12 of the 16
// significant digits, or I - A is singular.
inline constexpr double kMinReciprocalCondition = 1e-12;

// L = (I - A)^-1 by LU with partial pivoting. Throws ModelError when I - A is singular or
// ill-conditioned (reciprocal condition estimate < kMinReciprocalCondition, or NaN because A
// holds NaN or Inf), so it never returns Inf or NaN.
Eigen::MatrixXd leontief_inverse(const Eigen::MatrixXd& a);

// Type I output multipliers: column sums of L, sum_i L_ij = total gross output (all sectors in L)
// per unit of final demand for sector j.
Eigen::VectorXd output_multipliers(const Eigen::MatrixXd& leontief);

// Type I value-added multipliers (v' L)_j = sum_i v_i L_ij: total value added generated per unit of
// final demand for sector j. When v_j = 1 - sum_i a_ij (no imports outside A) and L covers the
// whole economy, v' = 1' (I - A) so v' L = 1' and every multiplier is exactly 1: each unit of final
// demand ends up as one unit of value added somewhere. A regional L (or leaking v) gives less.
Eigen::VectorXd value_added_multipliers(const Eigen::MatrixXd& leontief, const Eigen::VectorXd& v);

// ---- M7: mixed model ----

// X_D = L_DD (Ar_DS X_S + f_D), L_DD = (I - Ar_DD)^-1 (M7), for a fixed partition of the sectors
// into supply (S, output given by M5) and demand (D) sectors. Built once per parameter draw.
// Vectors over S or D list those sectors in increasing sector index (supply_sectors(),
// demand_sectors()). Immutable after construction: every const member may be called from many
// threads at once, each with its own output vectors.
class MixedInputOutput {
 public:
  // regional_a: Ar (n x n, M6); is_supply: n flags. Throws std::invalid_argument on a size mismatch
  // and ModelError (see leontief_inverse) when I - Ar_DD is singular or ill-conditioned.
  MixedInputOutput(const Eigen::MatrixXd& regional_a, const std::vector<bool>& is_supply);

  Eigen::Index supply_count() const { return static_cast<Eigen::Index>(supply_.size()); }
  Eigen::Index demand_count() const { return static_cast<Eigen::Index>(demand_.size()); }
  // 0-based sector indices of S and of D, increasing.
  const std::vector<Eigen::Index>& supply_sectors() const { return supply_; }
  const std::vector<Eigen::Index>& demand_sectors() const { return demand_; }
  const Eigen::MatrixXd& leontief_dd() const { return leontief_dd_; }  // L_DD
  const Eigen::MatrixXd& ar_ds() const { return ar_ds_; }              // Ar_DS

  // X_D = L_DD f_D + (L_DD Ar_DS) X_S, the same as M7 with L_DD Ar_DS precomputed, so no scratch
  // vector is needed. x_demand must already have demand_count() entries and be neither input: the
  // call then allocates nothing on the heap (it runs every simulated year, MODEL.md section 12;
  // checked once with Eigen's EIGEN_RUNTIME_NO_MALLOC). Throws std::invalid_argument otherwise.
  void demand_output(const Eigen::VectorXd& x_supply, const Eigen::VectorXd& f_demand,
                     Eigen::VectorXd& x_demand) const;

  // Base-year calibration of M7: f_D = (I - Ar_DD) X_D - Ar_DS X_S, the final demand with which
  // demand_output reproduces the given X_D exactly (up to rounding).
  Eigen::VectorXd calibrate_final_demand(const Eigen::VectorXd& x_supply,
                                         const Eigen::VectorXd& x_demand) const;

 private:
  std::vector<Eigen::Index> supply_;
  std::vector<Eigen::Index> demand_;
  Eigen::MatrixXd ar_dd_;             // Ar_DD
  Eigen::MatrixXd ar_ds_;             // Ar_DS
  Eigen::MatrixXd leontief_dd_;       // L_DD = (I - Ar_DD)^-1
  Eigen::MatrixXd supply_to_demand_;  // L_DD Ar_DS: dX_D / dX_S
};

// ---- MODEL.md section 10: validity of a coefficient matrix ----

struct CoefficientProblem {
  enum class Kind {
    NotFinite,       // a_ij is NaN or Inf (row, column, value)
    Negative,        // a_ij < 0 (row, column, value)
    NotProductive,   // spectral radius >= 1 (value; Hawkins-Simon fails)
    ColumnSum,       // sum_i a_ij >= 1 (column, value = the sum; v_j would be <= 0)
    IllConditioned,  // I - A fails leontief_inverse's test (value = reciprocal condition)
  };
  Kind kind = Kind::NotFinite;
  Eigen::Index row = -1;     // 0-based; -1 where the problem has no row
  Eigen::Index column = -1;  // 0-based; -1 where the problem has no column
  double value = 0;
  // One line for the scenario loader, rows and columns 1-based, e.g.
  // "row 3, column 7: coefficient -0.01 is negative (expected a_ij >= 0)".
  std::string message() const;
};

// The first problem of a square coefficient matrix, checked in this fixed order: non-finite entry,
// negative entry (both row-major: row 1 first), spectral radius >= 1, column sum >= 1 (lowest
// column first), I - A ill-conditioned. Non-finite entries come first because NaN fails every
// other comparison silently and an Inf would be misreported as a column sum. The spectral radius
// comes before column sums because for a >= 0 every column sum < 1 already implies radius <= max
// column sum < 1: checked the other way round, the radius test could never fire. A matrix that
// passes also makes every regional demand block productive (Ar <= A entrywise, and a principal
// submatrix of a nonnegative matrix has no larger spectral radius), so I - Ar_DD of M7 is
// nonsingular; its conditioning is tested where it is inverted (the MixedInputOutput constructor).
// Throws std::invalid_argument if a is not square.
std::optional<CoefficientProblem> check_coefficients(const Eigen::MatrixXd& a);

}  // namespace regiosim
