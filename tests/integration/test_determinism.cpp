// Same seed => bit-identical trajectories, quantiles and scorecard for any thread count and batch
// size, and path k is the same whatever the total number of paths (ARCHITECTURE.md convention 5).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "regiosim/model.hpp"
#include "regiosim/runner.hpp"
#include "support/memory_sink.hpp"

using namespace regiosim;

namespace {

struct Outcome {
  RunResult result;
  test::MemorySink sink;
};

Outcome run_with(const Model& model, std::uint64_t paths, int threads, std::size_t batch,
                 bool keep = false) {
  RunOptions options;
  options.keep_target_values = keep;
  options.paths = paths;
  options.seed = 2025;
  options.threads = threads;
  options.batch_size = batch;
  Outcome out{RunResult{},
              test::MemorySink(paths, model.years(), model.sectors(), model.satellites())};
  out.result = run(model, options, &out.sink);
  return out;
}

// Bit-for-bit equality, so NaN (a quantile outside the sketch's range) equals NaN.
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  // Empty vectors may have null data(), which memcmp must not get (UBSan: null pointer).
  if (a.size() != b.size()) return false;
  return a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void require_identical(const Outcome& a, const Outcome& b) {
  for (const VarInfo& v : VARIABLES) {
    INFO(v.name);
    REQUIRE(same_bits(a.sink.values(v.var), b.sink.values(v.var)));
    REQUIRE(same_bits(a.result.quantiles.values[static_cast<std::size_t>(v.var)],
                      b.result.quantiles.values[static_cast<std::size_t>(v.var)]));
  }
  REQUIRE(same_bits(a.result.target_values, b.result.target_values));
  REQUIRE(a.result.scorecard.targets.size() == b.result.scorecard.targets.size());
  for (std::size_t k = 0; k < a.result.scorecard.targets.size(); ++k) {
    const TargetResult& x = a.result.scorecard.targets[k];
    const TargetResult& y = b.result.scorecard.targets[k];
    REQUIRE(x.p_meet == y.p_meet);
    REQUIRE(x.median == y.median);
    REQUIRE(x.q05 == y.q05);
    REQUIRE(x.q95 == y.q95);
    REQUIRE(same_bits({x.expected_shortfall, x.expected_shortfall_se},
                      {y.expected_shortfall, y.expected_shortfall_se}));
    REQUIRE(x.first_passage == y.first_passage);
  }
  REQUIRE(a.result.scorecard.joint_p_meet == b.result.scorecard.joint_p_meet);
  REQUIRE(a.result.scorecard.p_at_least == b.result.scorecard.p_at_least);
  REQUIRE(a.result.scorecard.p_at_least_se == b.result.scorecard.p_at_least_se);
}

}  // namespace

TEST_CASE("results are bit-identical across thread counts and batch sizes",
          "[integration][determinism]") {
  const Model model(load_scenario(REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml"));
  const std::uint64_t paths = 301;  // not a multiple of any batch size below
  const Outcome reference = run_with(model, paths, 1, 256);
  for (int threads : {1, 2, 4}) {
    for (std::size_t batch : {1u, 7u, 64u, 256u, 1000u}) {
      INFO("threads " << threads << ", batch " << batch);
      require_identical(reference, run_with(model, paths, threads, batch));
    }
  }
}

TEST_CASE("kept per-path values are bit-identical too and change only the quantiles",
          "[integration][determinism]") {
  const Model model(load_scenario(REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml"));
  const std::uint64_t paths = 301;
  const Outcome kept = run_with(model, paths, 1, 256, true);
  for (int threads : {2, 4}) {
    for (std::size_t batch : {7u, 1000u}) {
      INFO("threads " << threads << ", batch " << batch);
      require_identical(kept, run_with(model, paths, threads, batch, true));
    }
  }
  // The streaming scorecard is the same but for its quantiles, which are the sketch's: within its
  // accuracy of the lower empirical quantile (rank floor(q (n - 1))) of the kept values, relative
  // 5e-4 on a level or share basis and GROWTH_SCALE * ln(1 + 5e-4) absolute on a growth basis
  // (sketched through exp(value / GROWTH_SCALE); 1e-12 of slack for exp/log rounding).
  const Outcome streamed = run_with(model, paths, 2, 64);
  REQUIRE(streamed.result.target_values.empty());
  const Scorecard& a = kept.result.scorecard;
  const Scorecard& b = streamed.result.scorecard;
  CHECK(a.joint_p_meet == b.joint_p_meet);
  CHECK(a.p_at_least == b.p_at_least);
  for (std::size_t k = 0; k < a.targets.size(); ++k) {
    const TargetResult& x = a.targets[k];
    const TargetResult& y = b.targets[k];
    INFO(x.target.id);
    CHECK(x.p_meet == y.p_meet);
    CHECK(same_bits({x.expected_shortfall, x.expected_shortfall_se},
                    {y.expected_shortfall, y.expected_shortfall_se}));
    CHECK(x.first_passage == y.first_passage);
    const auto begin = kept.result.target_values.begin() + static_cast<std::ptrdiff_t>(k * paths);
    std::vector<double> sorted(begin, begin + static_cast<std::ptrdiff_t>(paths));
    std::sort(sorted.begin(), sorted.end());
    const bool growth =
        x.target.basis == TargetBasis::RealGrowth || x.target.basis == TargetBasis::NominalGrowth;
    const double q[] = {0.05, 0.5, 0.95};
    const double sketched[] = {y.q05, y.median, y.q95};
    for (int i = 0; i < 3; ++i) {
      const double lower = sorted[static_cast<std::size_t>(std::floor(q[i] * (paths - 1)))];
      const double accuracy = QuantileSketch::RELATIVE_ACCURACY;
      const double bound = growth
                               ? ScorecardAccumulator::GROWTH_SCALE * std::log1p(accuracy) + 1e-12
                               : accuracy * std::fabs(lower);
      CHECK(std::fabs(sketched[i] - lower) <= bound);
    }
  }
}

TEST_CASE("path k is the same whatever the number of paths", "[integration][determinism]") {
  const Model model(load_scenario(REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml"));
  const Outcome few = run_with(model, 50, 2, 16);
  const Outcome many = run_with(model, 333, 2, 64);
  for (const VarInfo& v : VARIABLES) {
    const auto& a = few.sink.values(v.var);
    const auto& b = many.sink.values(v.var);
    REQUIRE(std::equal(a.begin(), a.end(), b.begin()));
  }
}

TEST_CASE("a different seed gives different paths", "[integration][determinism]") {
  const Model model(load_scenario(REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml"));
  RunOptions options;
  options.paths = 10;
  options.threads = 1;
  test::MemorySink a(10, model.years(), model.sectors(), model.satellites());
  test::MemorySink b(10, model.years(), model.sectors(), model.satellites());
  options.seed = 1;
  run(model, options, &a);
  options.seed = 2;
  run(model, options, &b);
  CHECK(a.values(Var::GdpNominal) != b.values(Var::GdpNominal));
}

TEST_CASE("parameter sets: bit-identical across thread counts and batch sizes",
          "[integration][determinism]") {
  // Shocks and two priors: 6 sets of 23 paths, so batches straddle the sets.
  const Model model(load_scenario(
      REGIOSIM_SOURCE_DIR "/tests/scenarios/tiny.yaml",
      {"sector_defaults.volatility=0.03", "sectors[0].tfp_drift={prior: uniform, lo: 0, hi: 0.04}",
       "income.volatility={prior: lognormal, mean: 0.02, sd: 0.01}"}));
  auto run_sets = [&](int threads, std::size_t batch) {
    RunOptions options;
    options.paths = 23;
    options.parameter_sets = 6;
    options.seed = 2025;
    options.threads = threads;
    options.batch_size = batch;
    Outcome out{RunResult{},
                test::MemorySink(6 * 23, model.years(), model.sectors(), model.satellites())};
    out.result = run(model, options, &out.sink);
    return out;
  };
  const Outcome reference = run_sets(1, 256);
  REQUIRE(reference.result.parameter_values.size() == 6);
  for (int threads : {1, 2, 4}) {
    for (std::size_t batch : {1u, 7u, 64u}) {
      INFO("threads " << threads << ", batch " << batch);
      const Outcome other = run_sets(threads, batch);
      require_identical(reference, other);
      REQUIRE(other.result.parameter_values == reference.result.parameter_values);
      for (std::size_t k = 0; k < reference.result.scorecard.targets.size(); ++k) {
        const VarianceSplit& x = *reference.result.scorecard.targets[k].variance;
        const VarianceSplit& y = *other.result.scorecard.targets[k].variance;
        REQUIRE(
            same_bits({x.between, x.within, x.parameters}, {y.between, y.within, y.parameters}));
      }
    }
  }
}
