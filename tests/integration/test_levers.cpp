// The plan's levers on the default scenario (docs/model.md): the first-year response of a sector's
// value added to its share of investment (M3-M5, M7), the production side of demand sectors (TFP,
// capital), J1 on a demand sector's final demand, chain-linked real GDP (M8) and what inflation
// does to real variables. Every comparison runs two scenarios on the same path (common random
// numbers) with the volatilities and jumps off, and checks a stated formula to 1e-9.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "regiosim/model.hpp"
#include "regiosim/path_simulator.hpp"

using namespace regiosim;

namespace {

const std::string DEFAULT_SCENARIO = REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml";

// Every volatility and jump of the default scenario off: the path is the deterministic one.
std::vector<std::string> deterministic(std::vector<std::string> more = {}) {
  std::vector<std::string> o = {"sector_defaults.volatility=0",
                                "sector_defaults.price_volatility=0",
                                "sectors.BIGDATA.volatility=0",
                                "sectors.BIO.volatility=0",
                                "sectors.STS.volatility=0",
                                "investment.block_defaults.volatility=0",
                                "investment.price_volatility=0",
                                "prices.volatility=0",
                                "population.migration_volatility=0",
                                "income.volatility=0",
                                "retail.volatility=0",
                                "fiscal.volatility=0",
                                "tourism.volatility=0",
                                "rd.volatility=0",
                                "shocks.pandemic.enabled=false",
                                "shocks.property_bust.enabled=false",
                                "shocks.projects.enabled=false"};
  o.insert(o.end(), more.begin(), more.end());
  return o;
}

struct Path {
  Model model;
  TrajectoryBatch batch;
  explicit Path(const std::vector<std::string>& overrides)
      : model(load_scenario(DEFAULT_SCENARIO, overrides)),
        batch(1, model.years(), model.sectors(), model.satellites()) {
    batch.reset(0, 1);
    PathSimulator(model).simulate(11, 0, 0, batch, 0);
  }
  double at(Var var, int t, int j = 0) const {
    const auto width =
        static_cast<int>(extent_width(info(var).extent, model.sectors(), model.satellites()));
    return batch.path_data(var, 0)[t * width + j];
  }
  int sector(const std::string& code) const {
    for (int j = 0; j < model.sectors(); ++j) {
      if (model.spec().sectors[static_cast<std::size_t>(j)].code == code) return j;
    }
    FAIL("no sector " << code);
    return -1;
  }
  // ln Y* = ln Y - (1 - theta) z: the capacity part of a demand sector's output (M7), ln Y for a
  // supply sector (z = 0).
  double log_potential(int t, int j) const {
    const double theta = model.spec().sectors[static_cast<std::size_t>(j)].capacity_weight;
    return std::log(at(Var::ValueAddedReal, t, j)) - (1 - theta) * at(Var::UtilisationGap, t, j);
  }
};

// The --set value of a block's allocation with sector `code`'s share raised by `plus` and the
// others scaled down in proportion (the tilt of docs/model.md), and the block's name.
std::pair<std::string, std::string> tilt(const ScenarioSpec& spec, const std::string& code,
                                         double plus) {
  for (const InvestmentBlockSpec& block : spec.investment.blocks) {
    for (int j = 0; j < spec.sector_count(); ++j) {
      if (spec.sectors[static_cast<std::size_t>(j)].code != code) continue;
      const double s = block.allocation[static_cast<std::size_t>(j)];
      if (s <= 0) continue;
      std::ostringstream map;
      map.precision(17);
      map << "{";
      for (int i = 0; i < spec.sector_count(); ++i) {
        const double share = block.allocation[static_cast<std::size_t>(i)];
        if (share <= 0) continue;
        map << spec.sectors[static_cast<std::size_t>(i)].code << ": "
            << (i == j ? s + plus : share * (1 - s - plus) / (1 - s)) << ", ";
      }
      map << "}";
      return {block.name, map.str()};
    }
  }
  FAIL("no block invests in " << code);
  return {};
}

constexpr double TOL = 1e-9;

}  // namespace

TEST_CASE("a sector's share of investment sets its first-year capital and value added",
          "[integration][levers]") {
  const Path base(deterministic());
  // The 4-3-2 sectors: supply (BIGDATA, FIN, BIO, EQP, MAT, STS) and demand (TRADE, TOUR, CUL).
  for (const std::string code :
       {"BIGDATA", "FIN", "TRADE", "BIO", "EQP", "MAT", "TOUR", "STS", "CUL"}) {
    INFO(code);
    const auto [block, allocation] = tilt(base.model.spec(), code, 0.10);
    const Path tilted(deterministic({"investment.blocks." + block + ".allocation=" + allocation}));
    const int j = base.sector(code);
    const SectorSpec& sector = base.model.spec().sectors[static_cast<std::size_t>(j)];
    double share = 0;
    for (const InvestmentBlockSpec& b : base.model.spec().investment.blocks) {
      if (b.name == block) share = b.allocation[static_cast<std::size_t>(j)];
    }
    // K_1(s') = (1 - delta) K_0 + (s' / s) (K_1(s) - (1 - delta) K_0): every other term of M4 is
    // proportional to s.
    const double kept = (1 - sector.depreciation) * base.at(Var::Capital, 0, j);
    const double k1 = kept + (share + 0.10) / share * (base.at(Var::Capital, 1, j) - kept);
    CHECK(tilted.at(Var::Capital, 1, j) == Approx(k1).epsilon(TOL));
    // M5: ln Y* moves by alpha dln K (L and A do not depend on s in the first year); a supply
    // sector's Y is Y*.
    const double dlog_k = std::log(k1 / base.at(Var::Capital, 1, j));
    CHECK(tilted.log_potential(1, j) - base.log_potential(1, j) ==
          Approx(sector.capital_share * dlog_k).epsilon(TOL));
    if (sector.type == SectorType::Supply) {
      CHECK(tilted.at(Var::ValueAddedReal, 1, j) / base.at(Var::ValueAddedReal, 1, j) ==
            Approx(std::exp(sector.capital_share * dlog_k)).epsilon(TOL));
    }
    // More investment, more value added: the lever works in the direction economics says.
    CHECK(tilted.at(Var::ValueAddedReal, 1, j) > base.at(Var::ValueAddedReal, 1, j));
    CHECK(tilted.at(Var::ValueAddedReal, 5, j) > base.at(Var::ValueAddedReal, 5, j));
  }
}

TEST_CASE("a demand sector's TFP and capital change its output (M5 for every sector)",
          "[integration][levers]") {
  const Path base(deterministic());
  const int tour = base.sector("TOUR");
  const double theta = base.model.spec().sectors[static_cast<std::size_t>(tour)].capacity_weight;
  const double alpha = base.model.spec().sectors[static_cast<std::size_t>(tour)].capital_share;
  REQUIRE(theta > 0);

  // TFP: +0.01 of drift raises ln Y* by 0.01 in the first year, and ln Y by theta * 0.01 (the
  // demand side Y^D does not depend on the sector's own output in that year).
  const double drift = base.model.spec().sectors[static_cast<std::size_t>(tour)].tfp_drift;
  const Path faster(deterministic({"sectors.TOUR.tfp_drift=" + std::to_string(drift + 0.01)}));
  CHECK(std::log(faster.at(Var::ValueAddedReal, 1, tour) / base.at(Var::ValueAddedReal, 1, tour)) ==
        Approx(theta * 0.01).epsilon(TOL));

  // Capital: a larger base-year stock with the same investment grows more slowly; ln Y moves by
  // theta alpha (dln K_1' - dln K_1) in the first year (A_2020 recalibrated, Y_2020 unchanged).
  const double k = base.model.spec().sectors[static_cast<std::size_t>(tour)].capital_output_ratio;
  const Path more_capital(
      deterministic({"sectors.TOUR.capital_output_ratio=" + std::to_string(1.5 * k)}));
  const double growth_base =
      std::log(base.at(Var::Capital, 1, tour) / base.at(Var::Capital, 0, tour));
  const double growth_more =
      std::log(more_capital.at(Var::Capital, 1, tour) / more_capital.at(Var::Capital, 0, tour));
  CHECK(more_capital.at(Var::ValueAddedReal, 0, tour) ==
        Approx(base.at(Var::ValueAddedReal, 0, tour)).epsilon(TOL));
  CHECK(std::log(more_capital.at(Var::ValueAddedReal, 1, tour) /
                 base.at(Var::ValueAddedReal, 1, tour)) ==
        Approx(theta * alpha * (growth_more - growth_base)).epsilon(TOL));

  // theta = 0: output is what demand buys, and TFP no longer matters.
  const Path demand_only(deterministic({"sectors.TOUR.capacity_weight=0"}));
  const Path demand_only_faster(
      deterministic({"sectors.TOUR.capacity_weight=0",
                     "sectors.TOUR.tfp_drift=" + std::to_string(drift + 0.01)}));
  CHECK(demand_only_faster.at(Var::ValueAddedReal, 1, tour) ==
        Approx(demand_only.at(Var::ValueAddedReal, 1, tour)).epsilon(TOL));
}

TEST_CASE("J1 with d = -3 on TOUR lowers its final demand and value added in the onset year",
          "[integration][levers]") {
  // Only TOUR is hit, and through its own final demand only (no tourist-spending or retail
  // impact), so in the onset year X_D moves by L_DD[:, TOUR] df_TOUR and nothing else does.
  std::vector<std::string> pandemic = {"shocks.pandemic.enabled=true",
                                       "shocks.pandemic.probability=0",
                                       "shocks.pandemic.onset_years=[2023]",
                                       "shocks.pandemic.sector_impact={TOUR: -3}",
                                       "shocks.pandemic.tourist_spending_impact=0",
                                       "shocks.pandemic.retail_impact=0"};
  const Path calm(deterministic());
  const Path hit([&] {
    std::vector<std::string> o = deterministic();
    o.erase(std::find(o.begin(), o.end(), "shocks.pandemic.enabled=false"));
    o.insert(o.end(), pandemic.begin(), pandemic.end());
    return o;
  }());
  const int tour = calm.sector("TOUR");
  const int t = 3;  // 2023
  for (int before = 0; before < t; ++before)
    CHECK(hit.at(Var::ValueAddedReal, before, tour) == calm.at(Var::ValueAddedReal, before, tour));
  const double loss = hit.at(Var::PandemicLoss, t);
  REQUIRE(loss > 0);
  const double f = calm.at(Var::FinalDemandReal, t, tour);
  CHECK(hit.at(Var::FinalDemandReal, t, tour) == Approx(f * std::exp(-3 * loss)).epsilon(TOL));

  // The stated amount: Y^D' = v (X_D + L_DD[T,T] df), ln Y' = (1 - theta) ln Y^D' + theta ln Y*.
  const MixedInputOutput& mixed = calm.model.input_output().mixed;
  Eigen::Index k = 0;
  while (mixed.demand_sectors()[static_cast<std::size_t>(k)] != tour)
    ++k;
  const SectorSpec& sector = calm.model.spec().sectors[static_cast<std::size_t>(tour)];
  const double theta = sector.capacity_weight;
  const double log_y = std::log(calm.at(Var::ValueAddedReal, t, tour));
  const double z = calm.at(Var::UtilisationGap, t, tour);
  const double x_demand = std::exp(log_y + theta * z) / sector.va_ratio;
  const double x_hit = x_demand + mixed.leontief_dd()(k, k) * f * (std::exp(-3 * loss) - 1);
  const double expected =
      (1 - theta) * std::log(sector.va_ratio * x_hit) + theta * (log_y - (1 - theta) * z);
  CHECK(std::log(hit.at(Var::ValueAddedReal, t, tour)) == Approx(expected).epsilon(TOL));
  CHECK(hit.at(Var::ValueAddedReal, t, tour) < calm.at(Var::ValueAddedReal, t, tour));
}

TEST_CASE("with every price moving together, real GDP is the constant-price sum to 1e-12",
          "[integration][levers]") {
  // Shocks on (M1, M2, J1-J3 all on), one price for every sector: no relative drift, no sector
  // price noise, no utilisation pass-through. The Laspeyres chain then telescopes to sum_j Y_j.
  const Model model(load_scenario(
      DEFAULT_SCENARIO, {"sector_defaults.price_volatility=0", "sector_defaults.price_drift=0",
                         "prices.utilisation_pass_through=0"}));
  TrajectoryBatch batch(1, model.years(), model.sectors(), model.satellites());
  for (std::uint64_t path = 0; path < 20; ++path) {
    batch.reset(0, 1);
    PathSimulator(model).simulate(5, 0, path, batch, 0);
    const double* real = batch.path_data(Var::GdpReal, 0);
    const double* va = batch.path_data(Var::ValueAddedReal, 0);
    for (int t = 0; t < model.years(); ++t) {
      double sum = 0;
      for (int j = 0; j < model.sectors(); ++j)
        sum += va[t * model.sectors() + j];
      INFO("path " << path << ", year " << t);
      CHECK(real[t] == Approx(sum).epsilon(1e-12));
    }
  }
}

TEST_CASE("inflation leaves real variables alone when nominal FAI growth keeps pace",
          "[integration][levers]") {
  // eps_R = 1 (revenue proportional to its nominal base) in both; the second run has 1.6 pp more
  // inflation in every year and 1.6 pp more nominal FAI growth. Every nominal quantity then scales
  // by exp(0.016 t) and every real one stays (docs/model.md, "Inflation").
  const Path low(deterministic(
      {"fiscal.elasticity=1", "prices.base_inflation=0.010",
       "prices.inflation_mean=[{from: 2021, mean: 0.010}, {from: 2026, mean: 0.015}]"}));
  const Path high(
      deterministic({"fiscal.elasticity=1", "prices.base_inflation=0.026",
                     "prices.inflation_mean=[{from: 2021, mean: 0.026}, {from: 2026, mean: 0.031}]",
                     "investment.block_defaults.growth_mean=0.086"}));
  for (int t = 1; t < low.model.years(); ++t) {
    INFO("year " << 2020 + t);
    CHECK(high.at(Var::GdpReal, t) == Approx(low.at(Var::GdpReal, t)).epsilon(TOL));
    CHECK(high.at(Var::Population, t) == Approx(low.at(Var::Population, t)).epsilon(TOL));
    CHECK(high.at(Var::GdpNominal, t) ==
          Approx(low.at(Var::GdpNominal, t) * std::exp(0.016 * t)).epsilon(TOL));
    for (int j = 0; j < low.model.sectors(); ++j)
      CHECK(high.at(Var::ValueAddedReal, t, j) ==
            Approx(low.at(Var::ValueAddedReal, t, j)).epsilon(TOL));
  }
  // With nominal FAI growth unchanged, higher inflation buys less real investment (by design).
  const Path high_fixed_fai(deterministic(
      {"fiscal.elasticity=1", "prices.base_inflation=0.026",
       "prices.inflation_mean=[{from: 2021, mean: 0.026}, {from: 2026, mean: 0.031}]"}));
  CHECK(high_fixed_fai.at(Var::GdpReal, 5) < low.at(Var::GdpReal, 5));
}
