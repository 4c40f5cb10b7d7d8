// Path simulation and full-runner throughput on the default scenario. Compare ratios within one
// run: the machines are shared.
#include <benchmark/benchmark.h>

#include "bench_support.hpp"
#include "regiosim/model.hpp"
#include "regiosim/path_simulator.hpp"
#include "regiosim/runner.hpp"

namespace {

using regiosim::bench::count_path_years;
using regiosim::bench::default_model;

// One batch of range(0) consecutive paths through every year, as a runner thread simulates it:
// the year steps of a batch, without the runner's statistics.
void simulate_batch(benchmark::State& state) {
  const regiosim::Model& model = default_model();
  const auto paths = static_cast<std::size_t>(state.range(0));
  regiosim::PathSimulator simulator(model);
  regiosim::TrajectoryBatch batch(paths, model.years(), model.sectors(), model.satellites());
  std::uint64_t first = 0;
  for (auto _ : state) {
    batch.reset(first, paths);
    for (std::size_t slot = 0; slot < paths; ++slot)
      simulator.simulate(1, 0, first + slot, batch, slot);
    first += paths;
    benchmark::DoNotOptimize(batch.data(regiosim::Var::GdpNominal));
  }
  count_path_years(state, static_cast<double>(paths) * (model.years() - 1));
}
BENCHMARK(simulate_batch)->Arg(1)->Arg(256);

// Drops every batch: the store=full pipeline (buffer pool, writer thread) without the file.
class DiscardingSink final : public regiosim::TrajectorySink {
 public:
  void write(const regiosim::TrajectoryBatch& batch) override {
    benchmark::DoNotOptimize(batch.data(regiosim::Var::GdpNominal));
  }
};

// The whole runner on one thread: simulation, quantile sketches, scorecard; range(1) = 1 hands
// the batches to a sink as store=full does.
void runner(benchmark::State& state) {
  const regiosim::Model& model = default_model();
  regiosim::RunOptions options;
  options.paths = static_cast<std::uint64_t>(state.range(0));
  options.threads = 1;
  DiscardingSink sink;
  for (auto _ : state)
    benchmark::DoNotOptimize(
        regiosim::run(model, options, state.range(1) != 0 ? &sink : nullptr, nullptr));
  count_path_years(state, static_cast<double>(options.paths) * (model.years() - 1));
}
BENCHMARK(runner)
    ->ArgNames({"paths", "sink"})
    ->Args({20000, 0})
    ->Args({20000, 1})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();  // the writer thread's work counts too

}  // namespace
