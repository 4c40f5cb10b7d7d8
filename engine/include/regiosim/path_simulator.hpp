#pragma once
// PathSimulator: one Monte Carlo path of the model, year by year (MODEL.md M1-M5, M8-M12; demand
// sectors by the labelled placeholder until M6-M7). It owns its scratch space, allocated once, so
// the year step allocates nothing. Not thread-safe: one per thread.

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "regiosim/model.hpp"
#include "regiosim/random_stream.hpp"
#include "regiosim/trajectory_batch.hpp"

namespace regiosim {

class PathSimulator {
 public:
  // At most this many random J3 projects per sector and year (Poisson(0.5) exceeds it with
  // probability 1e-16); it fixes the draw indices each arrival may use.
  static constexpr int MAX_PROJECTS_PER_YEAR = 16;

  explicit PathSimulator(const Model& model);

  // Simulates path `path` (global index) with numbers keyed by (seed, design_point, path) and
  // writes it into slot `slot` of `out`. Throws ModelError naming path, year, sector and variable
  // if a value is not finite.
  void simulate(std::uint64_t seed, std::uint32_t design_point, std::uint64_t path,
                TrajectoryBatch& out, std::size_t slot);

 private:
  const Model& model_;
  // Scratch, sized once in the constructor (sectors, groups or blocks long).
  Eigen::VectorXd group_factor_, sector_noise_, correlated_noise_, price_noise_, block_noise_;
  Eigen::VectorXd shock_, log_tfp_, capital_, value_added_, log_value_added_, price_, labour_share_;
  Eigen::VectorXd employment_, fai_block_, dln_fai_block_, growth_previous_;
  Eigen::MatrixXd investment_history_;          // (sectors, build lags): I_{j,t-s}
  Eigen::MatrixXd initial_investment_history_;  // its pre-sample value, the same on every path
  Eigen::VectorXd initial_public_investment_history_;
  Eigen::VectorXd public_investment_history_;  // (build lags)
  Eigen::VectorXd build_weights_;
  Eigen::VectorXd gross_output_, final_demand_;     // by sector (M7)
  Eigen::VectorXd x_supply_, x_demand_, f_demand_;  // over the supply / demand sectors (M7)
  std::vector<double> drivers_;                     // final-demand drivers, real (M7)
  std::vector<double> pandemic_loss_;               // J1 level loss L_t by year
  Eigen::MatrixXd project_schedule_;                // J3 project VA (sectors, years)
  std::vector<RandomStream::Draws> jump_draws_;     // a year's pooled jump uniforms (J1-J3)
  std::vector<double> jump_uniforms_;               // J3 arrival uniforms by project sector
  std::vector<int> arrival_sectors_;                // J3 sectors with arrivals this year
  std::vector<double> project_size_uniforms_;       // J3 size uniforms (project sector, arrival)
  std::uint64_t innovation_count_ = 0;              // M1 innovations per year (Student-t mixing)
  // Arguments and results of the per-sector (and per-block) exp and log (model/elementary.hpp),
  // 2 x sectors or blocks long.
  Eigen::VectorXd transcendental_;
  Eigen::VectorXd log_potential_;  // over the supply sectors: ln Y*_j (M5)

  // Adds a J3 project of `size` (real VA) from year index `start`, ramping up linearly.
  void schedule_project(int sector, int start, double size);
};

}  // namespace regiosim
