#pragma once
// The solver of `regiosim calibrate` (calibrate.hpp, docs/calibration.md): the model statistics as
// a function of the parameters, computed on simulated paths with common random numbers, and
// Newton's method on them with an active set for volatilities at their bound 0.

#include <Eigen/Dense>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "history/calibration_series.hpp"
#include "regiosim/calibrate.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim::history {

// ln(1e-6): a volatility this small is "at the bound 0".
inline constexpr double LOG_FLOOR = -13.8;

// One parameter being estimated, with its statistic.
struct Unknown {
  const MomentRule* rule;
  std::string key_path;  // resolved: prices.inflation_mean[k].mean
  std::size_t series;    // index into the series
  double start;
  double value(double z) const { return rule->log_scale ? std::exp(z) : z; }
  double z_of(double v) const { return rule->log_scale ? std::log(std::max(v, 1e-6)) : v; }
  std::string statistic() const {
    return std::string(rule->indicator) + (rule->standard_deviation ? " sd" : " mean");
  }
};

// The statistics of the estimated parameters, mean over paths, with the per-path values when asked.
struct Evaluation {
  Eigen::VectorXd mean;
  Eigen::MatrixXd per_path;  // (paths, statistics), only when kept
};

// The scenario (with fixed overrides: the horizon cut at the last observation, no targets) run
// with the unknowns at z, and each unknown's statistic on every path.
class MomentModel {
 public:
  MomentModel(const ScenarioSource& source, std::vector<std::string> fixed,
              const std::vector<GrowthSeries>& series, const std::vector<Unknown>& unknowns,
              const CalibrateOptions& options)
      : source_(source),
        fixed_(std::move(fixed)),
        series_(series),
        unknowns_(unknowns),
        options_(options) {}

  // nullopt when a value lies outside its key's domain (the scenario reader refuses it, or the
  // model cannot run with it).
  std::optional<Evaluation> evaluate(const Eigen::VectorXd& z, bool keep_paths) const;
  const std::vector<Unknown>& unknowns() const { return unknowns_; }

 private:
  const ScenarioSource& source_;
  std::vector<std::string> fixed_;
  const std::vector<GrowthSeries>& series_;
  const std::vector<Unknown>& unknowns_;
  const CalibrateOptions& options_;
};

// Per column: the standard deviation (n - 1) and the covariance matrix of per-path statistics.
Eigen::VectorXd column_sd(const Eigen::MatrixXd& values);
Eigen::MatrixXd covariance(const Eigen::MatrixXd& values);

// The forward-difference step of an unknown: 1e-4 for a rate, 1e-3 in ln(value).
double difference_step(const Unknown& u);

// d statistics / d z at z (where the statistics are `at`), forward differences (backward where
// the forward step leaves the domain).
Eigen::MatrixXd jacobian(const MomentModel& model, const Eigen::VectorXd& z,
                         const Eigen::VectorXd& at);

struct Solution {
  Eigen::VectorXd z;
  std::vector<bool> bound;  // volatilities left at the bound 0
  int iterations = 0;
  bool converged = false;
};

// Newton's method from z with the statistics `mean` and Jacobian `j` there, to statistics within
// 1e-6 of `scale` (each statistic's sampling sd) of `observed`.
Solution solve_moments(const MomentModel& model, const Eigen::VectorXd& observed,
                       const Eigen::VectorXd& scale, Eigen::VectorXd z, Eigen::VectorXd mean,
                       Eigen::MatrixXd j);

// The 95 % upper limit of unknown i at the bound (docs/calibration.md).
double bound_upper_limit(const MomentModel& model, Eigen::VectorXd z, Eigen::Index i,
                         double observed, double start);

}  // namespace regiosim::history
