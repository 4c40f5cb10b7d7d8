#include "history/calibration_overlay.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "history/yaml_text.hpp"
#include "regiosim/error.hpp"

namespace regiosim::history {

namespace {

std::string years_text(const std::vector<int>& years) {
  if (years.empty()) return "no year";
  std::string text;
  for (const int y : years)
    text += (text.empty() ? "" : ", ") + std::to_string(y);
  return text;
}

// A prior with the estimate's mean and standard error, as a scenario writes it: lognormal for a
// volatility (its log-sd equals the log-scale standard error), triangular for a rate (bounded, so
// it fits a key's domain; half-width sqrt(6) se gives it the standard error as its sd).
std::string prior_text(const ParameterEstimate& e, double se_z) {
  if (e.log_scale) {
    const double sd = e.estimate * std::sqrt(std::expm1(se_z * se_z));
    return "{prior: lognormal, mean: " + history::number_text(e.estimate) +
           ", sd: " + history::number_text(sd) + "}";
  }
  const double half = std::sqrt(6.0) * e.standard_error;
  return "{prior: triangular, lo: " + history::number_text(e.estimate - half) +
         ", mode: " + history::number_text(e.estimate) +
         ", hi: " + history::number_text(e.estimate + half) + "}";
}

// The overlay's keys as a tree, written in block style with a comment per leaf.
struct OverlayTree {
  std::map<std::string, OverlayTree> children;
  std::string value, comment;
  std::string block;  // a whole list, written as it is (lists replace whole under extends)

  void write(std::ostringstream& out, int indent) const {
    for (const auto& [key, child] : children) {
      out << std::string(static_cast<std::size_t>(indent), ' ') << key << ":";
      if (!child.block.empty()) {
        out << "\n" << child.block;
      } else if (!child.value.empty()) {
        out << " " << child.value;
        if (!child.comment.empty()) out << "  # " << history::one_line(child.comment);
        out << "\n";
      } else {
        out << "\n";
        child.write(out, indent + 2);
      }
    }
  }
};

// Estimate i as a key of the tree with its prior (or plain value) and comment, or, at the bound,
// as a note.
void add_estimate(OverlayTree& tree, std::vector<std::string>& bound_notes,
                  const CalibrateOptions& options, const ScenarioSource& source,
                  const ScenarioSpec& spec, const CalibrationResult& result, std::size_t i) {
  const ParameterEstimate& e = result.estimates[i];
  const MomentFit& m = result.moments[i];
  const double se_z = e.log_scale ? e.standard_error / e.estimate : e.standard_error;
  std::string prior = prior_text(e, se_z);
  std::string comment = "(E) " + number_text(e.estimate) + ", se " + number_text(e.standard_error) +
                        ": " + e.statistic + " " + number_text(m.observed) + " of ln growth in " +
                        years_text(m.years) + "; was " + number_text(e.start);
  if (e.at_bound) {
    // 0 is where the search stopped, not an estimate: the data cannot tell the value from 0.
    // The overlay keeps the scenario's value and says what the data allow.
    bound_notes.push_back("# at the bound 0, kept at " + number_text(e.start) + ": " + e.key_path +
                          " (" + e.statistic + " " + number_text(m.observed) +
                          " is below what the model makes with it at 0; 95 % upper limit " +
                          number_text(e.upper95) + ")");
    return;
  }
  if (!std::isfinite(e.standard_error) || !result.converged) {
    prior = number_text(e.estimate);
    comment += "; not converged, no prior";
  } else {
    try {
      std::vector<std::string> check = options.overrides;
      check.push_back(e.key_path + "=" + prior);
      source.load(check);
    } catch (const ConfigError&) {
      prior = number_text(e.estimate);
      comment += "; no prior: its support leaves the key's domain";
    }
  }
  if (e.key_path.rfind("prices.inflation_mean[", 0) == 0) {
    const std::size_t estimated =
        std::stoul(e.key_path.substr(std::string("prices.inflation_mean[").size()));
    std::string block;
    for (std::size_t r = 0; r < spec.prices.inflation_mean.size(); ++r) {
      const InflationRegime& regime = spec.prices.inflation_mean[r];
      block +=
          "    - {from: " + std::to_string(regime.from_year) + ", mean: " +
          (r == estimated ? prior + "}  # " + one_line(comment) : number_text(regime.mean) + "}") +
          "\n";
    }
    tree.children["prices"].children["inflation_mean"].block = block;
    return;
  }
  OverlayTree* node = &tree;
  std::istringstream segments(e.key_path);
  std::string segment;
  while (std::getline(segments, segment, '.'))
    node = &node->children[segment];
  node->value = prior;
  node->comment = comment;
}

}  // namespace

std::string overlay_text(const CalibrateOptions& options, const ScenarioSource& source,
                         const ScenarioSpec& spec, const CalibrationResult& result,
                         const std::vector<GrowthSeries>& series, int window_end) {
  OverlayTree tree;
  std::vector<std::string> bound_notes;
  for (std::size_t i = 0; i < result.estimates.size(); ++i)
    add_estimate(tree, bound_notes, options, source, spec, result, i);
  const std::string output = options.output.empty() ? "calibrated.yaml" : options.output;
  std::ostringstream out;
  out << "# Estimated by `regiosim calibrate` from " << one_line(options.history) << " (region "
      << one_line(options.region) << ", years " << spec.base_year + 1 << "-" << window_end << "), "
      << options.paths << " paths, seed " << options.seed << ".\n"
      << "# Method: simulated method of moments through the engine (docs/calibration.md). Each "
         "value is a prior\n# whose mean is the estimate and whose sd is its standard error; "
         "runs use the means, --parameter-sets draws.\n"
      << (result.estimates.empty()
              ? "# Nothing estimated: the history identifies no parameter (below).\n"
          : result.converged ? ""
                             : "# NOT CONVERGED: the statistics are not all matched.\n");
  for (const GrowthSeries& g : series) {
    if (g.years.empty()) continue;
    out << "# " << g.indicator << ":";
    for (std::size_t t = 0; t < g.years.size(); ++t)
      out << " " << g.years[t] << " " << one_line(g.how[t]) << ";";
    out << "\n";
  }
  for (const NotIdentified& n : result.not_identified)
    out << "# not identified: " << n.key_path << ": " << one_line(n.reason) << "\n";
  for (const std::string& note : bound_notes)
    out << one_line(note) << "\n";
  out << "extends: " << quoted(extends_path(options.scenario, output)) << "\n";
  tree.write(out, 0);
  const std::string dir =
      std::filesystem::absolute(output).parent_path().lexically_normal().string();
  parse_scenario(out.str(), output, {}, dir);
  return out.str();
}

}  // namespace regiosim::history
