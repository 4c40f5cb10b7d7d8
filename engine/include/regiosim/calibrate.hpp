#pragma once
// `regiosim calibrate` (issue 12, step 2; method in docs/calibration.md): estimates the drifts and
// volatilities that a region's published growth rates identify, by the simulated method of moments
// through the engine itself (indirect inference, Gourieroux, Monfort and Renault 1993; standard
// errors as Duffie and Singleton 1993). Each parameter has one statistic of one published series
// (the mean or the standard deviation of its annual log growth over the years the history gives):
// just identified, so the estimate solves model statistic = observed statistic, where the model
// statistic is the mean over simulated paths of the same statistic computed on the same years.
// Small samples (four years of growth, say) bias a standard deviation; the simulated statistic has
// the same bias, so the estimate does not.

#include <cstdint>
#include <string>
#include <vector>

namespace regiosim {

struct CalibrateOptions {
  std::string scenario;                 // the scenario whose parameters are estimated
  std::vector<std::string> overrides;   // --set key.path=value, applied before estimation
  std::string history;                  // a history CSV (data/history/README.md)
  std::string region;                   // whose rows
  int last_year = 0;                    // use observations up to this year only (0: all)
  std::vector<std::string> indicators;  // use only these series (empty: every series in the table)
  std::uint64_t paths = 2000;           // S, simulated paths per evaluation of the model statistics
  std::uint64_t seed = 1;  // the same draws at every evaluation (common random numbers)
  int threads = 0;         // 0: all available
  std::string output;      // where the overlay will be written (its `extends` is relative to it)
};

// One statistic of one published series: observed, and the model's (mean over paths) at the
// start values and at the estimates; `sampling_sd` is the statistic's standard deviation across
// simulated paths at the estimates: how far the observed value may fall from the model's by chance.
struct MomentFit {
  std::string indicator;
  std::string statistic;   // "mean" or "sd" of annual log growth
  std::vector<int> years;  // the years whose growth enters it
  double observed = 0;
  double model_start = 0;
  double model_estimate = 0;
  double sampling_sd = 0;
};

struct ParameterEstimate {
  std::string key_path;    // as --set addresses it
  std::string statistic;   // "gdp_real mean" (MomentFit indicator and statistic)
  bool log_scale = false;  // estimated as ln(value): volatilities
  double start = 0;        // the scenario's value
  double estimate = 0;
  double standard_error = 0;  // on the value's scale (delta method from the log scale)
  // estimate -+ t(0.975, n - 1) se, on the log scale for log_scale; at the bound: [0, the upper
  // limit of a one-sided test] (docs/calibration.md)
  double lower95 = 0, upper95 = 0;
  bool at_bound = false;  // no interior solution: the statistic is outside what the model can make
};

struct NotIdentified {
  std::string key_path;
  std::string reason;  // "1 annual growth observation of gdp_real (a mean needs 2)"
};

struct CalibrationResult {
  std::vector<ParameterEstimate> estimates;
  std::vector<MomentFit> moments;  // in the order of estimates
  std::vector<NotIdentified> not_identified;
  int iterations = 0;
  bool converged = false;
  std::string overlay_yaml;  // the overlay's text: `extends` the scenario, estimates as priors
};

// Reads and checks the history (as `backtest.history` does: FILE:LINE:COLUMN errors), builds the
// series, solves for the identified parameters and writes the overlay text (loaded once to check
// it). Throws ConfigError for bad input: an invalid scenario or history, a region with no rows,
// an indicator not in the moment table, a last_year outside the horizon.
CalibrationResult calibrate(const CalibrateOptions& options);

// The statistics of a series of annual log growth rates, as calibrate computes them on published
// and on simulated data: the mean, and the sample standard deviation (n - 1 denominator).
double growth_mean(const std::vector<double>& growth);
double growth_sd(const std::vector<double>& growth);

// The moment table: which statistic of which series each parameter is estimated from.
struct MomentRule {
  const char* indicator;    // an output variable
  bool standard_deviation;  // false: the mean
  const char* key_path;     // "prices.inflation_mean" means the regime in force (docs)
  bool log_scale;
};
const std::vector<MomentRule>& moment_rules();

}  // namespace regiosim
