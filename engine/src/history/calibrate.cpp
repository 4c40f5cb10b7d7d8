// `regiosim calibrate` (calibrate.hpp, docs/calibration.md): simulated method of moments through
// the engine. Every evaluation of the model statistics runs the scenario on the same draws (seed,
// paths), so the statistics are a smooth function of the parameters and Newton's method with a
// forward-difference Jacobian finds the root. The standard errors are the delta method's:
// Var(theta) = (1 + 1/S) J^-1 Sigma J^-T, Sigma the covariance across simulated paths of the
// statistics (the sampling covariance of the published statistics under the model, with the same
// years), J the Jacobian at the estimate, (1 + 1/S) the simulation noise (Duffie and Singleton
// 1993, Gourieroux et al. 1993). Volatilities are estimated on the log scale.
#include "regiosim/calibrate.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>

#include "config/config_node.hpp"
#include "config/yaml_reader.hpp"
#include "history/calibration_overlay.hpp"
#include "history/calibration_series.hpp"
#include "history/calibration_solver.hpp"
#include "history/yaml_text.hpp"
#include "regiosim/error.hpp"
#include "regiosim/history.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim {

const std::vector<MomentRule>& moment_rules() {
  // One parameter per statistic; the parameter the statistic moves most directly (docs table).
  static const std::vector<MomentRule> rules = {
      {"gdp_real", false, "productivity.regional_drift", false},
      {"gdp_real", true, "sector_defaults.volatility", true},
      {"gdp_deflator", false, "prices.inflation_mean", false},
      {"gdp_deflator", true, "prices.volatility", true},
      {"fai_nominal", false, "investment.block_defaults.growth_mean", false},
      {"fai_nominal", true, "investment.block_defaults.volatility", true},
      {"population", false, "population.migration_mean", false},
      {"population", true, "population.migration_volatility", true},
      {"income_per_capita", true, "income.volatility", true},
      {"retail_sales", true, "retail.volatility", true},
      {"budget_revenue", false, "fiscal.elasticity", false},
      {"budget_revenue", true, "fiscal.volatility", true},
      {"tourist_spending", false, "tourism.spend_real_growth", false},
      {"tourist_spending", true, "tourism.volatility", true},
  };
  return rules;
}

double growth_mean(const std::vector<double>& growth) {
  return std::accumulate(growth.begin(), growth.end(), 0.0) / static_cast<double>(growth.size());
}

double growth_sd(const std::vector<double>& growth) {
  const double mean = growth_mean(growth);
  double sum = 0;
  for (const double g : growth)
    sum += (g - mean) * (g - mean);
  return std::sqrt(sum / static_cast<double>(growth.size() - 1));
}

namespace {

using history::GrowthSeries;
using history::Unknown;

constexpr int MEAN_MIN_OBSERVATIONS = 2;
constexpr int SD_MIN_OBSERVATIONS = 3;

// The node at a key path of the resolved scenario ("prices.inflation_mean[0].mean"), or null.
const config::Node* node_at(const config::Node& root, const std::string& key_path) {
  const config::Node* node = &root;
  std::istringstream segments(key_path);
  std::string segment;
  while (std::getline(segments, segment, '.')) {
    std::optional<std::size_t> index;
    if (const auto open = segment.find('['); open != std::string::npos) {
      index = std::stoul(segment.substr(open + 1));
      segment = segment.substr(0, open);
    }
    if (!node->is_map()) return nullptr;
    node = node->find(segment);
    if (node == nullptr) return nullptr;
    if (index) {
      if (!node->is_sequence() || *index >= node->items().size()) return nullptr;
      node = &node->items()[*index];
    }
  }
  return node->is_scalar() ? node : nullptr;
}

// The history's rows for the region, checked as `backtest.history` checks them (unknown
// indicators, units, years after the horizon: FILE:LINE:COLUMN).
std::vector<HistoryRow> checked_rows(const ScenarioSource& source,
                                     const CalibrateOptions& options) {
  std::vector<HistoryRow> rows = latest_rows(read_history(options.history), options.region);
  if (rows.empty()) {
    throw ConfigError(
        {options.history, 0, 0}, "region",
        "no figures for '" + options.region + "' (expected a value of the region column)");
  }
  std::vector<std::string> overrides = options.overrides;
  overrides.push_back("backtest.history={file: " + history::quoted(options.history) +
                      ", region: " + history::quoted(options.region) + "}");
  source.load(overrides);
  return rows;
}

// Bad options: a window outside the horizon, a series the moment table does not have.
void check_options(const CalibrateOptions& options, const ScenarioSpec& spec) {
  if (options.last_year != 0 &&
      (options.last_year <= spec.base_year || options.last_year > spec.end_year)) {
    throw UsageError("calibrate: --until " + std::to_string(options.last_year) +
                     " is outside the horizon (expected a year in " +
                     std::to_string(spec.base_year + 1) + ".." + std::to_string(spec.end_year) +
                     ")");
  }
  for (const std::string& indicator : options.indicators) {
    const auto& rules = moment_rules();
    if (std::none_of(rules.begin(), rules.end(),
                     [&](const MomentRule& r) { return indicator == r.indicator; })) {
      throw UsageError("calibrate: --indicators: '" + indicator +
                       "' has no parameter in the moment table (docs/calibration.md)");
    }
  }
}

// The key of a rule in this scenario: the inflation regime in force in the middle observed year.
std::string resolved_key(const MomentRule& rule, const GrowthSeries& g, const ScenarioSpec& spec) {
  std::string key = rule.key_path;
  if (key != "prices.inflation_mean" || g.years.empty()) return key;
  const int middle = g.years[g.years.size() / 2];
  std::size_t k = 0;
  while (k + 1 < spec.prices.inflation_mean.size() &&
         spec.prices.inflation_mean[k + 1].from_year <= middle)
    ++k;
  return key + "[" + std::to_string(k) + "].mean";
}

// The series of the moment table and which of its parameters they identify.
struct Problem {
  std::vector<GrowthSeries> series;
  std::vector<Unknown> unknowns;
  std::vector<NotIdentified> not_identified;
};

Problem set_up(const ScenarioSpec& spec, const std::vector<HistoryRow>& rows,
               const CalibrateOptions& options, int last) {
  const config::Node resolved = config::parse_yaml(spec.resolved_yaml, spec.source_file);
  Problem problem;
  std::vector<GrowthSeries>& series = problem.series;
  for (const MomentRule& rule : moment_rules()) {
    const auto var = find_variable(rule.indicator);
    std::size_t s = 0;
    while (s < series.size() && series[s].indicator != rule.indicator)
      ++s;
    if (s == series.size())
      series.push_back(history::growth_series(rows, *var, spec.base_year + 1, last));
    const GrowthSeries& g = series[s];
    const int n = static_cast<int>(g.years.size());
    const std::string key = resolved_key(rule, g, spec);
    const bool wanted = options.indicators.empty() ||
                        std::find(options.indicators.begin(), options.indicators.end(),
                                  rule.indicator) != options.indicators.end();
    const int needed = rule.standard_deviation ? SD_MIN_OBSERVATIONS : MEAN_MIN_OBSERVATIONS;
    const config::Node* node = node_at(resolved, key);
    if (!wanted) {
      problem.not_identified.push_back(
          {key, std::string(rule.indicator) + " not among --indicators"});
    } else if (n < needed) {
      problem.not_identified.push_back(
          {key, std::to_string(n) + " annual growth observation" + (n == 1 ? "" : "s") + " of " +
                    rule.indicator + " in " + std::to_string(spec.base_year + 1) + "-" +
                    std::to_string(last) + " (" +
                    (rule.standard_deviation ? "a standard deviation" : "a mean") + " needs " +
                    std::to_string(needed) + ")"});
    } else if (node == nullptr) {
      problem.not_identified.push_back({key, "the scenario has no such key"});
    } else {
      problem.unknowns.push_back({&rule, key, s, std::stod(node->text())});
    }
  }

  return problem;
}

// The overrides every evaluation shares: the user's, the horizon cut at the last year with an
// observation in use, no targets or outturns.
std::vector<std::string> fixed_overrides(const CalibrateOptions& options, int last_observed) {
  std::vector<std::string> fixed = options.overrides;
  fixed.push_back("horizon.end_year=" + std::to_string(last_observed));
  fixed.push_back("targets=[]");
  fixed.push_back("backtest={}");
  return fixed;
}

Eigen::VectorXd observed_statistics(const Problem& problem) {
  Eigen::VectorXd m(static_cast<Eigen::Index>(problem.unknowns.size()));
  for (std::size_t i = 0; i < problem.unknowns.size(); ++i) {
    const Unknown& u = problem.unknowns[i];
    const GrowthSeries& g = problem.series[u.series];
    m[static_cast<Eigen::Index>(i)] =
        u.rule->standard_deviation ? growth_sd(g.observed) : growth_mean(g.observed);
  }
  return m;
}

// Where the search starts: the scenario's values, their statistics and Jacobian.
struct Start {
  Eigen::VectorXd z, mean, scale;
  Eigen::MatrixXd jacobian;
};

Start start_at_scenario(const history::MomentModel& model) {
  Start start;
  start.z.resize(static_cast<Eigen::Index>(model.unknowns().size()));
  for (std::size_t i = 0; i < model.unknowns().size(); ++i) {
    const Unknown& u = model.unknowns()[i];
    start.z[static_cast<Eigen::Index>(i)] = u.z_of(u.start);
  }
  const std::optional<history::Evaluation> e = model.evaluate(start.z, true);
  if (!e) throw UsageError("calibrate: the scenario's own values do not load");
  start.mean = e->mean;
  start.scale = history::column_sd(e->per_path).cwiseMax(1e-12);
  start.jacobian = history::jacobian(model, start.z, start.mean);
  return start;
}

// The first unknown that moves no statistic in this scenario (a key every sector overrides, a
// block switched off), or -1.
int inert_unknown(const history::MomentModel& model, const Start& start) {
  for (std::size_t c = 0; c < model.unknowns().size(); ++c) {
    const double moved =
        (start.jacobian.col(static_cast<Eigen::Index>(c)).cwiseQuotient(start.scale) *
         history::difference_step(model.unknowns()[c]))
            .cwiseAbs()
            .maxCoeff();
    if (moved < 1e-9) return static_cast<int>(c);
  }
  return -1;
}

// Estimates, standard errors (delta method over the free unknowns) and the fit, into `result`.
void report(const history::MomentModel& model, const Problem& problem,
            const history::Solution& solution, const Eigen::VectorXd& observed, const Start& start,
            std::uint64_t paths, CalibrationResult& result) {
  const std::vector<Unknown>& unknowns = problem.unknowns;
  const auto k = static_cast<Eigen::Index>(unknowns.size());
  const std::optional<history::Evaluation> final_eval = model.evaluate(solution.z, true);
  const Eigen::MatrixXd j = history::jacobian(model, solution.z, final_eval->mean);
  std::vector<Eigen::Index> free;
  for (Eigen::Index i = 0; i < k; ++i)
    if (!solution.bound[static_cast<std::size_t>(i)]) free.push_back(i);
  Eigen::MatrixXd variance =
      Eigen::MatrixXd::Constant(k, k, std::numeric_limits<double>::quiet_NaN());
  if (!free.empty()) {
    const Eigen::MatrixXd inverse = Eigen::MatrixXd(j(free, free)).inverse();
    const double simulation = 1.0 + 1.0 / static_cast<double>(paths);
    const Eigen::MatrixXd free_variance = simulation * inverse *
                                          history::covariance(final_eval->per_path)(free, free) *
                                          inverse.transpose();
    variance(free, free) = free_variance;
  }
  const Eigen::VectorXd sampling = history::column_sd(final_eval->per_path);
  for (std::size_t i = 0; i < unknowns.size(); ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    const Unknown& u = unknowns[i];
    const GrowthSeries& g = problem.series[u.series];
    const double z = solution.z[ii];
    const double se_z = std::sqrt(variance(ii, ii));
    ParameterEstimate e;
    e.key_path = u.key_path;
    e.statistic = u.statistic();
    e.log_scale = u.rule->log_scale;
    e.start = u.start;
    e.at_bound = solution.bound[i];
    e.estimate = e.at_bound ? 0.0 : u.value(z);
    e.standard_error = u.rule->log_scale ? e.estimate * se_z : se_z;
    // Student-t quantile with n - 1 degrees of freedom (n: the series' observations): the
    // standard error rests on variances estimated from the same n years (docs/calibration.md).
    const boost::math::students_t t_dist(static_cast<double>(g.years.size() - 1));
    const double t = boost::math::quantile(t_dist, 0.975);
    e.lower95 = e.at_bound ? 0.0 : u.value(z - t * se_z);
    e.upper95 = e.at_bound
                    ? history::bound_upper_limit(model, solution.z, ii, observed[ii], u.start)
                    : u.value(z + t * se_z);
    result.estimates.push_back(e);
    result.moments.push_back({g.indicator, u.rule->standard_deviation ? "sd" : "mean", g.years,
                              observed[ii], start.mean[ii], final_eval->mean[ii], sampling[ii]});
  }
}

}  // namespace

CalibrationResult calibrate(const CalibrateOptions& options) {
  if (options.paths < 2) throw UsageError("calibrate: --paths must be at least 2");
  const ScenarioSource source(options.scenario);
  const ScenarioSpec spec = source.load(options.overrides);
  const std::vector<HistoryRow> rows = checked_rows(source, options);
  check_options(options, spec);
  const int last = options.last_year != 0 ? options.last_year : spec.end_year;
  Problem problem = set_up(spec, rows, options, last);
  CalibrationResult result;
  result.not_identified = problem.not_identified;

  // Simulate up to the last year with an observation in use, no further.
  int last_observed = spec.base_year + 1;
  for (const Unknown& u : problem.unknowns)
    last_observed = std::max(last_observed, problem.series[u.series].years.back());
  const std::vector<std::string> fixed = fixed_overrides(options, last_observed);

  // Unknowns that move no statistic are not identified: leave them out and look again.
  std::optional<Start> start;
  while (!problem.unknowns.empty()) {
    const history::MomentModel model(source, fixed, problem.series, problem.unknowns, options);
    start = start_at_scenario(model);
    const int inert = inert_unknown(model, *start);
    if (inert < 0) break;
    result.not_identified.push_back(
        {problem.unknowns[static_cast<std::size_t>(inert)].key_path,
         "moves no statistic in this scenario (a value of its own on every sector or block, or "
         "its block switched off)"});
    problem.unknowns.erase(problem.unknowns.begin() + inert);
  }

  result.converged = problem.unknowns.empty();  // nothing to solve
  if (!problem.unknowns.empty()) {
    const history::MomentModel model(source, fixed, problem.series, problem.unknowns, options);
    const Eigen::VectorXd observed = observed_statistics(problem);
    const history::Solution solution = history::solve_moments(
        model, observed, start->scale, start->z, start->mean, start->jacobian);
    result.iterations = solution.iterations;
    result.converged = solution.converged;
    report(model, problem, solution, observed, *start, options.paths, result);
  }
  result.overlay_yaml = history::overlay_text(options, source, spec, result, problem.series,
                                              problem.unknowns.empty() ? last : last_observed);
  return result;
}

}  // namespace regiosim
