#pragma once
// PathSimulator: one Monte Carlo path of the model, year by year (MODEL.md M1-M5, M8-M12; demand
// sectors by the labelled placeholder until M6-M7). It owns its scratch space, allocated once, so
// the year step allocates nothing. Not thread-safe: one per thread.

#include <Eigen/Dense>
#include <cstdint>

#include "regiosim/model.hpp"
#include "regiosim/trajectory_batch.hpp"

namespace regiosim {

class PathSimulator {
 public:
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
  Eigen::MatrixXd investment_history_;         // (sectors, build lags): I_{j,t-s}
  Eigen::VectorXd public_investment_history_;  // (build lags)
  Eigen::VectorXd build_weights_;
};

}  // namespace regiosim
