// J4 statistical revisions (issue 12, scenarios/README.md): a revision shifts measured GDP levels
// without changing real activity, and the scorecard's p_meet_unrevised is exactly the P(meet) the
// same paths give with the revisions switched off (J4 draws from streams of its own).
#include <catch2/catch.hpp>
#include <cmath>

#include "regiosim/model.hpp"
#include "regiosim/path_simulator.hpp"
#include "regiosim/random_stream.hpp"
#include "regiosim/runner.hpp"
#include "support/tiny_scenario.hpp"

using namespace regiosim;

namespace {

std::vector<double> path_of(const Model& model, Var var, std::uint64_t path = 3) {
  TrajectoryBatch batch(1, model.years(), model.sectors(), model.satellites());
  batch.reset(0, 1);
  PathSimulator(model).simulate(17, 0, path, batch, 0);
  const auto width =
      static_cast<int>(extent_width(info(var).extent, model.sectors(), model.satellites()));
  const double* data = batch.path_data(var, 0);
  return std::vector<double>(data, data + model.years() * width);
}

const std::vector<std::string> SHOCKED = {"sector_defaults.volatility=0.03",
                                          "prices.volatility=0.012"};

std::vector<std::string> with(std::vector<std::string> more) {
  std::vector<std::string> o = SHOCKED;
  o.insert(o.end(), more.begin(), more.end());
  return o;
}

}  // namespace

TEST_CASE("a census-year revision shifts measured GDP from that year on, not real activity",
          "[integration][revisions]") {
  const Model off(test::tiny_scenario(with({})));
  const Model on(
      test::tiny_scenario(with({"shocks.revision.enabled=true", "shocks.revision.years=[2022]",
                                "shocks.revision.size_sd=0"})));
  const double factor = std::exp(0.031);  // the default size_mean, sd 0 here
  for (const Var var :
       {Var::GdpNominal, Var::GdpReal, Var::GdpPerCapita, Var::LabourProductivity}) {
    INFO(info(var).name);
    const std::vector<double> a = path_of(off, var), b = path_of(on, var);
    for (int t = 0; t < off.years(); ++t)
      CHECK(b[t] ==
            Approx(a[t] * (off.spec().base_year + t >= 2022 ? factor : 1.0)).epsilon(1e-14));
  }
  // Real activity and everything measured apart from GDP: identical.
  for (const Var var : {Var::ValueAddedReal, Var::IncomePerCapita, Var::BudgetRevenue,
                        Var::GdpDeflator, Var::TertiaryShare, Var::Population}) {
    INFO(info(var).name);
    CHECK(path_of(on, var) == path_of(off, var));
  }
  const std::vector<double> measured = path_of(on, Var::RevisionFactor);
  CHECK(measured[1] == 1.0);
  CHECK(measured[2] == Approx(factor).epsilon(1e-15));
}

TEST_CASE("random revisions: a size drawn from the revision stream each year they happen",
          "[integration][revisions]") {
  // probability 1 and no census years: a revision every simulated year.
  const Model model(
      test::tiny_scenario(with({"shocks.revision.enabled=true", "shocks.revision.years=[]",
                                "shocks.revision.probability=1"})));
  const std::vector<double> factor = path_of(model, Var::RevisionFactor, 5);
  const RandomStream rng(17, 5);
  double cumulative = 0;
  for (int t = 1; t < model.years(); ++t) {
    cumulative += 0.031 + 0.0096 * rng.normal(Stream::RevisionSize, static_cast<std::uint64_t>(t));
    CHECK(factor[t] == Approx(std::exp(cumulative)).epsilon(1e-14));
  }
}

TEST_CASE("P(meet) without revisions equals the P(meet) of the same paths with J4 off",
          "[integration][revisions]") {
  // tiny's target: nominal GDP 2024 >= 130, near the median, so the revisions move it.
  RunOptions options;
  options.paths = 3000;
  options.seed = 8;
  const RunResult off = run(Model(test::tiny_scenario(with({}))), options, nullptr);
  const RunResult on = run(Model(test::tiny_scenario(with(
                               {"shocks.revision.enabled=true", "shocks.revision.years=[2023]"}))),
                           options, nullptr);
  const TargetResult& a = off.scorecard.targets.front();
  const TargetResult& b = on.scorecard.targets.front();
  REQUIRE(a.target.indicator == "gdp_nominal");
  CHECK(std::isnan(a.p_meet_unrevised));
  CHECK(b.p_meet_unrevised == a.p_meet);
  CHECK(b.p_meet > a.p_meet);  // upward revisions: more paths measure above 130
}
