// Path simulation and full-runner throughput on the default scenario, in path-years per second
// (simulated years, the base year excluded). Compare ratios within one run: the machines are
// shared.
#include <benchmark/benchmark.h>

#include "regiosim/model.hpp"
#include "regiosim/path_simulator.hpp"
#include "regiosim/runner.hpp"

namespace {

const regiosim::Model& default_model() {
  static const regiosim::Model model(
      regiosim::load_scenario(REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml"));
  return model;
}

void simulate_path(benchmark::State& state) {
  const regiosim::Model& model = default_model();
  regiosim::PathSimulator simulator(model);
  regiosim::TrajectoryBatch batch(1, model.years(), model.sectors(), model.satellites());
  batch.reset(0, 1);
  std::uint64_t path = 0;
  for (auto _ : state) {
    simulator.simulate(1, 0, path++, batch, 0);
    benchmark::DoNotOptimize(batch.data(regiosim::Var::GdpNominal));
  }
  state.counters["path_years_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * (model.years() - 1), benchmark::Counter::kIsRate);
}
BENCHMARK(simulate_path);

void runner_summary(benchmark::State& state) {
  const regiosim::Model& model = default_model();
  regiosim::RunOptions options;
  options.paths = static_cast<std::uint64_t>(state.range(0));
  options.threads = 1;
  for (auto _ : state)
    benchmark::DoNotOptimize(regiosim::run(model, options, nullptr));
  state.counters["path_years_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * options.paths) * (model.years() - 1),
      benchmark::Counter::kIsRate);
}
BENCHMARK(runner_summary)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
