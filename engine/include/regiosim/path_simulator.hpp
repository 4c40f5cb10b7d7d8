#pragma once
// PathSimulator: one Monte Carlo path of the model, year by year. The year step is the sequence of
// model blocks in model/year_blocks.hpp (MODEL.md M1-M13, J1-J3); this class draws the jumps,
// calls the blocks in order and writes each year's outputs. It owns its state and scratch space,
// allocated once, so the year step allocates nothing. Not thread-safe: one per thread.

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <vector>

#include "regiosim/model.hpp"
#include "regiosim/random_stream.hpp"
#include "regiosim/trajectory_batch.hpp"

namespace regiosim {

namespace blocks {
struct PathState;
struct JumpDistributions;
class InnovationLayout;
}  // namespace blocks

class PathSimulator {
 public:
  // At most this many random J3 projects per sector and year (Poisson(0.5) exceeds it with
  // probability 1e-16); it fixes the draw indices each arrival may use.
  static constexpr int MAX_PROJECTS_PER_YEAR = 16;

  explicit PathSimulator(const Model& model);
  ~PathSimulator();
  PathSimulator(const PathSimulator&) = delete;
  PathSimulator& operator=(const PathSimulator&) = delete;

  // Simulates path `path` (global index) with numbers keyed by (seed, design_point, path) and
  // writes it into slot `slot` of `out`. Throws ModelError naming path, year, sector and variable
  // if a value is not finite.
  void simulate(std::uint64_t seed, std::uint32_t design_point, std::uint64_t path,
                TrajectoryBatch& out, std::size_t slot);

 private:
  const Model& model_;
  std::unique_ptr<blocks::PathState> state_;
  std::unique_ptr<blocks::InnovationLayout> layout_;
  std::unique_ptr<blocks::JumpDistributions> jump_distributions_;
  Eigen::VectorXd build_weights_;
  Eigen::MatrixXd initial_investment_history_;  // pre-sample I_{j,-s}, the same on every path
  Eigen::VectorXd initial_public_investment_history_;
  // Per-sector exp and log arguments and results (model/elementary.hpp), PathState::scratch_size.
  std::vector<double> scratch_;
  // J3 draws: a year's pooled jump uniforms (J1-J3), arrival uniforms by project sector, sectors
  // with arrivals, size uniforms (project sector, arrival).
  std::vector<RandomStream::Draws> jump_draws_;
  std::vector<double> jump_uniforms_;
  std::vector<int> arrival_sectors_;
  std::vector<double> project_size_uniforms_;

  // The base year (t = 0): the calibrated state, reproducing the scenario's base data exactly.
  void start_path(const RandomStream& rng);
  // One year t >= 1 of M1-M13 and J1-J3.
  void step(const RandomStream& rng, std::uint64_t path, int t);
  // J1 onset, J2 regime and J3 arrivals from the year's pooled uniforms.
  void draw_jumps(const RandomStream& rng, int t);
  // Year t's outputs into `out`, then the section 10 check that every value is finite.
  void write_year(std::uint64_t path, int t, TrajectoryBatch& out, std::size_t slot) const;
};

}  // namespace regiosim
