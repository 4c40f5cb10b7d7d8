// Shock families (MODEL.md section 2): each keyed to its own random stream, so switching one on
// leaves the draws of the others bit-identical; Student-t innovations keep unit variance; the jump
// processes J1-J3 do what their parameters say, checked against hand computations.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "regiosim/model.hpp"
#include "regiosim/random_stream.hpp"
#include "regiosim/runner.hpp"
#include "run/distributions.hpp"
#include "support/memory_sink.hpp"
#include "support/tiny_scenario.hpp"

using namespace regiosim;

namespace {

const std::string DEFAULT_SCENARIO = REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml";

test::MemorySink run_paths(const ScenarioSpec& spec, std::uint64_t paths, std::uint64_t seed = 7) {
  const Model model(spec);
  test::MemorySink sink(paths, model.years(), model.sectors(), model.satellites());
  RunOptions options;
  options.paths = paths;
  options.seed = seed;
  options.threads = 2;
  options.batch_size = 32;
  run(model, options, &sink);
  return sink;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("switching J1 on leaves the M1 draws bit-identical", "[integration][shocks]") {
  // Probability 1: a pandemic starts every year, so outputs change but the M1 shocks must not.
  const auto off =
      run_paths(load_scenario(DEFAULT_SCENARIO, {"shocks.pandemic.enabled=false"}), 64);
  const auto on = run_paths(load_scenario(DEFAULT_SCENARIO, {"shocks.pandemic.probability=1"}), 64);
  CHECK(same_bits(off.values(Var::SectorShock), on.values(Var::SectorShock)));
  CHECK_FALSE(same_bits(off.values(Var::GdpNominal), on.values(Var::GdpNominal)));
  // J2 and J3 switched off do not touch the M1 draws either.
  const auto quiet =
      run_paths(load_scenario(DEFAULT_SCENARIO, {"shocks.pandemic.enabled=false",
                                                 "shocks.property_bust.enabled=false",
                                                 "shocks.projects.enabled=false"}),
                64);
  CHECK(same_bits(off.values(Var::SectorShock), quiet.values(Var::SectorShock)));
}

TEST_CASE("J1 loss is the profile times the severity drawn for each onset",
          "[integration][shocks]") {
  // Tiny scenario, pandemic every year: L_t = sum over onsets s <= t of profile[t - s] * S_s.
  const ScenarioSpec spec =
      test::tiny_scenario({"shocks.pandemic.enabled=true", "shocks.pandemic.probability=1"});
  const auto sink = run_paths(spec, 3, 11);
  const TruncatedLognormal severity(1.0, 0.5, 2.5);
  const std::vector<double> profile = {1.0, 0.6, 0.3};
  const int years = spec.years();
  for (std::uint64_t p = 0; p < 3; ++p) {
    const RandomStream rng(11, p);
    for (int t = 1; t < years; ++t) {
      double expected = 0;
      for (int onset = 1; onset <= t; ++onset) {
        const auto lag = static_cast<std::size_t>(t - onset);
        if (lag < profile.size()) {
          expected +=
              profile[lag] * severity.quantile(rng.uniform(Stream::PandemicSeverity,
                                                           static_cast<std::uint64_t>(onset)));
        }
      }
      CHECK(sink.values(Var::PandemicLoss)[p * static_cast<std::size_t>(years) +
                                           static_cast<std::size_t>(t)] ==
            Approx(expected).epsilon(1e-14));
    }
  }
}

TEST_CASE("J2: a bust that never ends cuts the real-estate block every year",
          "[integration][shocks]") {
  // With enter = stay = 1 and drop_sd = 0, the block's FAI falls by drop_mean a year: FAI_t =
  // FAI_0 exp(-0.1 t) for the single block of the tiny scenario.
  const ScenarioSpec spec =
      test::tiny_scenario({"shocks.property_bust.enabled=true", "shocks.property_bust.enter=1",
                           "shocks.property_bust.stay=1", "shocks.property_bust.drop_mean=0.1",
                           "shocks.property_bust.drop_sd=0"});
  const auto sink = run_paths(spec, 2);
  for (int t = 1; t < spec.years(); ++t) {
    CHECK(sink.values(Var::PropertyBust)[static_cast<std::size_t>(t)] == 1.0);
    CHECK(sink.values(Var::FaiNominal)[static_cast<std::size_t>(t)] ==
          Approx(20 * std::exp(-0.1 * t)).epsilon(1e-12));
  }
}

TEST_CASE("J3: a named project ramps up over ramp_years and adds its VA", "[integration][shocks]") {
  // One certain project of size 4 in S1 from 2022, ramp 2 years: 2 in 2022, 4 from 2023 on.
  const ScenarioSpec spec = test::tiny_scenario(
      {"shocks.projects.enabled=true", "shocks.projects.arrivals=0", "shocks.projects.ramp_years=2",
       "shocks.projects.named=[{name: plant, sector: S1, year: 2022, size: 4, probability: 1}]"});
  const ScenarioSpec without = test::tiny_scenario({"shocks.projects.enabled=false"});
  const auto with_project = run_paths(spec, 1);
  const auto baseline = run_paths(without, 1);
  const std::vector<double> expected = {0, 0, 2, 4, 4};
  for (int t = 0; t < spec.years(); ++t) {
    const auto at = static_cast<std::size_t>(t) * 2;  // sector S1 of year t (2 sectors)
    CHECK(with_project.values(Var::ProjectOutput)[at] == expected[static_cast<std::size_t>(t)]);
  }
  // In 2022 nothing else differs yet (the project's own output feeds later years), so S1's VA is
  // the baseline plus 2.
  CHECK(with_project.values(Var::ValueAddedReal)[4] ==
        Approx(baseline.values(Var::ValueAddedReal)[4] + 2).epsilon(1e-12));
}

TEST_CASE("Student-t innovations have unit variance and fat tails", "[integration][shocks]") {
  // Only idiosyncratic shocks (b = c = 0), sigma 0.5 (the domain's top): u_S1 / 0.5 in year 1 is
  // the Student-t innovation.
  // Its sample variance must be 1 within 4 standard errors, the SE estimated from the sample fourth
  // moment (Var(u^2) = E u^4 - (E u^2)^2); nu = 5 has kurtosis 9, a normal 3.
  const std::uint64_t paths = 40000;
  const ScenarioSpec spec = test::tiny_scenario(
      {"shocks.distribution=student_t", "shocks.degrees_of_freedom=5", "sectors.S1.volatility=0.5",
       "sectors.S1.loading_regional=0", "sectors.S1.loading_group=0"});
  const auto sink = run_paths(spec, paths);
  const std::size_t per_path = sink.per_path(Var::SectorShock);
  double m2 = 0, m4 = 0;
  for (std::uint64_t p = 0; p < paths; ++p) {
    const double u = sink.values(Var::SectorShock)[p * per_path + 2] / 0.5;  // year 1, sector S1
    m2 += u * u;
    m4 += u * u * u * u;
  }
  m2 /= static_cast<double>(paths);
  m4 /= static_cast<double>(paths);
  const double se = std::sqrt((m4 - m2 * m2) / static_cast<double>(paths));
  CHECK(std::fabs(m2 - 1.0) < 4 * se);
  // A normal's sample kurtosis is 3 within 4 sqrt(24 / n) = 0.1; t5's is 9 in theory (its sample
  // estimate converges slowly, the eighth moment being infinite), so 4.5 separates the two.
  CHECK(m4 / (m2 * m2) > 4.5);
}

TEST_CASE("a historical regional factor replaces the draw in its year on every path",
          "[integration][shocks]") {
  // Backtests: f_2021 = -2 on every path; u_S1,2021 = sigma (b f + c h + sqrt(1 - b^2 - c^2) e).
  const ScenarioSpec spec = test::tiny_scenario(
      {"shocks.regional_factor_history={2021: -2}", "sectors.S1.volatility=0.05"});
  const auto sink = run_paths(spec, 4, 5);
  const std::size_t per_path = sink.per_path(Var::SectorShock);
  for (std::uint64_t p = 0; p < 4; ++p) {
    const RandomStream rng(5, p);
    const double h = rng.normal(Stream::GroupFactor, 1);
    const double e = rng.normal(Stream::SectorShock, 2);
    const double u = 0.05 * (0.6 * -2.0 + 0.3 * h + std::sqrt(1 - 0.36 - 0.09) * e);
    CHECK(sink.values(Var::SectorShock)[p * per_path + 2] == Approx(u).epsilon(1e-14));
  }
}
