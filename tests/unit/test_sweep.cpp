// Sweep designs and the Sobol index estimator.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "regiosim/sweep.hpp"

using namespace regiosim;

TEST_CASE("Sobol points equal the published sequence", "[sweep]") {
  const DesignMatrix x = sobol_points(8, 2);
  const double first[] = {0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875};
  const double second[] = {0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125};
  for (std::size_t i = 0; i < 8; ++i) {
    CHECK(x[i][0] == first[i]);
    CHECK(x[i][1] == second[i]);
  }
}

TEST_CASE("Sobol points are balanced in every embedded dimension", "[sweep]") {
  // The first 2^k points (with the skipped zero point) hold one point in each dyadic interval of
  // length 2^-k in every dimension: a check on each dimension's direction numbers.
  const int d = sobol_max_dimensions();
  const DesignMatrix x = sobol_points(63, d);
  for (int k = 0; k < d; ++k) {
    std::set<int> cells{0};
    for (const auto& row : x)
      cells.insert(static_cast<int>(row[static_cast<std::size_t>(k)] * 64));
    CHECK(cells.size() == 64);
  }
}

TEST_CASE("A Latin hypercube has one point per stratum in each dimension", "[sweep]") {
  const std::uint64_t n = 37;
  const DesignMatrix x = latin_hypercube(n, 4, 11);
  REQUIRE(x.size() == n);
  for (std::size_t k = 0; k < 4; ++k) {
    std::set<std::uint64_t> strata;
    for (const auto& row : x) {
      REQUIRE(row[k] >= 0.0);
      REQUIRE(row[k] < 1.0);
      strata.insert(static_cast<std::uint64_t>(row[k] * static_cast<double>(n)));
    }
    CHECK(strata.size() == n);
  }
  CHECK(latin_hypercube(n, 4, 12) != x);
}

TEST_CASE("A grid is the full factorial of the levels", "[sweep]") {
  const DesignMatrix x = full_factorial({{1, 2}, {10, 20, 30}});
  const DesignMatrix expected = {{1, 10}, {1, 20}, {1, 30}, {2, 10}, {2, 20}, {2, 30}};
  CHECK(x == expected);
}

TEST_CASE("Sobol indices of the Ishigami function", "[sweep]") {
  // Ishigami with a = 7, b = 0.1 on [-pi, pi]^3: analytic indices (Saltelli et al. 2008, 4.3).
  const std::uint64_t n = 8192;
  const DesignMatrix x = saltelli_design(n, 3);
  REQUIRE(x.size() == n * 5);
  std::vector<double> y;
  for (const auto& u : x) {
    const double x1 = M_PI * (2 * u[0] - 1);
    const double x2 = M_PI * (2 * u[1] - 1);
    const double x3 = M_PI * (2 * u[2] - 1);
    y.push_back(std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) +
                0.1 * std::pow(x3, 4) * std::sin(x1));
  }
  const SobolIndices s = sobol_indices(y, n, 3, 200, 5);
  const double first[] = {0.3139, 0.4424, 0.0};
  const double total[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("parameter " << i);
    CHECK(s.first_lo[i] <= s.first[i]);
    CHECK(s.first[i] <= s.first_hi[i]);
    CHECK(s.total_lo[i] <= s.total[i]);
    CHECK(s.total[i] <= s.total_hi[i]);
    // The 95 % interval is about 4 standard errors wide: the truth must lie within one width.
    CHECK(std::abs(s.first[i] - first[i]) <= s.first_hi[i] - s.first_lo[i]);
    CHECK(std::abs(s.total[i] - total[i]) <= s.total_hi[i] - s.total_lo[i]);
    CHECK(s.first_hi[i] - s.first_lo[i] < 0.1);
    CHECK(s.total_hi[i] - s.total_lo[i] < 0.1);
  }
}

TEST_CASE("Morris trajectories move one coordinate by delta at a time, each once", "[sweep]") {
  const int d = 3;
  const int p = 4;
  const std::uint64_t r = 50;
  const DesignMatrix x = morris_design(r, d, p, 7);
  REQUIRE(x.size() == r * (d + 1));
  const double delta = p / (2.0 * (p - 1));  // 2/3
  for (std::uint64_t t = 0; t < r; ++t) {
    std::set<std::size_t> moved;
    for (int s = 0; s <= d; ++s) {
      const auto& row = x[t * (d + 1) + static_cast<std::uint64_t>(s)];
      for (double v : row) {
        // On the grid {0, 1/3, 2/3, 1}.
        CHECK(std::abs(v * (p - 1) - std::round(v * (p - 1))) < 1e-12);
        CHECK(v >= 0.0);
        CHECK(v <= 1.0);
      }
      if (s == 0) continue;
      const auto& before = x[t * (d + 1) + static_cast<std::uint64_t>(s) - 1];
      int changed = 0;
      for (std::size_t k = 0; k < static_cast<std::size_t>(d); ++k) {
        if (row[k] != before[k]) {
          ++changed;
          moved.insert(k);
          CHECK(std::abs(std::abs(row[k] - before[k]) - delta) < 1e-12);
        }
      }
      CHECK(changed == 1);
    }
    CHECK(moved.size() == static_cast<std::size_t>(d));
  }
  CHECK(morris_design(r, d, p, 7) == x);
  CHECK(morris_design(r, d, p, 8) != x);
}

TEST_CASE("Morris statistics of a hand-computed design", "[sweep]") {
  // p = 4 (delta = 2/3), d = 2, y = x1 x2 + x2. Trajectory 1: (0,0) -> (2/3,0) -> (2/3,2/3):
  // EE1 = (0 - 0) / (2/3) = 0, EE2 = (10/9 - 0) / (2/3) = 5/3. Trajectory 2: (1,1/3) -> (1,1) ->
  // (1/3,1): EE2 = (2 - 2/3) / (2/3) = 2, EE1 = (4/3 - 2) / (1/3 - 1) = 1.
  const DesignMatrix x = {{0, 0},         {2.0 / 3, 0}, {2.0 / 3, 2.0 / 3},
                          {1, 1.0 / 3.0}, {1, 1},       {1.0 / 3, 1}};
  std::vector<double> y;
  for (const auto& row : x)
    y.push_back(row[0] * row[1] + row[1]);
  const MorrisIndices m = morris_indices(x, y, 2);
  CHECK(m.mu_star[0] == Approx(0.5).epsilon(1e-12));
  CHECK(m.mu[0] == Approx(0.5).epsilon(1e-12));
  CHECK(m.sigma[0] == Approx(std::sqrt(0.5)).epsilon(1e-12));  // sd of {0, 1}
  CHECK(m.mu_star[1] == Approx(11.0 / 6).epsilon(1e-12));
  CHECK(m.mu[1] == Approx(11.0 / 6).epsilon(1e-12));
  CHECK(m.sigma[1] == Approx((1.0 / 3) / std::sqrt(2.0)).epsilon(1e-12));  // sd of {5/3, 2}
}

TEST_CASE("Morris statistics of a linear function are its coefficients", "[sweep]") {
  // y = 3 x1 - 2 x2 (x3 unused): every elementary effect is the coefficient, so mu* = |a|,
  // mu = a and sigma = 0, whatever the trajectories.
  const DesignMatrix x = morris_design(20, 3, 6, 3);
  std::vector<double> y;
  for (const auto& row : x)
    y.push_back(3 * row[0] - 2 * row[1]);
  const MorrisIndices m = morris_indices(x, y, 3);
  const double a[] = {3, -2, 0};
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(m.mu[k] == Approx(a[k]).margin(1e-12));
    CHECK(m.mu_star[k] == Approx(std::abs(a[k])).margin(1e-12));
    CHECK(m.sigma[k] == Approx(0).margin(1e-12));
  }
}
