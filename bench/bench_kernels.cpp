// The two kernels every path-year runs: the Leontief solve of the mixed input-output model (M7)
// and the random numbers (Philox4x32-10 and Box-Muller). Each reports its cost per path-year, so
// it reads as a share of simulate_batch's.
#include <benchmark/benchmark.h>

#include <Eigen/Dense>
#include <random>
#include <vector>

#include "bench_support.hpp"
#include "regiosim/input_output.hpp"
#include "regiosim/model.hpp"
#include "regiosim/random_stream.hpp"

namespace {

using regiosim::bench::count_path_years;
using regiosim::bench::default_model;

// X_D = L_DD f_D + (L_DD Ar_DS) X_S: one call per path-year.
void run_demand_output(benchmark::State& state, const regiosim::MixedInputOutput& mixed) {
  const Eigen::VectorXd x_supply = Eigen::VectorXd::Ones(mixed.supply_count());
  const Eigen::VectorXd f_demand = Eigen::VectorXd::Ones(mixed.demand_count());
  Eigen::VectorXd x_demand(mixed.demand_count());
  for (auto _ : state) {
    mixed.demand_output(x_supply, f_demand, x_demand);
    benchmark::DoNotOptimize(x_demand.data());
    benchmark::ClobberMemory();
  }
  count_path_years(state, 1.0);
}

void leontief_default(benchmark::State& state) {
  run_demand_output(state, default_model().input_output().mixed);
}
BENCHMARK(leontief_default);

// range(0) sectors, half of them demand sectors, with a random productive Ar (column sums 0.5):
// how the solve grows with the number of sectors.
void leontief_sectors(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  std::mt19937_64 engine(1);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Eigen::MatrixXd a(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i)
      a(i, j) = uniform(engine);
    a.col(j) *= 0.5 / a.col(j).sum();
  }
  std::vector<bool> is_supply(static_cast<std::size_t>(n));
  for (Eigen::Index j = 0; j < n; ++j)
    is_supply[static_cast<std::size_t>(j)] = j % 2 == 0;
  run_demand_output(state, regiosim::MixedInputOutput(a, is_supply));
}
BENCHMARK(leontief_sectors)->Arg(15)->Arg(50)->Arg(150);

// The draws of one path-year of the default scenario when no jump fires, pooled as
// path_simulator.cpp pools them: one call for the normals (sector shocks and sector prices, one per
// sector each; group factors; FAI blocks; nine scalar normals from streams of their own) and one
// for the jump uniforms (pandemic onset, bust regime, one arrival per project sector). An estimate
// of the random numbers' share; the simulator is the reference.
void random_numbers(benchmark::State& state) {
  using regiosim::Stream;
  const regiosim::Model& model = default_model();
  const auto sectors = static_cast<std::size_t>(model.sectors());
  const auto groups = static_cast<std::size_t>(model.groups());
  const auto blocks = static_cast<std::size_t>(model.blocks());
  const std::size_t project_sectors = model.spec().shocks.projects.sectors.size();
  const Stream scalar_streams[] = {
      Stream::RegionalFactor, Stream::Inflation, Stream::InvestmentPrice,
      Stream::TouristVisits,  Stream::Migration, Stream::Income,
      Stream::Retail,         Stream::Revenue,   Stream::RdIntensity};
  const auto years = static_cast<std::uint64_t>(model.years() - 1);
  std::vector<double> normals(2 * sectors + groups + blocks + std::size(scalar_streams));
  std::vector<double> uniforms(2 + project_sectors);
  std::uint64_t path = 0;
  for (auto _ : state) {
    const regiosim::RandomStream rng(1, path++);
    for (std::uint64_t t = 0; t < years; ++t) {
      regiosim::RandomStream::Draws draws[4 + std::size(scalar_streams)] = {
          {Stream::SectorShock, t * sectors, sectors, normals.data()},
          {Stream::SectorPrice, t * sectors, sectors, normals.data() + sectors},
          {Stream::GroupFactor, t * groups, groups, normals.data() + 2 * sectors},
          {Stream::Investment, t * blocks, blocks, normals.data() + 2 * sectors + groups}};
      double* scalar = normals.data() + 2 * sectors + groups + blocks;
      for (std::size_t k = 0; k < std::size(scalar_streams); ++k)
        draws[4 + k] = {scalar_streams[k], t, 1, scalar + k};
      rng.normals(draws, std::size(draws));
      const regiosim::RandomStream::Draws jumps[] = {
          {Stream::PandemicOnset, t, 1, uniforms.data()},
          {Stream::BustRegime, t, 1, uniforms.data() + 1},
          {Stream::ProjectArrivals, t * project_sectors, project_sectors, uniforms.data() + 2}};
      rng.uniforms(jumps, std::size(jumps));
      benchmark::DoNotOptimize(normals.data());
      benchmark::DoNotOptimize(uniforms.data());
    }
  }
  count_path_years(state, static_cast<double>(years));
  state.counters["draws_per_path_year"] = static_cast<double>(normals.size() + uniforms.size());
}
BENCHMARK(random_numbers);

}  // namespace
