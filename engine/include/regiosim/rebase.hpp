#pragma once
// `regiosim rebase` (issue 12, step 5): a scenario re-based on a later year Y. The new file
// `extends` the old one and overrides the base year, every base value (observed in the history
// where it gives one, else carried forward: the median over paths of the old scenario's simulated
// value in Y), the satellites' bases, the sectors' VA shares (carried) and the targets (kept as the
// plan states them: growth targets become the levels they imply from the plan's own base, and
// every target keeps the old base year as plan_base_year, so `audit` reads the same plan).

#include <cstdint>
#include <string>
#include <vector>

namespace regiosim {

struct RebaseOptions {
  std::string scenario;  // the old scenario file
  std::string history;   // a history CSV (data/history/README.md)
  std::string region;    // whose rows (the history's `region` column)
  int year = 0;          // Y, the new base year: after the old base year, before its end year
  std::string output;    // where the new file will be written (its `extends` is relative to it)
  std::uint64_t paths = 2000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all available
};

struct RebaseResult {
  std::string yaml;                   // the new scenario file's text
  std::vector<std::string> observed;  // key paths taken from the history ("base_year_data.gdp")
  std::vector<std::string> carried;   // key paths carried forward along the old scenario
  std::vector<std::string> rewritten_targets;  // growth targets now stated as levels
  std::vector<std::string> past_targets;       // targets of years <= Y, dropped
};

// The median of `values` (the mean of the two middle values for an even count), as rebase takes
// it for every carried value.
double median_of(std::vector<double> values);

// Runs the old scenario (options.paths paths, options.seed) and builds the new file's text, which
// it checks by loading it as the scenario reader would (relative to options.output's directory).
// Throws ConfigError: a history without a gdp_nominal level for (region, Y) (at the history file),
// a year not after the old base year and before its end year, or an invalid history or scenario.
RebaseResult rebase_scenario(const RebaseOptions& options);

// Writes `text` to `path` whole or not at all (a temporary in the same directory, then renamed
// over `path`, as `run` writes its result file).
void write_text_atomically(const std::string& path, const std::string& text);

}  // namespace regiosim
