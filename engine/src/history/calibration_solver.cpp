#include "history/calibration_solver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "history/yaml_text.hpp"
#include "regiosim/error.hpp"
#include "regiosim/memory_sink.hpp"
#include "regiosim/model.hpp"
#include "regiosim/runner.hpp"

namespace regiosim::history {

std::optional<Evaluation> MomentModel::evaluate(const Eigen::VectorXd& z, bool keep_paths) const {
  std::vector<std::string> overrides = fixed_;
  for (std::size_t i = 0; i < unknowns_.size(); ++i) {
    overrides.push_back(unknowns_[i].key_path + "=" +
                        history::number17(unknowns_[i].value(z[static_cast<Eigen::Index>(i)])));
  }
  std::optional<ScenarioSpec> spec;
  try {
    spec = source_.load(overrides);
  } catch (const ConfigError&) {
    return std::nullopt;
  }
  MemorySink sink(options_.paths, spec->years(), spec->sector_count(),
                  static_cast<int>(spec->satellites.size()));
  RunOptions run_options;
  run_options.paths = options_.paths;
  run_options.seed = options_.seed;
  run_options.threads = options_.threads;
  try {  // values the model cannot run with (MODEL.md section 10) are outside the domain too
    run(Model(*spec), run_options, &sink);
  } catch (const ModelError&) {
    return std::nullopt;
  }

  const auto k = static_cast<Eigen::Index>(unknowns_.size());
  const auto paths = static_cast<Eigen::Index>(options_.paths);
  Evaluation out;
  Eigen::MatrixXd values(paths, k);
  for (Eigen::Index p = 0; p < paths; ++p) {
    std::vector<std::vector<double>> growth(series_.size());
    for (Eigen::Index i = 0; i < k; ++i) {
      const Unknown& u = unknowns_[static_cast<std::size_t>(i)];
      std::vector<double>& g = growth[u.series];
      if (g.empty()) {
        g = history::simulated_growth(sink, static_cast<std::size_t>(p), series_[u.series],
                                      spec->base_year, spec->years());
      }
      values(p, i) = u.rule->standard_deviation ? growth_sd(g) : growth_mean(g);
    }
  }
  out.mean = values.colwise().mean().transpose();
  if (keep_paths) out.per_path = std::move(values);
  return out;
}

Eigen::VectorXd column_sd(const Eigen::MatrixXd& values) {
  const Eigen::RowVectorXd mean = values.colwise().mean();
  const Eigen::MatrixXd centred = values.rowwise() - mean;
  return (centred.array().square().colwise().sum() / static_cast<double>(values.rows() - 1))
      .sqrt()
      .transpose();
}

Eigen::MatrixXd covariance(const Eigen::MatrixXd& values) {
  const Eigen::MatrixXd centred = values.rowwise() - values.colwise().mean();
  return centred.transpose() * centred / static_cast<double>(values.rows() - 1);
}

double difference_step(const Unknown& u) {
  return u.rule->log_scale ? 1e-3 : 1e-4;
}

Eigen::MatrixXd jacobian(const MomentModel& model, const Eigen::VectorXd& z,
                         const Eigen::VectorXd& at) {
  const std::vector<Unknown>& unknowns = model.unknowns();
  const auto k = static_cast<Eigen::Index>(unknowns.size());
  Eigen::MatrixXd j(k, k);
  for (Eigen::Index c = 0; c < k; ++c) {
    const double h = difference_step(unknowns[static_cast<std::size_t>(c)]);
    Eigen::VectorXd step = z;
    step[c] += h;
    std::optional<Evaluation> e = model.evaluate(step, false);
    if (!e) {  // at the edge of the domain: step the other way
      step[c] = z[c] - h;
      e = model.evaluate(step, false);
      if (!e)
        throw UsageError("calibrate: " + unknowns[static_cast<std::size_t>(c)].key_path +
                         " has no valid value near " + history::number_text(z[c]));
      j.col(c) = (at - e->mean) / h;
    } else {
      j.col(c) = (e->mean - at) / h;
    }
  }
  return j;
}

Solution solve_moments(const MomentModel& model, const Eigen::VectorXd& observed,
                       const Eigen::VectorXd& scale, Eigen::VectorXd z, Eigen::VectorXd mean,
                       Eigen::MatrixXd j) {
  const std::vector<Unknown>& unknowns = model.unknowns();
  Solution result;
  // Active set: a volatility at its floor whose Newton step points further down stays there
  // (the model cannot make the statistic as small as observed); the others solve their own
  // statistics.
  const auto k = static_cast<Eigen::Index>(unknowns.size());
  std::vector<bool>& bound = result.bound;
  bound.assign(unknowns.size(), false);
  auto free_indices = [&] {
    std::vector<Eigen::Index> f;
    for (Eigen::Index i = 0; i < k; ++i)
      if (!bound[static_cast<std::size_t>(i)]) f.push_back(i);
    return f;
  };
  auto free_residual = [&](const Eigen::VectorXd& m) {
    double worst = 0;
    for (const Eigen::Index i : free_indices())
      worst = std::max(worst, std::abs(m[i] - observed[i]) / scale[i]);
    return worst;
  };
  auto objective = [&](const Eigen::VectorXd& m) {
    double sum = 0;
    for (const Eigen::Index i : free_indices())
      sum += std::pow((m[i] - observed[i]) / scale[i], 2);
    return sum;
  };
  auto free_step = [&](const Eigen::MatrixXd& jac, const Eigen::VectorXd& residual) {
    const std::vector<Eigen::Index> f = free_indices();
    Eigen::VectorXd step = Eigen::VectorXd::Zero(k);
    if (f.empty()) return step;
    const Eigen::MatrixXd sub = jac(f, f);
    const Eigen::VectorXd r = residual(f);
    const Eigen::VectorXd d = -sub.colPivHouseholderQr().solve(r);
    for (std::size_t i = 0; i < f.size(); ++i)
      step[f[i]] = d[static_cast<Eigen::Index>(i)];
    return step;
  };
  constexpr int MAX_ITERATIONS = 40;
  for (result.iterations = 0; result.iterations < MAX_ITERATIONS; ++result.iterations) {
    if (result.iterations > 0) j = jacobian(model, z, mean);
    if (free_residual(mean) < 1e-6) {
      // A bound volatility whose statistic the model now makes smaller than observed is
      // interior after all: free it and go on.
      bool freed = false;
      for (Eigen::Index i = 0; i < k; ++i) {
        if (bound[static_cast<std::size_t>(i)] && mean[i] < observed[i]) {
          bound[static_cast<std::size_t>(i)] = false;
          freed = true;
        }
      }
      if (!freed) {
        result.converged = true;
        break;
      }
    }
    const Eigen::VectorXd dz = free_step(j, mean - observed);
    bool accepted = false;
    for (double lambda = 1; lambda > 1e-3 && !accepted; lambda /= 2) {
      Eigen::VectorXd trial = z + lambda * dz;
      for (Eigen::Index i = 0; i < k; ++i) {
        if (unknowns[static_cast<std::size_t>(i)].rule->log_scale)
          trial[i] = std::max(trial[i], LOG_FLOOR);
      }
      const std::optional<Evaluation> e = model.evaluate(trial, false);
      if (e && objective(e->mean) < objective(mean)) {
        z = trial;
        mean = e->mean;
        accepted = true;
      }
    }
    if (accepted) continue;
    // No step helps: a volatility the full step takes below its floor goes to the bound (the
    // model makes its statistic larger than observed even at 0) and the others go on.
    bool fixed_one = false;
    for (Eigen::Index i = 0; i < k; ++i) {
      if (unknowns[static_cast<std::size_t>(i)].rule->log_scale &&
          !bound[static_cast<std::size_t>(i)] && z[i] + dz[i] < LOG_FLOOR) {
        bound[static_cast<std::size_t>(i)] = true;
        z[i] = LOG_FLOOR;
        fixed_one = true;
      }
    }
    if (!fixed_one) break;
    const std::optional<Evaluation> e = model.evaluate(z, false);
    if (!e) break;
    mean = e->mean;
  }
  result.z = z;
  return result;
}

// A volatility at its bound 0 has no standard error. Its 95 % upper limit inverts the one-sided
// test instead: the largest value at which the observed statistic is still at or above the 2.5 %
// quantile of its simulated distribution (the other parameters at their estimates), found by
// bisection in ln(value) between the floor and four times the start value (at least 0.05); NaN
// if even that value passes.
double bound_upper_limit(const MomentModel& model, Eigen::VectorXd z, Eigen::Index i,
                         double observed, double start) {
  auto passes = [&](double zi) {
    z[i] = zi;
    const std::optional<Evaluation> e = model.evaluate(z, true);
    if (!e) return false;
    std::vector<double> column(e->per_path.col(i).data(),
                               e->per_path.col(i).data() + e->per_path.rows());
    const auto at =
        column.begin() + static_cast<std::ptrdiff_t>(0.025 * static_cast<double>(column.size()));
    std::nth_element(column.begin(), at, column.end());
    return observed >= *at;
  };
  double lo = LOG_FLOOR, hi = std::log(std::max(4 * start, 0.05));
  if (passes(hi)) return std::numeric_limits<double>::quiet_NaN();
  for (int step = 0; step < 14; ++step) {
    const double mid = (lo + hi) / 2;
    (passes(mid) ? lo : hi) = mid;
  }
  return std::exp(hi);
}

}  // namespace regiosim::history
