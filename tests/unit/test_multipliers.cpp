// Type II multipliers (engine/include/regiosim/multipliers.hpp: the regional table Ar of M6 closed
// with households, M10): a two-sector closed-household example by hand in exact fractions, the
// household row and column built from tests/scenarios/tiny.yaml by hand, Type II against Type I on
// the default scenario, and the error when households' spending feeds on itself.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "regiosim/error.hpp"
#include "regiosim/input_output.hpp"
#include "regiosim/multipliers.hpp"
#include "support/tiny_scenario.hpp"

using namespace regiosim;

namespace {

const std::string DEFAULT_SCENARIO = REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml";

// I - Abar is well conditioned in every example here (condition number below 10), so the LU
// inverse is exact to a few units in the last place.
constexpr double EXACT = 1e-12;

Eigen::VectorXd vector2(double a, double b) {
  Eigen::VectorXd v(2);
  v << a, b;
  return v;
}

// tiny.yaml with D1's final demand driven in part by household consumption (M7), so the closure has
// a household column.
const std::vector<std::string> TINY_HOUSEHOLD_DRIVER = {
    "input_output.final_demand.D1.tourist_spending=0.1",
    "input_output.final_demand.D1.household_consumption=0.1"};

}  // namespace

// The textbook closed model (Miller and Blair, Input-Output Analysis, 2nd ed., section 2.5: the
// technical coefficients with a household row of labour income and a household column of
// consumption), on their section 2.3 table A = [[0.15, 0.25], [0.20, 0.05]] (test_input_output.cpp:
// L = (I - A)^-1 = (1 / 303) [[380, 100], [80, 340]]) with households of our own, built as
// multipliers.hpp builds them:
//   v = 1 - column sums = (0.65, 0.70); alpha = (0.5, 0.5), tau_H = 0.2:
//     h = 0.8 * 0.5 * v = (0.26, 0.28);
//   c = 0.5 spent half on each sector: c = (0.25, 0.25).
// By hand, with the partitioned inverse (Miyazawa): h' L = (1 / 303) (0.26 * 380 + 0.28 * 80,
// 0.26 * 100 + 0.28 * 340) = (121.2, 121.2) / 303 = (0.4, 0.4); L c = (1 / 303) (120, 105);
// h' L c = 0.4 * 0.25 * 2 = 0.2, so s = 1 - h' L c = 0.8 and det(I - Abar) = det(I - A) s =
// (303 / 400) 0.8 = 303 / 500. Then
//   Lbar_hh = 1 / s = 5 / 4,   household row h' L / s = (1 / 2, 1 / 2),
//   household column L c / s = (150 / 303, 131.25 / 303) = (50 / 101, 175 / 404),
//   sector block L + (L c)(h' L) / s = L + (1 / 303) [[60, 60], [52.5, 52.5]]
//     = [[440 / 303, 160 / 303], [265 / 606, 785 / 606]].
// Check: row 1 of Lbar times column 1 of I - Abar = (440 * 0.85 - 160 * 0.20) / 303 - (50 / 101)
// 0.26 = (374 - 32 - 39) / 303 = 1.
TEST_CASE("Type II inverse of a two-sector closed-household example, in exact fractions",
          "[unit][multipliers]") {
  Eigen::MatrixXd a(2, 2);
  a << 0.15, 0.25, 0.20, 0.05;
  const HouseholdClosure households{vector2(0.26, 0.28), vector2(0.25, 0.25)};
  // e = (2, 5) persons per unit of gross output; tau = (0.1, 0.2), so tau v = (0.065, 0.14).
  const RegionalMultipliers m =
      regional_multipliers(a, households, vector2(0.65, 0.70), vector2(2, 5), vector2(0.1, 0.2));
  Eigen::MatrixXd expected(3, 3);
  expected << 440.0 / 303, 160.0 / 303, 50.0 / 101,  //
      265.0 / 606, 785.0 / 606, 175.0 / 404,         //
      0.5, 0.5, 1.25;
  REQUIRE(m.closed.rows() == 3);
  REQUIRE(m.closed.cols() == 3);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j)
      CHECK(m.closed(i, j) == Approx(expected(i, j)).epsilon(EXACT));
  }
  CHECK(m.radius_closed < 1);

  // Output: Type I column sums of L (460, 440) / 303; Type II of the sector block,
  // (440 + 132.5, 160 + 392.5) / 303 = (1145, 1105) / 606; ratio 229 / 184 and 221 / 176.
  CHECK(m.output_i[0] == Approx(460.0 / 303).epsilon(EXACT));
  CHECK(m.output_i[1] == Approx(440.0 / 303).epsilon(EXACT));
  CHECK(m.output_ii[0] == Approx(1145.0 / 606).epsilon(EXACT));
  CHECK(m.output_ii[1] == Approx(1105.0 / 606).epsilon(EXACT));
  CHECK(m.output_ii[0] / m.output_i[0] == Approx(229.0 / 184).epsilon(EXACT));
  // Value added: v = 1 - column sums makes v' L = 1' (input_output.hpp); v' of the sector block
  // is 1' + (1' c)(h' L) / s = 1 + 0.5 * 0.4 / 0.8 = 5 / 4 for both sectors.
  CHECK(m.value_added_i[0] == Approx(1.0).epsilon(EXACT));
  CHECK(m.value_added_i[1] == Approx(1.0).epsilon(EXACT));
  CHECK(m.value_added_ii[0] == Approx(1.25).epsilon(EXACT));
  CHECK(m.value_added_ii[1] == Approx(1.25).epsilon(EXACT));
  // Employment: e' L = (2 * 380 + 5 * 80, 2 * 100 + 5 * 340) / 303 = (1160, 1900) / 303;
  // Type II (2 * 880 + 5 * 265, 2 * 320 + 5 * 785) / 606 = (3085, 4565) / 606.
  CHECK(m.employment_i[0] == Approx(1160.0 / 303).epsilon(EXACT));
  CHECK(m.employment_i[1] == Approx(1900.0 / 303).epsilon(EXACT));
  CHECK(m.employment_ii[0] == Approx(3085.0 / 606).epsilon(EXACT));
  CHECK(m.employment_ii[1] == Approx(4565.0 / 606).epsilon(EXACT));
  // Revenue (tax base): (0.065 * 380 + 0.14 * 80, 0.065 * 100 + 0.14 * 340) / 303 =
  // (35.9, 54.1) / 303; Type II (0.065 * 880 + 0.14 * 265, 0.065 * 320 + 0.14 * 785) / 606 =
  // (94.3, 130.7) / 606.
  CHECK(m.revenue_i[0] == Approx(35.9 / 303).epsilon(EXACT));
  CHECK(m.revenue_i[1] == Approx(54.1 / 303).epsilon(EXACT));
  CHECK(m.revenue_ii[0] == Approx(94.3 / 606).epsilon(EXACT));
  CHECK(m.revenue_ii[1] == Approx(130.7 / 606).epsilon(EXACT));
}

// tiny.yaml: tau_H = 0.1; S1 alpha 0.5, v 0.3; D1 alpha 0.3, v 0.5, the only demand sector, so
// all regional household spending goes to it: c = (0, c) with c = 0.5.
TEST_CASE("household row and column from the scenario, by hand on tiny.yaml",
          "[unit][multipliers]") {
  const MultiplierReport report = multiplier_report(test::tiny_scenario(TINY_HOUSEHOLD_DRIVER));
  REQUIRE(report.sectors.size() == 2);
  const MultiplierSector& s1 = report.sectors[0];
  const MultiplierSector& d1 = report.sectors[1];
  CHECK(s1.household_income == Approx(0.9 * 0.5 * 0.3).epsilon(EXACT));
  CHECK(d1.household_income == Approx(0.9 * 0.7 * 0.5).epsilon(EXACT));
  CHECK(s1.household_spending == 0);
  CHECK(d1.household_spending == Approx(0.5).epsilon(EXACT));
  CHECK(report.propensity_to_consume == 0.5);
  CHECK(report.income_tax_rate == 0.1);
  // e_j = L_j,2020 / X_j,2020 from the calibrated base year (M9, M7).
  const Model model(test::tiny_scenario(TINY_HOUSEHOLD_DRIVER));
  for (int j = 0; j < 2; ++j) {
    CHECK(report.sectors[static_cast<std::size_t>(j)].employment_per_output ==
          Approx(model.base().employment[j] / model.base().gross_output[j]).epsilon(EXACT));
  }

  // Without a household-consumption driver households buy nothing in the region: c = 0 and
  // Type II equals Type I.
  const MultiplierReport open = multiplier_report(test::tiny_scenario());
  for (const MultiplierSector& s : open.sectors) {
    CHECK(s.household_spending == 0);
    CHECK(s.output_type_ii == Approx(s.output_regional).epsilon(EXACT));
    CHECK(s.employment_type_ii == Approx(s.employment_type_i).epsilon(EXACT));
    CHECK(s.output_ratio == Approx(1.0).epsilon(EXACT));
  }
}

TEST_CASE("Type II multipliers exceed Type I in every sector of the default scenario",
          "[unit][multipliers]") {
  const ScenarioSpec spec = load_scenario(DEFAULT_SCENARIO);
  const MultiplierReport report = multiplier_report(spec);
  const auto n = static_cast<Eigen::Index>(report.sectors.size());
  REQUIRE(n == 15);
  REQUIRE(report.leontief_closed.rows() == n + 1);
  CHECK(report.radius_closed < 1);
  CHECK(report.radius_closed > report.radius_regional);

  // Every sector pays labour income (h_j > 0) and households spend c in the region, so the
  // induced round adds to every column: strictly more than Type I.
  Eigen::VectorXd income(n), spending(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const MultiplierSector& s = report.sectors[static_cast<std::size_t>(j)];
    INFO(s.code);
    CHECK(s.household_income > 0);
    CHECK(s.output_type_ii > s.output_regional);
    CHECK(s.output_ratio == Approx(s.output_type_ii / s.output_regional).epsilon(EXACT));
    CHECK(s.value_added_type_ii > s.value_added_regional);
    CHECK(s.employment_type_ii > s.employment_type_i);
    CHECK(s.revenue_type_ii > s.revenue_type_i);
    bool household_driver = false;
    for (const DemandWeight& w : spec.input_output.drivers[static_cast<std::size_t>(j)])
      household_driver |= w.driver == DemandDriver::HouseholdConsumption;
    CHECK(household_driver == (s.household_spending > 0));
    income[j] = s.household_income;
    spending[j] = s.household_spending;
  }
  CHECK(spending.sum() == Approx(spec.income.propensity_to_consume).epsilon(EXACT));

  // Independently of the LU inverse, the partitioned inverse: Lbar's household row is
  // h' Lr / (1 - h' Lr c) and its corner 1 / (1 - h' Lr c).
  const Eigen::MatrixXd& lr = report.leontief_regional;
  const double s = 1.0 - income.dot(lr * spending);
  const Eigen::RowVectorXd household_row = income.transpose() * lr / s;
  for (Eigen::Index j = 0; j < n; ++j)
    CHECK(report.leontief_closed(n, j) == Approx(household_row[j]).epsilon(EXACT));
  CHECK(report.leontief_closed(n, n) == Approx(1.0 / s).epsilon(EXACT));
}

TEST_CASE("a closed system whose households spend more than they earn is refused",
          "[unit][multipliers]") {
  // h' L c = 0.4 * (c1 + c2) with the example's h' L = (0.4, 0.4): c = (1.25, 1.25) gives exactly
  // 1 (no inverse); (1.5, 1.5) gives 1.2 and spectral radius > 1.
  Eigen::MatrixXd a(2, 2);
  a << 0.15, 0.25, 0.20, 0.05;
  const HouseholdClosure households{vector2(0.26, 0.28), vector2(1.5, 1.5)};
  CHECK_THROWS_AS(
      regional_multipliers(a, households, vector2(0.65, 0.70), vector2(2, 5), vector2(0.1, 0.2)),
      ModelError);
  CHECK_THROWS_WITH(
      regional_multipliers(a, households, vector2(0.65, 0.70), vector2(2, 5), vector2(0.1, 0.2)),
      Catch::Matchers::Contains("h' Lr c = 1.2 units"));

  // Through the report, from a scenario that loads (v within va_ratio_tolerance of 1 - the column
  // sums): flq_delta 0 and SLQ 1 give Ar = A = [[0.4, 0.2], [0.3, 0.3]]; S1's v 0.5 (column sum
  // 0.7), no capital income and no income tax make h = (0.5, 0.5) and every household unit is
  // spent on D1 (c = 1). Abar's columns sum to 1.2, 1 and 1 and it is irreducible, so its radius
  // is above 1.
  std::vector<std::string> overrides = TINY_HOUSEHOLD_DRIVER;
  for (const char* o :
       {"input_output.flq_delta=0", "input_output.va_ratio_tolerance=0.25",
        "sectors.S1.va_ratio=0.5", "sectors.S1.capital_share=0", "sectors.D1.capital_share=0",
        "income.tax_rate=0", "income.propensity_to_consume=1"})
    overrides.emplace_back(o);
  try {
    multiplier_report(test::tiny_scenario(overrides));
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(e.key_path() == "income.propensity_to_consume");
    CHECK_THAT(e.message(), Catch::Matchers::Contains("not productive: spectral radius 1."));
  }
}
