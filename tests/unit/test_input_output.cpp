// Input-output mathematics (MODEL.md M6-M7, section 10) against hand computations and independent
// checks: the Leontief inverse of Miller and Blair's two-sector example in exact fractions, random
// productive matrices against the Neumann series, the national 2020 table's stated checks, Flegg's
// location quotient by hand, the mixed model by hand, and the section 8 claims about the default
// Luolong calibration.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "regiosim/error.hpp"
#include "regiosim/input_output.hpp"

using namespace regiosim;

namespace {

// Miller and Blair, Input-Output Analysis (2nd ed.), section 2.3. By hand: I - A = [[0.85, -0.25],
// [-0.20, 0.95]], det = 0.85 * 0.95 - 0.25 * 0.20 = 0.7575 = 303 / 400, so
// L = (400 / 303) [[0.95, 0.25], [0.20, 0.85]] = (1 / 303) [[380, 100], [80, 340]].
Eigen::MatrixXd miller_blair_a() {
  Eigen::MatrixXd a(2, 2);
  a << 0.15, 0.25, 0.20, 0.05;
  return a;
}

// I - A is well conditioned here (condition number about 2), so LU and the matrix products below
// are exact to a few units in the last place; 1e-13 relative leaves a wide margin.
constexpr double EXACT = 1e-13;

// The national 2020 table, read at test time (JSON is YAML, and the tests link yaml-cpp).
struct NationalTable {
  std::vector<std::string> order;
  Eigen::MatrixXd a;
  Eigen::VectorXd v;
  Eigen::VectorXd va;  // VA_1e8, 亿元
  double stated_spectral_radius = 0;
};

Eigen::VectorXd vector_of(const YAML::Node& node) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(node.size()));
  for (std::size_t i = 0; i < node.size(); ++i) {
    x[static_cast<Eigen::Index>(i)] = node[i].as<double>();
  }
  return x;
}

NationalTable national_table() {
  const YAML::Node json = YAML::LoadFile(REGIOSIM_SOURCE_DIR "/data/io-china-2020-15sector.json");
  NationalTable t;
  t.order = json["order"].as<std::vector<std::string>>();
  const auto n = static_cast<Eigen::Index>(t.order.size());
  t.a.resize(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    t.a.row(i) = vector_of(json["A"][static_cast<std::size_t>(i)]).transpose();
  }
  t.v = vector_of(json["v"]);
  t.va = vector_of(json["VA_1e8"]);
  t.stated_spectral_radius = json["checks"]["spectral_radius_A"].as<double>();
  return t;
}

Eigen::Index sector(const NationalTable& t, const std::string& code) {
  for (std::size_t k = 0; k < t.order.size(); ++k) {
    if (t.order[k] == code) return static_cast<Eigen::Index>(k);
  }
  throw std::invalid_argument("no sector " + code);
}

// A random matrix with entries >= 0 and column sums drawn from [0.05, 0.9], so it is productive.
// Uniforms come from the raw 64-bit engine output (the standard fixes it; it does not fix
// uniform_real_distribution), so the matrices are the same on every platform.
Eigen::MatrixXd random_productive(Eigen::Index n, std::mt19937_64& engine) {
  const auto uniform = [&engine] { return static_cast<double>(engine() >> 11) * 0x1p-53; };
  Eigen::MatrixXd a(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i)
      a(i, j) = uniform();
    a.col(j) *= (0.05 + 0.85 * uniform()) / a.col(j).sum();
  }
  return a;
}

// sum_k A^k, stopped once a term is below 1e-18 in every entry (the sum is >= 1 on the diagonal,
// so later terms no longer change it in double precision).
Eigen::MatrixXd neumann_series(const Eigen::MatrixXd& a) {
  const Eigen::Index n = a.rows();
  Eigen::MatrixXd term = Eigen::MatrixXd::Identity(n, n);
  Eigen::MatrixXd sum = term;
  for (int k = 1; k < 5000 && term.cwiseAbs().maxCoeff() > 1e-18; ++k) {
    term = term * a;
    sum += term;
  }
  REQUIRE(term.cwiseAbs().maxCoeff() <= 1e-18);
  return sum;
}

}  // namespace

TEST_CASE("Leontief inverse of Miller and Blair's two-sector example, in exact fractions",
          "[unit][io-table]") {
  const Eigen::MatrixXd l = leontief_inverse(miller_blair_a());
  CHECK(l(0, 0) == Approx(380.0 / 303).epsilon(EXACT));  // 1.2541
  CHECK(l(0, 1) == Approx(100.0 / 303).epsilon(EXACT));  // 0.3300
  CHECK(l(1, 0) == Approx(80.0 / 303).epsilon(EXACT));   // 0.2640
  CHECK(l(1, 1) == Approx(340.0 / 303).epsilon(EXACT));  // 1.1221
}

TEST_CASE("Type I multipliers of the two-sector example", "[unit][io-table]") {
  const Eigen::MatrixXd l = leontief_inverse(miller_blair_a());
  // Output multipliers: column sums of L, (380 + 80) / 303 and (100 + 340) / 303.
  const Eigen::VectorXd output = output_multipliers(l);
  CHECK(output[0] == Approx(460.0 / 303).epsilon(EXACT));
  CHECK(output[1] == Approx(440.0 / 303).epsilon(EXACT));

  // v_j = 1 - column sums = (0.65, 0.70): (0.65 * 380 + 0.70 * 80) / 303 = 303 / 303 and
  // (0.65 * 100 + 0.70 * 340) / 303 = 303 / 303, i.e. v' L = 1' (every unit of final demand
  // becomes one unit of value added when the whole economy is in L).
  Eigen::VectorXd v(2);
  v << 0.65, 0.70;
  const Eigen::VectorXd closed = value_added_multipliers(l, v);
  CHECK(closed[0] == Approx(1.0).epsilon(EXACT));
  CHECK(closed[1] == Approx(1.0).epsilon(EXACT));

  // Any other v: (0.5 * 380 + 0.3 * 80) / 303 = 214 / 303, (0.5 * 100 + 0.3 * 340) / 303 = 152 /
  // 303.
  v << 0.5, 0.3;
  const Eigen::VectorXd open = value_added_multipliers(l, v);
  CHECK(open[0] == Approx(214.0 / 303).epsilon(EXACT));
  CHECK(open[1] == Approx(152.0 / 303).epsilon(EXACT));

  CHECK_THROWS_AS(value_added_multipliers(l, Eigen::VectorXd::Ones(3)), std::invalid_argument);
  CHECK_THROWS_AS(output_multipliers(Eigen::MatrixXd::Ones(2, 3)), std::invalid_argument);
}

TEST_CASE("Leontief inverse of random productive matrices, sizes 3 to 40", "[unit][io-table]") {
  std::mt19937_64 engine(20200101);
  for (Eigen::Index n = 3; n <= 40; ++n) {
    INFO("n = " << n);
    const Eigen::MatrixXd a = random_productive(n, engine);
    const Eigen::MatrixXd l = leontief_inverse(a);
    const Eigen::MatrixXd identity = Eigen::MatrixXd::Identity(n, n);
    // Column sums <= 0.9 bound ||L||_1 by 1 / (1 - 0.9) = 10, so the residual of a backward-stable
    // LU is about n * 10 * 2.2e-16 < 1e-13: 1e-12 is a safe bound that still catches real errors.
    CHECK((l * (identity - a) - identity).cwiseAbs().maxCoeff() < 1e-12);
    // The Neumann series is an independent computation; its rounding grows with the number of
    // terms (at most a few hundred here), hence the looser 1e-10.
    CHECK((l - neumann_series(a)).cwiseAbs().maxCoeff() < 1e-10);
    // A >= 0 productive gives L = sum A^k >= I entrywise, and value-added multipliers of 1 with
    // v = 1 - column sums (the identity of the header, on a larger matrix).
    CHECK((l - identity).minCoeff() >= 0);
    const Eigen::VectorXd v = Eigen::VectorXd::Ones(n) - a.colwise().sum().transpose();
    CHECK((value_added_multipliers(l, v).array() - 1).abs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("Leontief inverse refuses a singular, ill-conditioned or non-finite I - A",
          "[unit][io-table]") {
  // Exactly singular: A = [[0.5, 0.5], [0.5, 0.5]] has eigenvalue 1.
  CHECK_THROWS_AS(leontief_inverse(Eigen::MatrixXd::Constant(2, 2, 0.5)), ModelError);
  // Eigenvalues of A are 1 - 1e-14 and 1e-14: I - A is invertible but has a condition number
  // near 1e14.
  Eigen::MatrixXd near(2, 2);
  near << 0.5, 0.5 - 1e-14, 0.5 - 1e-14, 0.5;
  CHECK_THROWS_WITH(leontief_inverse(near),
                    Catch::StartsWith("I - A is singular or ill-conditioned: reciprocal condition "
                                      "estimate ") &&
                        Catch::EndsWith(" (expected >= 1e-12)"));
  Eigen::MatrixXd with_nan = miller_blair_a();
  with_nan(1, 0) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(leontief_inverse(with_nan), ModelError);
  Eigen::MatrixXd with_inf = miller_blair_a();
  with_inf(0, 1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(leontief_inverse(with_inf), ModelError);
  CHECK_THROWS_AS(leontief_inverse(Eigen::MatrixXd::Zero(2, 3)), std::invalid_argument);
}

TEST_CASE("spectral radius", "[unit][io-table]") {
  // Triangular: the eigenvalues are the diagonal, 0.7 and -0.9.
  Eigen::MatrixXd triangular(2, 2);
  triangular << 0.7, 0.3, 0.0, -0.9;
  CHECK(spectral_radius(triangular) == Approx(0.9).epsilon(1e-14));
  // A rotation by 90 degrees times 0.5 has eigenvalues +-0.5i: the modulus counts, not the real
  // part.
  Eigen::MatrixXd rotation(2, 2);
  rotation << 0.0, -0.5, 0.5, 0.0;
  CHECK(spectral_radius(rotation) == Approx(0.5).epsilon(1e-14));
  // Miller and Blair: the characteristic polynomial l^2 - 0.2 l - 0.0425 has the root
  // (0.2 + sqrt(0.04 + 0.17)) / 2.
  CHECK(spectral_radius(miller_blair_a()) == Approx((0.2 + std::sqrt(0.21)) / 2).epsilon(1e-14));
  CHECK(spectral_radius(Eigen::MatrixXd(0, 0)) == 0.0);
  CHECK_THROWS_AS(spectral_radius(Eigen::MatrixXd::Zero(3, 2)), std::invalid_argument);
}

TEST_CASE("the national 2020 table meets its stated checks", "[unit][io-table]") {
  const NationalTable t = national_table();
  REQUIRE(t.order.size() == 15);
  // checks.spectral_radius_A is given to 4 decimals.
  CHECK(spectral_radius(t.a) == Approx(t.stated_spectral_radius).margin(0.5e-4));
  // checks.column_sum_identity: 1 - sum_i a_ij = v_j for every j, to 1e-3.
  const Eigen::VectorXd gap = Eigen::VectorXd::Ones(15) - t.a.colwise().sum().transpose() - t.v;
  CHECK(gap.cwiseAbs().maxCoeff() <= 1e-3);
  CHECK_FALSE(check_coefficients(t.a).has_value());
  // checks.total_VA_1e8.
  CHECK(t.va.sum() == Approx(1016422).margin(0.5));
}

TEST_CASE("M6: lambda, location quotients and FLQ coefficients by hand", "[unit][io-table]") {
  // log2(1 + 1) = 1, so lambda = 1 for any delta; log2(1 + 3) = 2, so delta 0.5 gives sqrt(2);
  // log2(1 + (2^0.25 - 1)) = 0.25, so delta 0.5 gives 0.5.
  CHECK(flq_lambda(1.0, 0.15) == Approx(1.0).epsilon(1e-15));
  CHECK(flq_lambda(3.0, 0.5) == Approx(std::sqrt(2.0)).epsilon(1e-15));
  CHECK(flq_lambda(std::pow(2.0, 0.25) - 1, 0.5) == Approx(0.5).epsilon(1e-14));
  CHECK_THROWS_AS(flq_lambda(0.0, 0.15), std::invalid_argument);
  CHECK_THROWS_AS(flq_lambda(0.1, -0.1), std::invalid_argument);

  // Regional VA (30, 10): shares (0.75, 0.25); national (50, 50): shares (0.5, 0.5).
  Eigen::VectorXd regional(2), national(2);
  regional << 30, 10;
  national << 50, 50;
  const Eigen::VectorXd slq = simple_location_quotients(regional, national);
  CHECK(slq[0] == Approx(1.5).epsilon(1e-15));
  CHECK(slq[1] == Approx(0.5).epsilon(1e-15));

  // lambda = 0.5: FLQ_11 = FLQ_22 = 0.5; FLQ_12 = (1.5 / 0.5) 0.5 = 1.5, capped at 1;
  // FLQ_21 = (0.5 / 1.5) 0.5 = 1/6.
  const Eigen::MatrixXd ar = flq_regional_coefficients(miller_blair_a(), slq, 0.5);
  CHECK(ar(0, 0) == Approx(0.5 * 0.15).epsilon(1e-15));
  CHECK(ar(0, 1) == Approx(0.25).epsilon(1e-15));  // capped: the full national coefficient
  CHECK(ar(1, 0) == Approx(0.20 / 6).epsilon(1e-15));
  CHECK(ar(1, 1) == Approx(0.5 * 0.05).epsilon(1e-15));

  // A sector absent from the region (SLQ_1 = 0) supplies nothing locally; buying from it is
  // uncapped (SLQ_2 / 0 = inf -> 1).
  regional << 0, 10;
  const Eigen::VectorXd slq_absent = simple_location_quotients(regional, national);
  CHECK(slq_absent[0] == 0.0);
  CHECK(slq_absent[1] == Approx(2.0).epsilon(1e-15));
  const Eigen::MatrixXd ar_absent = flq_regional_coefficients(miller_blair_a(), slq_absent, 0.5);
  CHECK(ar_absent(0, 0) == 0.0);
  CHECK(ar_absent(0, 1) == 0.0);
  CHECK(ar_absent(1, 0) == Approx(0.20).epsilon(1e-15));
  CHECK(ar_absent(1, 1) == Approx(0.5 * 0.05).epsilon(1e-15));

  CHECK_THROWS_AS(simple_location_quotients(regional, Eigen::VectorXd::Ones(3)),
                  std::invalid_argument);
  CHECK_THROWS_AS(simple_location_quotients(regional, Eigen::VectorXd::Zero(2)),
                  std::invalid_argument);
  CHECK_THROWS_AS(flq_regional_coefficients(miller_blair_a(), Eigen::VectorXd::Ones(3), 0.5),
                  std::invalid_argument);
}

TEST_CASE("M7 by hand: one supply sector between two demand sectors", "[unit][io-table]") {
  // Sectors 0 and 2 are demand (D), sector 1 supply (S). Ar_DD = [[0.1, 0.2], [0.2, 0.2]],
  // Ar_DS = [0.3, 0.2]'. det(I - Ar_DD) = 0.9 * 0.8 - 0.2 * 0.2 = 0.68, so
  // L_DD = (1 / 0.68) [[0.8, 0.2], [0.2, 0.9]] = [[20/17, 5/17], [5/17, 45/34]].
  Eigen::MatrixXd ar(3, 3);
  ar << 0.1, 0.3, 0.2,  //
      0.2, 0.1, 0.1,    //
      0.2, 0.2, 0.2;
  const MixedInputOutput mixed(ar, {false, true, false});
  REQUIRE(mixed.supply_count() == 1);
  REQUIRE(mixed.demand_count() == 2);
  CHECK(mixed.supply_sectors() == std::vector<Eigen::Index>{1});
  CHECK(mixed.demand_sectors() == std::vector<Eigen::Index>{0, 2});
  const Eigen::MatrixXd& l = mixed.leontief_dd();
  CHECK(l(0, 0) == Approx(20.0 / 17).epsilon(EXACT));
  CHECK(l(0, 1) == Approx(5.0 / 17).epsilon(EXACT));
  CHECK(l(1, 0) == Approx(5.0 / 17).epsilon(EXACT));
  CHECK(l(1, 1) == Approx(45.0 / 34).epsilon(EXACT));
  CHECK(mixed.ar_ds()(0, 0) == 0.3);
  CHECK(mixed.ar_ds()(1, 0) == 0.2);

  // X_S = 10, f_D = (1, 2): Ar_DS X_S + f_D = (4, 4), X_D = 4 * row sums of L_DD = (100/17,
  // 110/17). Check: (I - Ar_DD) X_D = ((90 - 22) / 17, (-20 + 88) / 17) = (4, 4).
  const Eigen::VectorXd x_supply = Eigen::VectorXd::Constant(1, 10.0);
  Eigen::VectorXd f(2), x_demand(2);
  f << 1, 2;
  mixed.demand_output(x_supply, f, x_demand);
  CHECK(x_demand[0] == Approx(100.0 / 17).epsilon(EXACT));
  CHECK(x_demand[1] == Approx(110.0 / 17).epsilon(EXACT));
  // Base-year calibration inverts it: f_D = (4, 4) - Ar_DS X_S = (1, 2).
  Eigen::VectorXd exact_x(2);
  exact_x << 100.0 / 17, 110.0 / 17;
  const Eigen::VectorXd calibrated = mixed.calibrate_final_demand(x_supply, exact_x);
  CHECK(calibrated[0] == Approx(1.0).epsilon(EXACT));
  CHECK(calibrated[1] == Approx(2.0).epsilon(EXACT));

  Eigen::VectorXd wrong(3);
  CHECK_THROWS_AS(mixed.demand_output(x_supply, f, wrong), std::invalid_argument);
  CHECK_THROWS_AS(mixed.demand_output(x_supply, wrong, x_demand), std::invalid_argument);
  CHECK_THROWS_AS(mixed.demand_output(x_supply, x_demand, x_demand), std::invalid_argument);
  CHECK_THROWS_AS(mixed.calibrate_final_demand(wrong, x_demand), std::invalid_argument);
  CHECK_THROWS_AS(MixedInputOutput(ar, {true, false}), std::invalid_argument);
}

TEST_CASE("M7 edge cases: no demand sectors, and a singular demand block", "[unit][io-table]") {
  const MixedInputOutput all_supply(miller_blair_a(), {true, true});
  CHECK(all_supply.demand_count() == 0);
  Eigen::VectorXd none(0);
  all_supply.demand_output(Eigen::VectorXd::Ones(2), Eigen::VectorXd(0), none);
  CHECK(none.size() == 0);

  // The demand block {0, 1} of this matrix has eigenvalue 1 (I - Ar_DD singular).
  Eigen::MatrixXd ar = Eigen::MatrixXd::Zero(3, 3);
  ar.topLeftCorner(2, 2).setConstant(0.5);
  CHECK_THROWS_WITH(MixedInputOutput(ar, {false, false, true}),
                    Catch::StartsWith("I - Ar_DD (demand sectors, M7) is singular"));
}

TEST_CASE("M7 calibration reproduces base output on random productive matrices",
          "[unit][io-table]") {
  std::mt19937_64 engine(7);
  for (Eigen::Index n = 3; n <= 20; ++n) {
    INFO("n = " << n);
    const Eigen::MatrixXd ar = random_productive(n, engine);
    std::vector<bool> is_supply(static_cast<std::size_t>(n));
    for (auto&& flag : is_supply)
      flag = (engine() & 1) == 1;
    const MixedInputOutput mixed(ar, is_supply);
    const Eigen::VectorXd x_supply = Eigen::VectorXd::LinSpaced(mixed.supply_count(), 1, 50);
    const Eigen::VectorXd x_base = Eigen::VectorXd::LinSpaced(mixed.demand_count(), 80, 3);
    const Eigen::VectorXd f = mixed.calibrate_final_demand(x_supply, x_base);
    Eigen::VectorXd x(mixed.demand_count());
    mixed.demand_output(x_supply, f, x);
    // Relative error about cond(I - Ar_DD) * 2.2e-16 <= 10 * 2.2e-16 (column sums <= 0.9).
    CHECK(((x - x_base).array() / x_base.array()).abs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("MODEL.md section 8: the default Luolong calibration at delta = 0.15",
          "[unit][io-table]") {
  const NationalTable t = national_table();
  // 2020 VA shares of MODEL.md section 1, in the JSON's order.
  Eigen::VectorXd share(15);
  share << 0.009, 0.05, 0.08, 0.12, 0.012, 0.045, 0.025, 0.04, 0.04, 0.02, 0.048, 0.085, 0.03, 0.13,
      0.266;
  REQUIRE(share.sum() == Approx(1.0).epsilon(1e-12));
  const double gdp_region = 451.9;  // 亿元
  const Eigen::VectorXd va = share * gdp_region;
  const Eigen::VectorXd x = va.cwiseQuotient(t.v);  // X_j = VA_j / v_j (section 4)

  // "base-year gross output X_j = VA_j / v_j is about: EQP 97, MAT 45, BIGDATA 49, BIO 19, TOUR 53"
  CHECK(x[sector(t, "EQP")] == Approx(97).margin(0.5));
  CHECK(x[sector(t, "MAT")] == Approx(45).margin(0.5));
  CHECK(x[sector(t, "BIGDATA")] == Approx(49).margin(0.5));
  CHECK(x[sector(t, "BIO")] == Approx(19).margin(0.5));
  CHECK(x[sector(t, "TOUR")] == Approx(53).margin(0.5));

  // M6 with GDP_nation = total national VA.
  const double lambda = flq_lambda(gdp_region / t.va.sum(), 0.15);
  const Eigen::MatrixXd ar =
      flq_regional_coefficients(t.a, simple_location_quotients(va, t.va), lambda);
  CHECK_FALSE(check_coefficients(ar).has_value());

  // Column sums of the full regional L = (I - Ar)^-1, computed here (lambda = 0.3319): 1.0654
  // (TOUR) to 1.4865 (OTHIND; also AGR 1.325, TRANS 1.319, EQP 1.308). This pins those values to 3
  // decimals; it is not MODEL.md's "1.04-1.16", which is the range of the demand block's L_DD
  // below, not of the full L.
  const Eigen::VectorXd column_sums = output_multipliers(leontief_inverse(ar));
  INFO("regional Leontief column sums: " << column_sums.transpose());
  CHECK(column_sums.minCoeff() == Approx(1.0654).margin(0.0005));
  CHECK(column_sums.maxCoeff() == Approx(1.4865).margin(0.0005));
  CHECK(column_sums[sector(t, "TOUR")] == column_sums.minCoeff());
  CHECK(column_sums[sector(t, "OTHIND")] == column_sums.maxCoeff());

  // "regional final demand f_D solved from M7 is positive for every demand sector".
  std::vector<bool> is_supply(15, true);
  for (const char* code : {"TRADE", "TOUR", "CUL", "CON", "TRANS", "RE", "OSERV"}) {
    is_supply[static_cast<std::size_t>(sector(t, code))] = false;
  }
  const MixedInputOutput mixed(ar, is_supply);
  // "the regional Leontief column sums are 1.04-1.16": true of L_DD (1.0399 to 1.1579), to two
  // decimals.
  const Eigen::VectorXd demand_sums = output_multipliers(mixed.leontief_dd());
  INFO("L_DD column sums: " << demand_sums.transpose());
  CHECK(demand_sums.minCoeff() == Approx(1.04).margin(0.005));
  CHECK(demand_sums.maxCoeff() == Approx(1.16).margin(0.005));

  Eigen::VectorXd x_supply(mixed.supply_count()), x_demand(mixed.demand_count());
  for (Eigen::Index k = 0; k < mixed.supply_count(); ++k) {
    x_supply[k] = x[mixed.supply_sectors()[static_cast<std::size_t>(k)]];
  }
  for (Eigen::Index k = 0; k < mixed.demand_count(); ++k) {
    x_demand[k] = x[mixed.demand_sectors()[static_cast<std::size_t>(k)]];
  }
  const Eigen::VectorXd f = mixed.calibrate_final_demand(x_supply, x_demand);
  // Computed: 69.95, 43.63, 21.10, 149.97, 26.60, 69.19, 217.53 亿元 (0.75 to 0.98 of X_D).
  INFO("f_D (TRADE, TOUR, CUL, CON, TRANS, RE, OSERV): " << f.transpose());
  CHECK(f.minCoeff() > 0);

  // And the calibrated f_D reproduces base output (M7 round trip), 1e-12 relative.
  Eigen::VectorXd solved(mixed.demand_count());
  mixed.demand_output(x_supply, f, solved);
  CHECK(((solved - x_demand).array() / x_demand.array()).abs().maxCoeff() < 1e-12);
}

TEST_CASE("check_coefficients: each problem, where it is and its message", "[unit][io-table]") {
  using Kind = CoefficientProblem::Kind;
  CHECK_FALSE(check_coefficients(miller_blair_a()).has_value());

  // A non-finite entry is reported first, even after a negative one in row-major order.
  Eigen::MatrixXd a(2, 2);
  a << 0.1, -0.2, std::numeric_limits<double>::quiet_NaN(), 0.1;
  auto p = check_coefficients(a);
  REQUIRE(p.has_value());
  CHECK(p->kind == Kind::NotFinite);
  CHECK(p->row == 1);
  CHECK(p->column == 0);
  CHECK(std::isnan(p->value));
  CHECK(p->message() == "row 2, column 1: coefficient nan is not a finite number");

  // The first negative entry in row-major order: row 2, column 3 before row 3, column 1.
  Eigen::MatrixXd b(3, 3);
  b << 0.1, 0.2, 0.0,   //
      0.0, 0.1, -0.01,  //
      -0.5, 0.0, 0.0;
  p = check_coefficients(b);
  REQUIRE(p.has_value());
  CHECK(p->kind == Kind::Negative);
  CHECK(p->row == 1);
  CHECK(p->column == 2);
  CHECK(p->value == -0.01);
  CHECK(p->message() == "row 2, column 3: coefficient -0.01 is negative (expected a_ij >= 0)");

  // Upper triangular: eigenvalues 1.25 and 0.5 exactly; column 1 also sums to 1.25 but the radius
  // is reported.
  Eigen::MatrixXd c(2, 2);
  c << 1.25, 0.5, 0.0, 0.5;
  p = check_coefficients(c);
  REQUIRE(p.has_value());
  CHECK(p->kind == Kind::NotProductive);
  CHECK(p->value == 1.25);
  CHECK(p->message() ==
        "spectral radius of A is 1.25 (expected < 1: a productive economy, Hawkins-Simon)");

  // Radius sqrt(0.15) < 1 but column 2 sums to 1.5.
  Eigen::MatrixXd d(2, 2);
  d << 0.0, 1.5, 0.1, 0.0;
  p = check_coefficients(d);
  REQUIRE(p.has_value());
  CHECK(p->kind == Kind::ColumnSum);
  CHECK(p->column == 1);
  CHECK(p->value == 1.5);
  CHECK(p->message() ==
        "column 2: coefficients sum to 1.5 (expected < 1, so that value added v_j = 1 - sum_i "
        "a_ij is positive)");
  // A column sum of exactly 1 (0.75 + 0.25) is refused too; the radius is about 0.43.
  d << 0.0, 0.75, 0.1, 0.25;
  p = check_coefficients(d);
  REQUIRE(p.has_value());
  CHECK(p->kind == Kind::ColumnSum);
  CHECK(p->value == 1.0);

  // Radius and column sums 1 - 1e-14 pass, but I - A has condition number near 1e14.
  Eigen::MatrixXd e(2, 2);
  e << 0.5, 0.5 - 1e-14, 0.5 - 1e-14, 0.5;
  p = check_coefficients(e);
  REQUIRE(p.has_value());
  CHECK(p->kind == Kind::IllConditioned);
  CHECK(p->value > 0);
  CHECK(p->value < 1e-12);
  CHECK_THAT(p->message(), Catch::StartsWith("I - A is singular or ill-conditioned"));

  CHECK_THROWS_AS(check_coefficients(Eigen::MatrixXd::Zero(2, 3)), std::invalid_argument);
}
