// The default scenario's base year reproduces every 2020 figure of the plan to 1e-9 relative
// (MODEL.md section 0 and 专栏1-1): GDP, GDP per capita, FAI, retail sales, budget revenue,
// disposable income, urbanisation, labour productivity, the 0.9 : 21.5 : 77.6 split, tourism,
// R&D intensity and the satellites with a plan base.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "regiosim/model.hpp"
#include "regiosim/path_simulator.hpp"

using namespace regiosim;

TEST_CASE("the default scenario reproduces the plan's 2020 figures", "[integration][calibration]") {
  const Model model(load_scenario(REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml"));
  TrajectoryBatch batch(1, model.years(), model.sectors(), model.satellites());
  batch.reset(0, 1);
  PathSimulator(model).simulate(2020, 0, 0, batch, 0);
  const auto base = [&](Var var) { return batch.path_data(var, 0)[0]; };
  const double tol = 1e-9;
  CHECK(base(Var::GdpNominal) == Approx(451.9).epsilon(tol));
  CHECK(base(Var::GdpReal) == Approx(451.9).epsilon(tol));
  CHECK(base(Var::GdpPerCapita) == Approx(71757).epsilon(tol));
  CHECK(base(Var::FaiNominal) == Approx(204.2).epsilon(tol));
  CHECK(base(Var::RetailSales) == Approx(222.2).epsilon(tol));
  CHECK(base(Var::BudgetRevenue) == Approx(21.9).epsilon(tol));
  CHECK(base(Var::IncomePerCapita) == Approx(32679).epsilon(tol));
  CHECK(base(Var::Urbanisation) == Approx(0.8806).epsilon(tol));
  CHECK(base(Var::LabourProductivity) == Approx(14.4).epsilon(tol));
  CHECK(base(Var::PrimaryShare) == Approx(0.009).epsilon(tol));
  CHECK(base(Var::SecondaryShare) == Approx(0.215).epsilon(tol));
  CHECK(base(Var::TertiaryShare) == Approx(0.776).epsilon(tol));
  CHECK(base(Var::GdpDeflator) == Approx(1.0).epsilon(tol));
  // M11 and M13 base values.
  CHECK(base(Var::TouristSpending) == Approx(10).epsilon(tol));
  CHECK(base(Var::TouristVisits) == Approx(2e7).epsilon(tol));
  CHECK(base(Var::RdIntensity) == Approx(0.035).epsilon(tol));
  // Satellites with a plan base reproduce it (psi calibrated, MODEL.md section 8).
  const auto satellite = [&](const std::string& id) {
    for (int k = 0; k < model.satellites(); ++k) {
      if (model.spec().satellites[static_cast<std::size_t>(k)].id == id) {
        return batch.path_data(Var::SatelliteValue, 0)[k];
      }
    }
    return std::nan("");
  };
  CHECK(satellite("industrial_va_above_size") == Approx(43.4).epsilon(tol));
  CHECK(satellite("high_tech_va") == Approx(9.6).epsilon(tol));
  CHECK(satellite("bigdata_revenue") == Approx(230).epsilon(tol));
  CHECK(satellite("equipment_revenue") == Approx(100).epsilon(tol));
  // M7: gross output X = VA / v in every sector: the base the final demand f_D is calibrated to.
  for (int j = 0; j < model.sectors(); ++j) {
    const SectorSpec& sector = model.spec().sectors[static_cast<std::size_t>(j)];
    CHECK(batch.path_data(Var::GrossOutputReal, 0)[j] ==
          Approx(sector.va_share * 451.9 / sector.va_ratio).epsilon(tol));
  }
  // Population follows from GDP and GDP per capita: 451.9e8 / 71757.
  CHECK(base(Var::Population) == Approx(451.9e8 / 71757).epsilon(tol));
  // Sector value added equals the base shares times GDP.
  const double* va = batch.path_data(Var::ValueAddedReal, 0);
  for (int j = 0; j < model.sectors(); ++j) {
    CHECK(va[j] ==
          Approx(model.spec().sectors[static_cast<std::size_t>(j)].va_share * 451.9).epsilon(tol));
  }
}
