// Every function of the year step (engine/src/model/year_blocks.hpp) against a hand computation:
// small explicit inputs, state filled by hand, and the expected values written out as the
// equations of ../shared/model/MODEL.md (M1-M13, J1-J3) as revised in docs/model.md. Matrices that
// a block takes from the Model (L_DD, Ar_DS, the correlation factor, the TFP drift path) are read
// from it; the block's own arithmetic is done here.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "model/year_blocks.hpp"
#include "regiosim/error.hpp"
#include "regiosim/model.hpp"
#include "regiosim/random_stream.hpp"
#include "run/distributions.hpp"
#include "support/tiny_scenario.hpp"

using namespace regiosim;
using namespace regiosim::blocks;

namespace {

constexpr double REL = 1e-12;
constexpr std::uint64_t SEED = 20240611;

double& macro(Innovations& z, Macro m) {
  return z.macro[static_cast<int>(m)];
}

// Innovations sized for G groups, N sectors and B blocks, every entry 0.
Innovations sized_innovations(int groups, int sectors, int blocks) {
  Innovations z;
  z.group = Eigen::VectorXd::Zero(groups);
  z.sector = Eigen::VectorXd::Zero(sectors);
  z.price = Eigen::VectorXd::Zero(sectors);
  z.block = Eigen::VectorXd::Zero(blocks);
  return z;
}

// Innovations for tiny.yaml (1 group, 2 sectors, 1 block) with f_t and one macro block's own
// innovation set, every other entry 0.
Innovations macro_innovations(Macro m, double regional, double own) {
  Innovations z = sized_innovations(1, 2, 1);
  z.regional = regional;
  macro(z, m) = own;
  return z;
}

// tiny.yaml with two FAI blocks: "all" (tiny's block, now with a shock and a policy reaction) and
// a real-estate block "re" that invests in D1 only, J2's block.
std::vector<std::string> two_blocks(std::vector<std::string> more = {}) {
  std::vector<std::string> overrides = {
      "investment.blocks=[{name: all, base_share: 0.6, growth_mean: 0.07, persistence: 0.3, "
      "volatility: 0.02, policy_reaction: 0.5, allocation: {S1: 0.5, D1: 0.5}}, {name: re, "
      "base_share: 0.4, growth_mean: 0.05, persistence: 0.2, volatility: 0.03, policy_reaction: 0, "
      "allocation: {S1: 0, D1: 1}}]",
      "investment.public_capital_block=all",
      "shocks.property_bust.block=re",
      "shocks.property_bust.drop_mean=0.1",
      "shocks.property_bust.drop_sd=0.04",
      "investment.shock_loading=0.4"};
  overrides.insert(overrides.end(), more.begin(), more.end());
  return overrides;
}

}  // namespace

// ---- M1 ----

TEST_CASE("InnovationLayout: regional 0, groups, sectors, macro blocks, FAI blocks last",
          "[unit][blocks]") {
  const Model model(test::tiny_scenario());
  REQUIRE(model.groups() == 1);
  REQUIRE(model.sectors() == 2);
  REQUIRE(model.blocks() == 1);
  const InnovationLayout layout(model.groups(), model.sectors(), model.blocks());
  CHECK(InnovationLayout::regional() == 0);
  CHECK(layout.group(0) == 1);   // 1 + g
  CHECK(layout.sector(0) == 2);  // 1 + G + j
  CHECK(layout.sector(1) == 3);
  CHECK(layout.macro(Macro::Inflation) == 4);  // 1 + G + N + k, in Macro order
  CHECK(layout.macro(Macro::Migration) == 5);
  CHECK(layout.macro(Macro::Income) == 6);
  CHECK(layout.macro(Macro::Retail) == 7);
  CHECK(layout.macro(Macro::Revenue) == 8);
  CHECK(layout.macro(Macro::Visits) == 9);
  CHECK(layout.block(0) == 10);  // 1 + G + N + 6 + b
  CHECK(layout.count() == 1 + 1 + 2 + 6 + 1);

  // The default scenario's dimensions: 3 groups, 13 sectors, 5 blocks.
  const InnovationLayout big(3, 13, 5);
  CHECK(big.group(2) == 3);
  CHECK(big.sector(0) == 4);
  CHECK(big.sector(12) == 16);
  CHECK(big.macro(Macro::Inflation) == 17);
  CHECK(big.macro(Macro::Visits) == 22);
  CHECK(big.block(0) == 23);
  CHECK(big.block(4) == 27);
  CHECK(big.count() == 1 + 3 + 13 + 6 + 5);
}

TEST_CASE("loaded: b f + sqrt(1 - b^2) own", "[unit][blocks]") {
  // MODEL.md section 2: a macro innovation with loading b on f_t, unit variance.
  CHECK(loaded(0.6, 0.5, -1.2) == Approx(0.6 * 0.5 + 0.8 * -1.2).epsilon(REL));
  CHECK(loaded(0.0, 3.0, 0.7) == Approx(0.7).epsilon(REL));
  CHECK(loaded(1.0, 0.9, 5.0) == Approx(0.9).epsilon(REL));
}

TEST_CASE("draw_innovations, normal: each innovation is its stream's normal at year t",
          "[unit][blocks]") {
  const ScenarioSpec s = test::tiny_scenario();
  const InnovationLayout layout(1, 2, 1);
  const RandomStream rng(SEED, 3);
  Innovations z = sized_innovations(1, 2, 1);
  draw_innovations(s, layout, rng, 2, 2022, z);
  // M1: f_t at index t, h_{g,t} at t G + g, e_{j,t} and eta_{j,t} at t N + j, eps_{b,t} at t B + b.
  CHECK(z.regional == Approx(rng.normal(Stream::RegionalFactor, 2)).epsilon(REL));
  CHECK(z.group[0] == Approx(rng.normal(Stream::GroupFactor, 2 * 1 + 0)).epsilon(REL));
  CHECK(z.sector[0] == Approx(rng.normal(Stream::SectorShock, 2 * 2 + 0)).epsilon(REL));
  CHECK(z.sector[1] == Approx(rng.normal(Stream::SectorShock, 2 * 2 + 1)).epsilon(REL));
  CHECK(z.price[0] == Approx(rng.normal(Stream::SectorPrice, 2 * 2 + 0)).epsilon(REL));
  CHECK(z.price[1] == Approx(rng.normal(Stream::SectorPrice, 2 * 2 + 1)).epsilon(REL));
  CHECK(z.block[0] == Approx(rng.normal(Stream::Investment, 2 * 1 + 0)).epsilon(REL));
  CHECK(z.investment_price == Approx(rng.normal(Stream::InvestmentPrice, 2)).epsilon(REL));
  CHECK(z.rd == Approx(rng.normal(Stream::RdIntensity, 2)).epsilon(REL));
  CHECK(z.own(Macro::Inflation) == Approx(rng.normal(Stream::Inflation, 2)).epsilon(REL));
  CHECK(z.own(Macro::Migration) == Approx(rng.normal(Stream::Migration, 2)).epsilon(REL));
  CHECK(z.own(Macro::Income) == Approx(rng.normal(Stream::Income, 2)).epsilon(REL));
  CHECK(z.own(Macro::Retail) == Approx(rng.normal(Stream::Retail, 2)).epsilon(REL));
  CHECK(z.own(Macro::Revenue) == Approx(rng.normal(Stream::Revenue, 2)).epsilon(REL));
  CHECK(z.own(Macro::Visits) == Approx(rng.normal(Stream::TouristVisits, 2)).epsilon(REL));
}

TEST_CASE("draw_innovations, Student-t: mixing factors at the layout's indices scale the normals",
          "[unit][blocks]") {
  const ScenarioSpec s =
      test::tiny_scenario({"shocks.distribution=student_t", "shocks.degrees_of_freedom=5"});
  REQUIRE(s.shocks.student_t);
  const InnovationLayout layout(1, 2, 1);
  const RandomStream rng(SEED, 4);
  Innovations z = sized_innovations(1, 2, 1);
  const int t = 3;
  draw_innovations(s, layout, rng, t, 2023, z);
  // M1 Student-t: t = z sqrt((nu - 2) / chi2), chi2 variate t * count + index of StudentMixing,
  // count = 11 and index: regional 0, group 1, sectors 2 and 3, macro 4-9, block 10.
  const auto mix = [&](std::uint64_t index) {
    return student_t_mixing(rng, Stream::StudentMixing, 3 * 11 + index, 5.0);
  };
  CHECK(mix(0) != Approx(1.0));  // the mixing is not a no-op at this seed
  CHECK(z.regional == Approx(rng.normal(Stream::RegionalFactor, 3) * mix(0)).epsilon(REL));
  CHECK(z.group[0] == Approx(rng.normal(Stream::GroupFactor, 3) * mix(1)).epsilon(REL));
  CHECK(z.sector[0] == Approx(rng.normal(Stream::SectorShock, 6) * mix(2)).epsilon(REL));
  CHECK(z.sector[1] == Approx(rng.normal(Stream::SectorShock, 7) * mix(3)).epsilon(REL));
  CHECK(z.own(Macro::Inflation) == Approx(rng.normal(Stream::Inflation, 3) * mix(4)).epsilon(REL));
  CHECK(z.own(Macro::Migration) == Approx(rng.normal(Stream::Migration, 3) * mix(5)).epsilon(REL));
  CHECK(z.own(Macro::Income) == Approx(rng.normal(Stream::Income, 3) * mix(6)).epsilon(REL));
  CHECK(z.own(Macro::Retail) == Approx(rng.normal(Stream::Retail, 3) * mix(7)).epsilon(REL));
  CHECK(z.own(Macro::Revenue) == Approx(rng.normal(Stream::Revenue, 3) * mix(8)).epsilon(REL));
  CHECK(z.own(Macro::Visits) == Approx(rng.normal(Stream::TouristVisits, 3) * mix(9)).epsilon(REL));
  CHECK(z.block[0] == Approx(rng.normal(Stream::Investment, 3) * mix(10)).epsilon(REL));
  // Prices, the investment price and R&D stay normal.
  CHECK(z.price[0] == Approx(rng.normal(Stream::SectorPrice, 6)).epsilon(REL));
  CHECK(z.price[1] == Approx(rng.normal(Stream::SectorPrice, 7)).epsilon(REL));
  CHECK(z.investment_price == Approx(rng.normal(Stream::InvestmentPrice, 3)).epsilon(REL));
  CHECK(z.rd == Approx(rng.normal(Stream::RdIntensity, 3)).epsilon(REL));
}

TEST_CASE("draw_innovations: regional_factor_history replaces f_t in its years only",
          "[unit][blocks]") {
  const InnovationLayout layout(1, 2, 1);
  const RandomStream rng(SEED, 5);
  SECTION("normal innovations") {
    const ScenarioSpec s = test::tiny_scenario({"shocks.regional_factor_history={2022: -1.5}"});
    Innovations z = sized_innovations(1, 2, 1);
    draw_innovations(s, layout, rng, 2, 2022, z);
    CHECK(z.regional == -1.5);  // the historical value, as given
    CHECK(z.group[0] == Approx(rng.normal(Stream::GroupFactor, 2)).epsilon(REL));
    CHECK(z.sector[1] == Approx(rng.normal(Stream::SectorShock, 5)).epsilon(REL));
    draw_innovations(s, layout, rng, 3, 2023, z);
    CHECK(z.regional == Approx(rng.normal(Stream::RegionalFactor, 3)).epsilon(REL));
  }
  SECTION("Student-t innovations: the historical value is not mixed") {
    const ScenarioSpec s = test::tiny_scenario(
        {"shocks.regional_factor_history={2022: -1.5}", "shocks.distribution=student_t"});
    Innovations z = sized_innovations(1, 2, 1);
    draw_innovations(s, layout, rng, 2, 2022, z);
    CHECK(z.regional == -1.5);
    const double mix =
        student_t_mixing(rng, Stream::StudentMixing, 2 * 11 + 1, s.shocks.degrees_of_freedom);
    CHECK(z.group[0] == Approx(rng.normal(Stream::GroupFactor, 2) * mix).epsilon(REL));
  }
}

TEST_CASE("sector_shocks with the factor structure (M1)", "[unit][blocks]") {
  const Model model(test::tiny_scenario(
      {"sectors.S1.volatility=0.05", "sectors.D1.volatility=0.02", "shocks.persistence=0.4"}));
  REQUIRE_FALSE(model.has_correlation());
  Innovations z = sized_innovations(1, 2, 1);
  z.regional = 0.7;
  z.group[0] = -0.4;
  z.sector << 1.1, -0.8;
  Eigen::VectorXd scratch = Eigen::VectorXd::Zero(2);
  Eigen::VectorXd u(2);
  u << 0.01, -0.02;
  sector_shocks(model.spec(), model, z, scratch, u);
  // M1: u_j = sigma_j (b f + c h + sqrt(1 - b^2 - c^2) e_j) + rho_A u_{j,t-1}, b 0.6, c 0.3.
  const double idio = std::sqrt(1 - 0.36 - 0.09);
  CHECK(u[0] == Approx(0.05 * (0.6 * 0.7 + 0.3 * -0.4 + idio * 1.1) + 0.4 * 0.01).epsilon(REL));
  CHECK(u[1] == Approx(0.02 * (0.6 * 0.7 + 0.3 * -0.4 + idio * -0.8) + 0.4 * -0.02).epsilon(REL));
}

TEST_CASE("sector_shocks with a correlation matrix (M1 alternative)", "[unit][blocks]") {
  const Model model(
      test::tiny_scenario({"shocks.correlation=[[1, 0.5], [0.5, 1]]", "sectors.S1.volatility=0.05",
                           "sectors.D1.volatility=0.02", "shocks.persistence=0.4"}));
  REQUIRE(model.has_correlation());
  const Eigen::MatrixXd& factor = model.correlation_factor();
  // S S' is the correlation matrix.
  const Eigen::MatrixXd product = factor * factor.transpose();
  CHECK(product(0, 0) == Approx(1.0).epsilon(REL));
  CHECK(product(0, 1) == Approx(0.5).epsilon(REL));
  CHECK(product(1, 1) == Approx(1.0).epsilon(REL));
  Innovations z = sized_innovations(1, 2, 1);
  z.regional = 0.7;  // the factor structure is replaced: f and h play no part
  z.group[0] = -0.4;
  z.sector << 1.1, -0.8;
  Eigen::VectorXd scratch = Eigen::VectorXd::Zero(2);
  Eigen::VectorXd u(2);
  u << 0.01, -0.02;
  sector_shocks(model.spec(), model, z, scratch, u);
  // u_j = sigma_j (S e)_j + rho_A u_{j,t-1}.
  const double se0 = factor(0, 0) * 1.1 + factor(0, 1) * -0.8;
  const double se1 = factor(1, 0) * 1.1 + factor(1, 1) * -0.8;
  CHECK(scratch[0] == Approx(se0).epsilon(REL));
  CHECK(scratch[1] == Approx(se1).epsilon(REL));
  CHECK(u[0] == Approx(0.05 * se0 + 0.4 * 0.01).epsilon(REL));
  CHECK(u[1] == Approx(0.02 * se1 + 0.4 * -0.02).epsilon(REL));
}

// ---- J1-J3 ----

TEST_CASE("JumpDistributions: J1 severity and J3 arrivals from the scenario", "[unit][blocks]") {
  ShockSpec shocks;
  shocks.pandemic.severity_mean = 1.0;
  shocks.pandemic.severity_sd = 0.5;
  shocks.pandemic.severity_max = 2.5;
  shocks.projects.arrivals = 0.5;
  const JumpDistributions d(shocks);
  // J1: S = exp(mu + s Phi^-1(u Phi((ln max - mu) / s))), s^2 = ln(1 + sd^2 / mean^2),
  // mu = ln(mean) - s^2 / 2.
  const double s = std::sqrt(std::log(1.25));
  const double mu = -0.5 * std::log(1.25);
  const double u = 0.3;
  const double severity =
      std::exp(mu + s * normal_quantile(u * normal_cdf((std::log(2.5) - mu) / s)));
  CHECK(d.severity.quantile(u) == Approx(severity).epsilon(REL));
  // J3: Poisson(0.5) by inversion: F(0) = e^-0.5 = 0.607, F(1) = 1.5 e^-0.5 = 0.910,
  // F(2) = 1.625 e^-0.5 = 0.986.
  CHECK(d.arrivals(0.6) == 0);
  CHECK(d.arrivals(0.62) == 1);
  CHECK(d.arrivals(0.95) == 2);
  CHECK(d.arrivals(0.99) == 3);
}

TEST_CASE("pandemic_onset adds profile * severity from the onset year (J1)", "[unit][blocks]") {
  PandemicSpec pandemic;
  pandemic.profile = {1.0, 0.6, 0.3};
  JumpState jumps;
  jumps.pandemic_loss.assign(5, 0.0);
  pandemic_onset(pandemic, 1, 2.0, jumps);
  // L_{t+i} += profile_i S.
  CHECK(jumps.pandemic_loss[0] == 0);
  CHECK(jumps.pandemic_loss[1] == Approx(1.0 * 2.0).epsilon(REL));
  CHECK(jumps.pandemic_loss[2] == Approx(0.6 * 2.0).epsilon(REL));
  CHECK(jumps.pandemic_loss[3] == Approx(0.3 * 2.0).epsilon(REL));
  CHECK(jumps.pandemic_loss[4] == 0);
  // A second onset overlaps the first and is cut at the horizon (profile_2 would be year 5).
  pandemic_onset(pandemic, 3, 1.5, jumps);
  CHECK(jumps.pandemic_loss[3] == Approx(0.3 * 2.0 + 1.0 * 1.5).epsilon(REL));
  CHECK(jumps.pandemic_loss[4] == Approx(0.6 * 1.5).epsilon(REL));
  CHECK(jumps.pandemic_loss.size() == 5);
}

TEST_CASE("schedule_project ramps a project up linearly over ramp_years (J3)", "[unit][blocks]") {
  ProjectSpec projects;
  projects.ramp_years = 2;
  JumpState jumps;
  jumps.project_schedule = Eigen::MatrixXd::Zero(2, 5);
  schedule_project(projects, 0, 2, 4.0, jumps);
  // VA_t = size min(1, (t - start + 1) / ramp).
  CHECK(jumps.project_schedule(0, 0) == 0);
  CHECK(jumps.project_schedule(0, 1) == 0);
  CHECK(jumps.project_schedule(0, 2) == Approx(4.0 * 1 / 2).epsilon(REL));
  CHECK(jumps.project_schedule(0, 3) == Approx(4.0).epsilon(REL));
  CHECK(jumps.project_schedule(0, 4) == Approx(4.0).epsilon(REL));
  CHECK(jumps.project_schedule.row(1).isZero(0));
  // A second project in the same sector adds to the first; a start before the base year (a named
  // project completed earlier) is part-way up its ramp in year 0.
  projects.ramp_years = 3;
  schedule_project(projects, 0, 3, 3.0, jumps);
  CHECK(jumps.project_schedule(0, 2) == Approx(2.0).epsilon(REL));
  CHECK(jumps.project_schedule(0, 3) == Approx(4.0 + 3.0 * 1 / 3).epsilon(REL));
  CHECK(jumps.project_schedule(0, 4) == Approx(4.0 + 3.0 * 2 / 3).epsilon(REL));
  schedule_project(projects, 1, -1, 6.0, jumps);
  CHECK(jumps.project_schedule(1, 0) == Approx(6.0 * 2 / 3).epsilon(REL));
  CHECK(jumps.project_schedule(1, 1) == Approx(6.0).epsilon(REL));
  CHECK(jumps.project_schedule(1, 4) == Approx(6.0).epsilon(REL));
}

// ---- M8 prices, M11 tourism ----

TEST_CASE("prices: inflation AR(1), sector prices with a utilisation gap, P^I and P^c (M8, M3)",
          "[unit][blocks]") {
  const ScenarioSpec s = test::tiny_scenario(
      {"prices.volatility=0.01", "shocks.macro_loadings.inflation=0.3",
       "sectors.S1.price_volatility=0.02", "sectors.D1.price_volatility=0.03",
       "investment.price_volatility=0.01", "prices.utilisation_pass_through=0.1"});
  Innovations z = macro_innovations(Macro::Inflation, 0.5, -0.3);
  z.price << 0.4, -0.6;
  z.investment_price = 0.8;
  PriceState p;
  p.inflation = 0.04;
  p.price = Eigen::Vector2d(1.1, 0.9);
  p.price_previous = Eigen::Vector2d(1.0, 1.0);
  p.investment_price = 1.05;
  p.consumer_price = 1.02;
  const Eigen::Vector2d gap_previous(0.0, 0.2);  // supply sectors have no gap
  std::vector<double> scratch(4);
  prices(s, 0.02, gap_previous, z, scratch.data(), p);
  // M8: pi = mu + rho (pi_{t-1} - mu) + sigma_pi (b f + sqrt(1 - b^2) eps), rho 0.5.
  const double pi = 0.02 + 0.5 * (0.04 - 0.02) + 0.01 * (0.3 * 0.5 + std::sqrt(0.91) * -0.3);
  CHECK(p.inflation == Approx(pi).epsilon(REL));
  // dln P_j = pi + lambda_j + psi theta_j z_{j,t-1} + sigma_pj eta_j; lambda -0.01 and 0.01,
  // theta_D1 = 0.5.
  CHECK(p.price[0] == Approx(1.1 * std::exp(pi - 0.01 + 0.02 * 0.4)).epsilon(REL));
  CHECK(p.price[1] ==
        Approx(0.9 * std::exp(pi + 0.01 + 0.1 * 0.5 * 0.2 + 0.03 * -0.6)).epsilon(REL));
  CHECK(p.price_previous[0] == 1.1);
  CHECK(p.price_previous[1] == 0.9);
  // M3: dln P^I = pi + markup + sigma eps, markup 0.003; the consumer price moves with pi.
  CHECK(p.investment_price == Approx(1.05 * std::exp(pi + 0.003 + 0.01 * 0.8)).epsilon(REL));
  CHECK(p.consumer_price == Approx(1.02 * std::exp(pi)).epsilon(REL));
}

TEST_CASE("tourism: visits, spending per visit and J1's level loss (M11)", "[unit][blocks]") {
  const ScenarioSpec s =
      test::tiny_scenario({"tourism.volatility=0.05", "tourism.shock_loading=0.5",
                           "shocks.pandemic.tourist_spending_impact=-0.6"});
  const Innovations z = macro_innovations(Macro::Visits, 0.4, -1.2);
  const auto start = [] {
    TourismState ts;
    ts.visits_trend = 1.2e6;
    ts.visits = 1.1e6;
    ts.spend_per_visit = 210;
    ts.spending = 2.3;
    ts.spending_previous = 2.1;
    return ts;
  };
  // dln V = g_V + sigma_V (b f + sqrt(1 - b^2) eps), g_V 0.04; spend per visit grows at
  // pi + its real growth 0.01.
  const double trend = 1.2e6 * std::exp(0.04 + 0.05 * (0.5 * 0.4 + std::sqrt(0.75) * -1.2));
  const double spend = 210 * std::exp(0.03 + 0.01);
  SECTION("no loss") {
    TourismState ts = start();
    tourism(s, 0.03, 0.0, z, ts);
    CHECK(ts.visits_trend == Approx(trend).epsilon(REL));
    CHECK(ts.visits == Approx(trend).epsilon(REL));
    CHECK(ts.spend_per_visit == Approx(spend).epsilon(REL));
    CHECK(ts.spending_previous == 2.3);
    CHECK(ts.spending == Approx(trend * spend / 1e8).epsilon(REL));  // TS = V spend / 1e8
  }
  SECTION("J1 loss L = 0.8 cuts visits by exp(impact L), not their trend") {
    TourismState ts = start();
    tourism(s, 0.03, 0.8, z, ts);
    CHECK(ts.visits_trend == Approx(trend).epsilon(REL));
    CHECK(ts.visits == Approx(trend * std::exp(-0.6 * 0.8)).epsilon(REL));
    CHECK(ts.spending == Approx(trend * std::exp(-0.6 * 0.8) * spend / 1e8).epsilon(REL));
  }
}

// ---- M2-M4 ----

TEST_CASE("fai_blocks: AR(1) growth, policy reaction to a shortfall, J2 bust (M2)",
          "[unit][blocks]") {
  const ScenarioSpec s = test::tiny_scenario(two_blocks());
  REQUIRE(s.investment.blocks.size() == 2);
  REQUIRE(s.shocks.property_bust.block == 1);
  Innovations z = sized_innovations(1, 2, 2);
  z.regional = 0.5;
  z.block << -0.7, 1.3;
  const auto start = [] {
    InvestmentState inv;
    inv.fai_block = Eigen::Vector2d(12, 8);
    inv.dln_fai_block = Eigen::Vector2d(0.09, 0.02);
    return inv;
  };
  std::vector<double> scratch(4);
  // M2: dlnFAI_b = mu_b + rho_b (dlnFAI_{b,t-1} - mu_b) + phi_b max(0, g* - g_{t-1})
  // + s_b (b f + sqrt(1 - b^2) eps_b); g* = 0.08, loading 0.4, phi = 0.5 and 0.
  const double own = std::sqrt(1 - 0.16);
  const auto all = [&](double shortfall) {
    return 0.07 + 0.3 * (0.09 - 0.07) + 0.5 * shortfall + 0.02 * (0.4 * 0.5 + own * -0.7);
  };
  const double re = 0.05 + 0.2 * (0.02 - 0.05) + 0.03 * (0.4 * 0.5 + own * 1.3);
  SECTION("a shortfall: last year's growth 0.05 against the target 0.08") {
    InvestmentState inv = start();
    fai_blocks(s, 0.05, false, 0.0, z, scratch.data(), inv);
    CHECK(inv.dln_fai_block[0] == Approx(all(0.08 - 0.05)).epsilon(REL));
    CHECK(inv.dln_fai_block[1] == Approx(re).epsilon(REL));
    CHECK(inv.fai_block[0] == Approx(12 * std::exp(all(0.08 - 0.05))).epsilon(REL));
    CHECK(inv.fai_block[1] == Approx(8 * std::exp(re)).epsilon(REL));
  }
  SECTION("no shortfall: growth 0.10 above the target") {
    InvestmentState inv = start();
    fai_blocks(s, 0.10, false, 0.0, z, scratch.data(), inv);
    CHECK(inv.dln_fai_block[0] == Approx(all(0.0)).epsilon(REL));
    CHECK(inv.fai_block[0] == Approx(12 * std::exp(all(0.0))).epsilon(REL));
    CHECK(inv.fai_block[1] == Approx(8 * std::exp(re)).epsilon(REL));
  }
  SECTION("J2 bust: the real-estate block falls by drop_mean + drop_sd z, the other as before") {
    InvestmentState inv = start();
    fai_blocks(s, 0.05, true, 0.7, z, scratch.data(), inv);
    const double drop = 0.1 + 0.04 * 0.7;
    CHECK(inv.dln_fai_block[1] == Approx(-drop).epsilon(REL));
    CHECK(inv.fai_block[1] == Approx(8 * std::exp(-drop)).epsilon(REL));
    CHECK(inv.dln_fai_block[0] == Approx(all(0.08 - 0.05)).epsilon(REL));
    CHECK(inv.fai_block[0] == Approx(12 * std::exp(all(0.08 - 0.05))).epsilon(REL));
  }
}

TEST_CASE("capital: real investment by sector, time to build, depreciation, public capital (M3-M4)",
          "[unit][blocks]") {
  const ScenarioSpec s = test::tiny_scenario(two_blocks());
  InvestmentState inv;
  inv.fai_block = Eigen::Vector2d(12, 8);
  inv.history.resize(2, 3);
  inv.history << 7, 6, 5,  //
      9, 8, 7;
  inv.public_history = Eigen::Vector3d(10, 9, 8);
  inv.capital = Eigen::Vector2d(80, 180);
  inv.public_capital = 145;
  const Eigen::Vector3d weights(0.5, 0.3, 0.2);
  capital(s, weights, 1.05, inv);
  // M3: I_j = kappa sum_b s_{j|b} FAI_b / P^I, kappa 0.8; "all" splits 0.5 / 0.5, "re" goes to D1.
  const double real_all = 0.8 * 12 / 1.05, real_re = 0.8 * 8 / 1.05;
  const double i_s = 0.5 * real_all + 0.0 * real_re;
  const double i_d = 0.5 * real_all + 1.0 * real_re;
  CHECK(inv.history(0, 0) == Approx(i_s).epsilon(REL));
  CHECK(inv.history(1, 0) == Approx(i_d).epsilon(REL));
  // The history shifts by one year.
  CHECK(inv.history(0, 1) == 7);
  CHECK(inv.history(0, 2) == 6);
  CHECK(inv.history(1, 1) == 9);
  CHECK(inv.history(1, 2) == 8);
  // Public investment: the "all" block, I^G = kappa FAI_all / P^I.
  CHECK(inv.public_history[0] == Approx(real_all).epsilon(REL));
  CHECK(inv.public_history[1] == 10);
  CHECK(inv.public_history[2] == 9);
  // M4: K_j = (1 - delta_j) K_j + sum_s w_s I_{j,t-s}, delta 0.1 and 0.05.
  CHECK(inv.capital[0] == Approx(0.9 * 80 + 0.5 * i_s + 0.3 * 7 + 0.2 * 6).epsilon(REL));
  CHECK(inv.capital[1] == Approx(0.95 * 180 + 0.5 * i_d + 0.3 * 9 + 0.2 * 8).epsilon(REL));
  // G = (1 - delta_G) G + sum_s w_s I^G_{t-s}, delta_G 0.06; dln G for M5.
  const double g = 0.94 * 145 + 0.5 * real_all + 0.3 * 10 + 0.2 * 9;
  CHECK(inv.public_capital == Approx(g).epsilon(REL));
  CHECK(inv.dln_public_capital == Approx(std::log(g / 145)).epsilon(REL));
}

// ---- M9 ----

TEST_CASE("population_labour: migration, urbanisation, labour shares, employment (M9)",
          "[unit][blocks]") {
  const ScenarioSpec s = test::tiny_scenario(
      {"population.migration_volatility=0.005", "shocks.macro_loadings.migration=0.2"});
  const Innovations z = macro_innovations(Macro::Migration, -0.5, 0.9);
  PopulationState pop;
  pop.population = 200000;
  pop.population_previous = 197000;
  pop.urbanisation = 0.5;
  pop.labour_share = Eigen::Vector2d(0.4, 0.6);
  pop.employment = Eigen::Vector2d::Zero();
  const Eigen::Vector2d growth_previous(0.08, 0.03);
  std::vector<double> scratch(4);
  population_labour(s, 0.6, 0.9, 0.07, growth_previous, z, scratch.data(), pop);
  // M9: m = mbar + eta_m (g_pc - g_ref) + sigma_m (b f + sqrt(1 - b^2) eps), mbar 0.015,
  // eta_m 0.1, g_ref 0.05; N = N_{t-1} (1 + n + m), n = -0.001.
  const double m = 0.015 + 0.1 * (0.07 - 0.05) + 0.005 * (0.2 * -0.5 + std::sqrt(0.96) * 0.9);
  const double n = 200000 * (1 - 0.001 + m);
  CHECK(pop.population_previous == 200000);
  CHECK(pop.population == Approx(n).epsilon(REL));
  // u = u_max - (u_max - u_{t-1}) decay.
  CHECK(pop.urbanisation == Approx(0.95 - (0.95 - 0.5) * 0.9).epsilon(REL));
  // Shares times exp(reallocation (g_j - mean g)), mean g weighted by the shares, renormalised.
  const double mean_g = 0.4 * 0.08 + 0.6 * 0.03;
  const double w_s = 0.4 * std::exp(0.5 * (0.08 - mean_g));
  const double w_d = 0.6 * std::exp(0.5 * (0.03 - mean_g));
  CHECK(pop.labour_share[0] == Approx(w_s / (w_s + w_d)).epsilon(REL));
  CHECK(pop.labour_share[1] == Approx(w_d / (w_s + w_d)).epsilon(REL));
  // L_j = share_j e (N_t + N_{t-1}) / 2.
  const double employment = 0.6 * (n + 200000) / 2;
  CHECK(pop.employment[0] == Approx(w_s / (w_s + w_d) * employment).epsilon(REL));
  CHECK(pop.employment[1] == Approx(w_d / (w_s + w_d) * employment).epsilon(REL));
}

// ---- M5, M7 ----

namespace {

// Output state for the tiny model at the start of a year: the base year's ln A, last year's
// Y = (40, 60).
OutputState tiny_output(const Model& model) {
  PathState st;
  st.resize(model);
  OutputState out = st.output;
  out.log_tfp = model.base().log_tfp;
  out.value_added = Eigen::Vector2d(40, 60);
  out.log_value_added = Eigen::Vector2d(std::log(40.0), std::log(60.0));
  out.growth = Eigen::Vector2d::Zero();
  out.log_potential = out.log_value_added;
  out.gap = Eigen::Vector2d::Zero();
  out.final_demand = Eigen::Vector2d::Zero();
  return out;
}

}  // namespace

TEST_CASE("supply: TFP, potential output, J1 on supply sectors, J3 projects (M5)",
          "[unit][blocks]") {
  const Model model(test::tiny_scenario({"shocks.pandemic.sector_impact={S1: -0.2, D1: -0.3}"}));
  const ScenarioSpec& s = model.spec();
  const int t = 2;
  JumpState jumps;
  jumps.project_schedule = Eigen::MatrixXd::Zero(2, model.years());
  // Near the base year's K = (80, 180) and L = (57143, 42857).
  const Eigen::Vector2d capital(85, 190), employment(58000, 43000), u(0.08, -0.05);
  const Eigen::VectorXd& log_a = model.base().log_tfp;
  std::vector<double> scratch(PathState::scratch_size(model));
  // M5: ln A_j += mu_j,t + gamma_G dln G + [u_j]_S, gamma_G 0.05; ln Y* = ln A + alpha ln K +
  // (1 - alpha) ln L + [d_j L]_S, alpha 0.5 and 0.3.
  const double log_a_s = log_a[0] + model.tfp_drift(0, t) + 0.05 * 0.02 + 0.08;
  const double log_a_d = log_a[1] + model.tfp_drift(1, t) + 0.05 * 0.02;
  const double log_ystar_d = log_a_d + 0.3 * std::log(190.0) + 0.7 * std::log(43000.0);
  const auto log_ystar_s = [&](double loss) {
    return log_a_s + 0.5 * std::log(85.0) + 0.5 * std::log(58000.0) - 0.2 * loss;
  };
  SECTION("no J3 project, J1 loss 0.5: the supply sector's potential loses d L") {
    OutputState out = tiny_output(model);
    supply(s, model, t, capital, employment, 0.02, u, 0.5, jumps, {7, 2022}, scratch.data(), out);
    CHECK(out.log_tfp[0] == Approx(log_a_s).epsilon(REL));
    CHECK(out.log_tfp[1] == Approx(log_a_d).epsilon(REL));
    CHECK(out.log_potential[0] == Approx(log_ystar_s(0.5)).epsilon(REL));
    CHECK(out.log_potential[1] == Approx(log_ystar_d).epsilon(REL));  // no d_j L: a demand sector
    // A supply sector's Y = Y*.
    const double y = std::exp(log_ystar_s(0.5));
    CHECK(out.value_added[0] == Approx(y).epsilon(REL));
    CHECK(out.log_value_added[0] == Approx(std::log(y)).epsilon(REL));
    CHECK(out.growth[0] == Approx(std::log(y) - std::log(40.0)).epsilon(REL));
    CHECK(out.supply_value_added == Approx(y).epsilon(REL));
    // The demand sector's output is demand()'s.
    CHECK(out.value_added[1] == 60);
    CHECK(out.log_value_added[1] == std::log(60.0));
    CHECK(out.growth[1] == 0);
  }
  SECTION("a J3 project adds its VA to Y*") {
    jumps.project_schedule(0, t) = 3.0;
    OutputState out = tiny_output(model);
    supply(s, model, t, capital, employment, 0.02, u, 0.0, jumps, {7, 2022}, scratch.data(), out);
    const double y = std::exp(log_ystar_s(0.0)) + 3.0;
    CHECK(out.log_potential[0] == Approx(log_ystar_s(0.0)).epsilon(REL));
    CHECK(out.value_added[0] == Approx(y).epsilon(REL));
    CHECK(out.log_value_added[0] == Approx(std::log(y)).epsilon(REL));
    CHECK(out.growth[0] == Approx(std::log(y) - std::log(40.0)).epsilon(REL));
    CHECK(out.supply_value_added == Approx(y).epsilon(REL));
  }
  SECTION("an overflow names the path, year, sector and variable (MODEL.md section 10)") {
    OutputState out = tiny_output(model);
    const Eigen::Vector2d huge(1e4, 0.0);
    CHECK_THROWS_WITH(supply(s, model, t, capital, employment, 0.02, huge, 0.0, jumps, {7, 2022},
                             scratch.data(), out),
                      Catch::Contains("path 7, year 2022, sector S1, variable value_added_real"));
  }
}

TEST_CASE("throw_not_finite names where a value stopped being finite", "[unit][blocks]") {
  CHECK_THROWS_AS(throw_not_finite(1, 2021, "D1", Var::Capital, NAN), ModelError);
  CHECK_THROWS_WITH(throw_not_finite(3, 2024, "", Var::GdpNominal, INFINITY),
                    Catch::StartsWith("path 3, year 2024, variable gdp_nominal: value inf"));
}

TEST_CASE("lagged_drivers: last year's nominal drivers deflated and grown by the trend (M7)",
          "[unit][blocks]") {
  std::vector<double> drivers(8, -1.0);
  lagged_drivers({20.0, 40.0, 10.0, 1.05}, 1.064, drivers);
  // driver = last year's value * trend / P^c_{t-1}.
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::HouseholdConsumption)] ==
        Approx(20.0 * 1.064 / 1.05).epsilon(REL));
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::RetailSales)] ==
        Approx(40.0 * 1.064 / 1.05).epsilon(REL));
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::Government)] ==
        Approx(10.0 * 1.064 / 1.05).epsilon(REL));
  // This year's drivers are current_drivers'.
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::Investment)] == -1.0);
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::TouristSpending)] == -1.0);
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::SupplyOutput)] == -1.0);
  CHECK(drivers[DRIVER_BLOCKS] == -1.0);
  CHECK(drivers[DRIVER_BLOCKS + 1] == -1.0);
}

TEST_CASE("current_drivers: real FAI in all and by block, real tourist spending, supply VA (M7)",
          "[unit][blocks]") {
  InvestmentState inv;
  inv.fai_block = Eigen::Vector2d(12, 8);
  std::vector<double> drivers(DRIVER_BLOCKS + 2, -1.0);
  current_drivers(inv, 1.05, 1.02, 2.5, 41.0, drivers);
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::Investment)] ==
        Approx((12.0 + 8.0) / 1.05).epsilon(REL));
  CHECK(drivers[DRIVER_BLOCKS] == Approx(12.0 / 1.05).epsilon(REL));
  CHECK(drivers[DRIVER_BLOCKS + 1] == Approx(8.0 / 1.05).epsilon(REL));
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::TouristSpending)] ==
        Approx(2.5 / 1.02).epsilon(REL));
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::SupplyOutput)] == 41.0);
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::HouseholdConsumption)] == -1.0);
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::RetailSales)] == -1.0);
  CHECK(drivers[static_cast<std::size_t>(DemandDriver::Government)] == -1.0);
}

TEST_CASE("demand: final demand, mixed input-output, capacity blend and gap (M7)",
          "[unit][blocks]") {
  const auto run = [](const std::vector<std::string>& overrides, double loss) {
    std::vector<std::string> all = {"shocks.pandemic.sector_impact={S1: -0.2, D1: -0.3}"};
    all.insert(all.end(), overrides.begin(), overrides.end());
    const Model model(test::tiny_scenario(all));
    const BaseState& base = model.base();
    const MixedInputOutput& mixed = model.input_output().mixed;
    REQUIRE(mixed.supply_sectors() == std::vector<Eigen::Index>{0});
    REQUIRE(mixed.demand_sectors() == std::vector<Eigen::Index>{1});
    // tiny.yaml: D1's drivers supply_output 0.5, investment 0.3, tourist_spending 0.2.
    std::vector<double> drivers = base.drivers;
    const auto slot = [](DemandDriver d) { return static_cast<std::size_t>(d); };
    drivers[slot(DemandDriver::SupplyOutput)] *= 1.1;
    drivers[slot(DemandDriver::Investment)] *= 1.2;
    drivers[slot(DemandDriver::TouristSpending)] *= 0.9;
    drivers[slot(DemandDriver::Government)] *= 5.0;  // not one of D1's drivers
    OutputState out = tiny_output(model);
    out.value_added[0] = 42;  // supply() has run
    // Last year's D1 output 50, well away from this year's: dln Y is not a small difference.
    out.value_added[1] = 50;
    out.log_value_added[1] = std::log(50.0);
    out.log_potential[1] = std::log(58.0);
    const Eigen::Vector2d u(0.03, 0.04);
    std::vector<double> scratch(PathState::scratch_size(model));
    demand(model.spec(), model, drivers, u, loss, scratch.data(), out);

    // f_D = f_D,2020 sum_k w_k driver_k / driver_k,2020 exp(u + d L), d = -0.3.
    const double pull = 0.5 * 1.1 + 0.3 * 1.2 + 0.2 * 0.9;
    const double f = base.final_demand[1] * pull * std::exp(0.04 - 0.3 * loss);
    CHECK(out.f_demand[0] == Approx(f).epsilon(REL));
    CHECK(out.final_demand[1] == Approx(f).epsilon(REL));
    // X_S = Y_S / v_S, v 0.3; X_D = L_DD (Ar_DS X_S + f_D); Y^D = v_D X_D, v 0.5.
    const double x_s = 42 / 0.3;
    CHECK(out.x_supply[0] == Approx(x_s).epsilon(REL));
    const double x_d = mixed.leontief_dd()(0, 0) * (mixed.ar_ds()(0, 0) * x_s + f);
    CHECK(out.x_demand[0] == Approx(x_d).epsilon(REL));
    const double y_demand = 0.5 * x_d;
    // z = ln Y^D - ln Y*.
    CHECK(out.gap[1] == Approx(std::log(y_demand) - std::log(58.0)).epsilon(REL));
    CHECK(out.gap[0] == 0);
    // The supply sector is not touched.
    CHECK(out.value_added[0] == 42);
    return std::make_pair(out, y_demand);
  };
  SECTION("theta = 0.5 and a J1 loss: ln Y = (1 - theta) ln Y^D + theta ln Y*") {
    const auto [out, y_demand] = run({}, 0.5);
    const double log_y = 0.5 * std::log(y_demand) + 0.5 * std::log(58.0);
    CHECK(out.log_value_added[1] == Approx(log_y).epsilon(REL));
    CHECK(out.value_added[1] == Approx(std::exp(log_y)).epsilon(REL));
    CHECK(out.growth[1] == Approx(log_y - std::log(50.0)).epsilon(REL));
  }
  SECTION("theta = 0: output is what demand buys") {
    const auto [out, y_demand] = run({"sectors.D1.capacity_weight=0"}, 0.5);
    CHECK(out.value_added[1] == Approx(y_demand).epsilon(REL));
    CHECK(out.log_value_added[1] == Approx(std::log(y_demand)).epsilon(REL));
    CHECK(out.growth[1] == Approx(std::log(y_demand) - std::log(50.0)).epsilon(REL));
  }
  SECTION("theta = 1: output is capacity") {
    const auto [out, y_demand] = run({"sectors.D1.capacity_weight=1"}, 0.0);
    CHECK(out.value_added[1] == Approx(58.0).epsilon(REL));
    CHECK(out.log_value_added[1] == Approx(std::log(58.0)).epsilon(REL));
    CHECK(out.growth[1] == Approx(std::log(58.0) - std::log(50.0)).epsilon(REL));
    CHECK(out.gap[1] == Approx(std::log(y_demand) - std::log(58.0)).epsilon(REL));
  }
}

// ---- M8 GDP ----

TEST_CASE("gdp with every price moving together: real GDP is the constant-price sum (M8)",
          "[unit][blocks]") {
  PopulationState pop;
  pop.population_previous = 200000;
  pop.population = 202000;
  PriceState p;
  p.price = Eigen::Vector2d(1.02, 1.02);
  AccountsState acc;
  acc.gdp_nominal = 1.02 * (40 + 60);  // last year's, at last year's prices
  acc.gdp_real = 40 + 60;              // base-year prices
  OutputState out;
  const Eigen::Vector2d years[] = {{42, 63}, {45, 64}, {44, 70}};
  for (const Eigen::Vector2d& y : years) {
    p.price_previous = p.price;
    p.price *= 1.03;
    out.value_added = y;
    const double real_previous = acc.gdp_real;
    gdp(p, out, pop, acc);
    // GDP_real = sum_j Y_j when every P_j is the same (chain-linked Laspeyres collapses).
    CHECK(acc.gdp_real == Approx(y[0] + y[1]).epsilon(REL));
    CHECK(acc.real_growth == Approx(std::log((y[0] + y[1]) / real_previous)).epsilon(REL));
    CHECK(acc.gdp_nominal == Approx(p.price[0] * (y[0] + y[1])).epsilon(REL));
  }
}

TEST_CASE("gdp with different prices: Laspeyres volume chained onto real GDP (M8)",
          "[unit][blocks]") {
  PopulationState pop;
  pop.population_previous = 200000;
  pop.population = 202000;
  PriceState p;
  p.price_previous = Eigen::Vector2d(1.1, 0.9);
  p.price = Eigen::Vector2d(1.15, 0.93);
  OutputState out;
  out.value_added = Eigen::Vector2d(42, 61);
  AccountsState acc;
  acc.gdp_nominal = 1.1 * 40 + 0.9 * 60;  // sum P_{t-1} Y_{t-1} = 98
  acc.gdp_real = 95;
  gdp(p, out, pop, acc);
  // Index = sum_j P_j,t-1 Y_j,t / sum_j P_j,t-1 Y_j,t-1; GDP_real = GDP_real,t-1 * index.
  const double index = (1.1 * 42 + 0.9 * 61) / 98;
  CHECK(acc.gdp_real == Approx(95 * index).epsilon(REL));
  CHECK(acc.real_growth == Approx(std::log(index)).epsilon(REL));
  // GDP = sum_j P_j Y_j.
  const double nominal = 1.15 * 42 + 0.93 * 61;
  CHECK(acc.gdp_nominal == Approx(nominal).epsilon(REL));
  CHECK(acc.value_added_nominal[0] == Approx(1.15 * 42).epsilon(REL));
  CHECK(acc.value_added_nominal[1] == Approx(0.93 * 61).epsilon(REL));
  // Per capita in 元; real per-capita growth g - dln N (M9).
  CHECK(acc.gdp_per_capita == Approx(nominal * 1e8 / 202000).epsilon(REL));
  CHECK(acc.real_per_capita_growth ==
        Approx(std::log(index) - std::log(202000.0 / 200000)).epsilon(REL));
}

// ---- M10-M13 ----

TEST_CASE("income: labour compensation, growing transfers, disposable income (M10)",
          "[unit][blocks]") {
  const ScenarioSpec s =
      test::tiny_scenario({"income.transfer_real_growth=0.02", "income.volatility=0.015",
                           "shocks.macro_loadings.income=0.5"});
  BaseState base;
  base.household_transfers = 12;
  base.population = 200000;
  const Innovations z = macro_innovations(Macro::Income, 0.3, -0.5);
  HouseholdState h;
  h.retail_others = 20;
  const Eigen::Vector2d va_nominal(45, 66);
  income(s, base, 3, va_nominal, 205000, 1.08, z, h);
  // W = sum_j (1 - alpha_j) P_j Y_j, alpha 0.5 and 0.3.
  const double w = 0.5 * 45 + 0.7 * 66;
  CHECK(h.labour_compensation == Approx(w).epsilon(REL));
  // TR = TR_2020 (N / N_2020) P^c exp(g_TR t); YD = ((1 - tau_H) W + TR) exp(sigma_y e), tau_H 0.1.
  const double transfers = 12 * 205000.0 / 200000 * 1.08 * std::exp(0.02 * 3);
  const double yd = (0.9 * w + transfers) * std::exp(0.015 * (0.5 * 0.3 + std::sqrt(0.75) * -0.5));
  CHECK(h.disposable == Approx(yd).epsilon(REL));
  // y = YD / N in 元; C = c YD, c 0.5.
  CHECK(h.income == Approx(yd * 1e8 / 205000).epsilon(REL));
  CHECK(h.consumption == Approx(0.5 * yd).epsilon(REL));
  CHECK(h.retail_others == 20);  // retail()'s
}

TEST_CASE("retail: sales to others Q and retail sales RS = C + Q (M11)", "[unit][blocks]") {
  const ScenarioSpec s = test::tiny_scenario({"retail.drift=0.01", "retail.volatility=0.02",
                                              "shocks.macro_loadings.retail=0.5",
                                              "shocks.pandemic.retail_impact=-0.05"});
  const Innovations z = macro_innovations(Macro::Retail, 0.2, 0.9);
  HouseholdState h;
  h.consumption = 22;
  h.retail_others = 20;
  retail(s, 0.03, 0.06, 0.08, -0.4, z, h);
  // Q = Q_{t-1} exp(pi + drift + e_RL g + e_RT (dln TS - pi) + d_RS dL + s_RS e), e_RL 0.3,
  // e_RT 0.1.
  const double q = 20 * std::exp(0.03 + 0.01 + 0.3 * 0.06 + 0.1 * (0.08 - 0.03) + -0.05 * -0.4 +
                                 0.02 * (0.5 * 0.2 + std::sqrt(0.75) * 0.9));
  CHECK(h.retail_others == Approx(q).epsilon(REL));
  CHECK(h.retail == Approx(22 + q).epsilon(REL));
}

TEST_CASE("fiscal: tax base with the land term, revenue, growing transfers, spending (M12)",
          "[unit][blocks]") {
  const ScenarioSpec s =
      test::tiny_scenario({"fiscal.transfer_real_growth=0.03", "fiscal.volatility=0.02",
                           "shocks.macro_loadings.revenue=0.3"});
  BaseState base;
  base.land_tax_rate = 0.0875;
  base.government_transfers = 5;
  base.population = 200000;
  PriceState p;
  p.price = Eigen::Vector2d(1.05, 1.08);
  p.consumer_price = 1.06;
  const Eigen::Vector2d value_added(42, 63);
  const Innovations z = macro_innovations(Macro::Revenue, -0.4, 0.6);
  // B = sum_j tau_j P_j Y_j + tau_L RESales, tau 0.1 and 0.05.
  const double b = 0.1 * 1.05 * 42 + 0.05 * 1.08 * 63 + 0.0875 * 21;
  // R = R_{t-1} (B / B_{t-1})^eps_R exp(nu), eps_R 0.9, times J2's factor in a bust.
  const double nu = 0.02 * (0.3 * -0.4 + std::sqrt(0.91) * 0.6);
  // TG = TG_2020 (N / N_2020) P^c exp(g_TG t); GS = R + TG.
  const double tg = 5 * 204000.0 / 200000 * 1.06 * std::exp(0.03 * 2);
  for (const double bust_factor : {1.0, std::exp(-0.1)}) {
    FiscalState fs;
    fs.revenue = 5.2;
    fs.tax_base = 9;
    fiscal(s, base, 2, p, value_added, 21, 204000, bust_factor, z, fs);
    const double r = 5.2 * bust_factor * std::pow(b / 9, 0.9) * std::exp(nu);
    CHECK(fs.tax_base == Approx(b).epsilon(REL));
    CHECK(fs.revenue == Approx(r).epsilon(REL));
    CHECK(fs.transfers == Approx(tg).epsilon(REL));
    CHECK(fs.spending == Approx(r + tg).epsilon(REL));
  }
}

TEST_CASE("rd_intensity: AR(1) around a linear path (M13)", "[unit][blocks]") {
  RdSpec rd;
  rd.base_intensity = 0.02;
  rd.trend = 0.001;
  rd.persistence = 0.5;
  rd.volatility = 0.002;
  // r_t = path_t + rho (r_{t-1} - path_{t-1}) + sigma eps, path_t = r_0 + trend t.
  CHECK(rd_intensity(rd, 3, 0.0235, 0.7) ==
        Approx(0.023 + 0.5 * (0.0235 - 0.022) + 0.002 * 0.7).epsilon(REL));
  CHECK(rd_intensity(rd, 1, 0.02, 0.0) == Approx(0.021).epsilon(REL));
}

// ---- PathState ----

TEST_CASE("PathState::resize sizes every vector by the model; scratch_size", "[unit][blocks]") {
  const Model model(test::tiny_scenario(two_blocks()));
  REQUIRE(model.years() == 5);  // 2020-2024
  PathState st;
  st.resize(model);
  CHECK(st.z.group.size() == 1);
  CHECK(st.z.sector.size() == 2);
  CHECK(st.z.price.size() == 2);
  CHECK(st.z.block.size() == 2);
  CHECK(st.u.size() == 2);
  CHECK(st.correlated.size() == 2);
  CHECK(st.jumps.pandemic_loss == std::vector<double>(5, 0.0));
  CHECK(st.jumps.project_schedule.rows() == 2);
  CHECK(st.jumps.project_schedule.cols() == 5);
  CHECK(st.prices.price.size() == 2);
  CHECK(st.prices.price_previous.size() == 2);
  CHECK(st.investment.fai_block.size() == 2);
  CHECK(st.investment.dln_fai_block.size() == 2);
  CHECK(st.investment.history.rows() == 2);
  CHECK(st.investment.history.cols() == 2);  // build_weights [0.5, 0.5]
  CHECK(st.investment.public_history.size() == 2);
  CHECK(st.investment.capital.size() == 2);
  CHECK(st.population.labour_share.size() == 2);
  CHECK(st.population.employment.size() == 2);
  for (const Eigen::VectorXd* v :
       {&st.output.log_tfp, &st.output.value_added, &st.output.log_value_added, &st.output.growth,
        &st.output.log_potential, &st.output.gap, &st.output.final_demand,
        &st.accounts.value_added_nominal, &st.gross_output})
    CHECK(v->size() == 2);
  CHECK(st.output.x_supply.size() == 1);  // S1
  CHECK(st.output.x_demand.size() == 1);  // D1
  CHECK(st.output.f_demand.size() == 1);
  CHECK(st.drivers == std::vector<double>(DRIVER_BLOCKS + 2, 0.0));
  // max(2 N, B): supply() logs K and L side by side; fai_blocks takes one exp per block.
  CHECK(PathState::scratch_size(model) == 4);
}
