#include "scorecard_printer.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "json_writer.hpp"
#include "text_format.hpp"

namespace regiosim::cli {

namespace {

// Levels in their own units; growth rates and shares in percent.
std::string value_text(double x) {
  const double magnitude = std::fabs(x);
  return format(magnitude >= 1000 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f", x);
}

// The GDP target the first-passage distribution is printed for: the latest gdp_nominal target that
// tracks it (the 2035 "1000 亿" vision, MODEL.md section 9); null when there is none.
const TargetResult* gdp_vision(const Scorecard& card) {
  const TargetResult* found = nullptr;
  for (const TargetResult& r : card.targets) {
    if (r.target.indicator == "gdp_nominal" && !r.first_passage.empty() &&
        (found == nullptr || r.target.year >= found->target.year))
      found = &r;
  }
  return found;
}

// "2031 0.12, 2032 0.40, ..., never 0.05": years with no path passing are left out.
void print_first_passage(std::ostream& out, const TargetResult& r, const std::vector<int>& years) {
  out << "First year " << r.target.id << " (" << to_string(r.target.comparison) << " "
      << value_text(r.target.threshold) << ") is passed:";
  const std::size_t never = r.first_passage.size() - 1;
  for (std::size_t i = 0; i < never; ++i) {
    if (r.first_passage[i] > 0) out << " " << years[i] << " " << format("%.3f", r.first_passage[i]);
  }
  out << " never " << format("%.3f", r.first_passage[never]) << "\n";
}

// {"2031": share, ..., "never": share}, or null for a target without first-passage tracking.
std::string first_passage_json(const TargetResult& r, const std::vector<int>& years) {
  if (r.first_passage.empty()) return "null";
  std::string text = "{";
  for (std::size_t i = 0; i < r.first_passage.size(); ++i) {
    const std::string key = i < years.size() ? std::to_string(years[i]) : "never";
    text += (i == 0 ? "" : ", ") + json_string(key) + ": " + json_number(r.first_passage[i]);
  }
  return text + "}";
}

// Backtest: where each published outturn falls in the simulated distribution of its year.
void print_outturns(std::ostream& out, const Scorecard& card) {
  bool header = false;
  for (const TargetResult& r : card.targets) {
    if (!r.target.outturn || r.target.implied_deflator) continue;
    if (!header) {
      out << "\nBacktest: outturns in the simulated distribution (percentile = share of paths at "
             "or "
             "below the outturn)\n"
          << pad("indicator", 32) << pad("year", 6) << pad("outturn", 11) << pad("percentile", 12)
          << pad("median", 11) << pad("5%", 11) << pad("95%", 11) << "basis\n";
      header = true;
    }
    out << pad(r.target.indicator, 32) << pad(std::to_string(r.target.year), 6)
        << pad(value_text(r.target.threshold), 11) << pad(format("%.3f", r.p_meet), 12)
        << pad(value_text(r.median), 11) << pad(value_text(r.q05), 11) << pad(value_text(r.q95), 11)
        << to_string(r.target.basis) << "\n";
  }
  if (!header) return;
  const BacktestCoverage c = backtest_coverage(card);
  out << "Coverage of " << c.outturns << " outturns: inside the 50 % band "
      << format("%.2f", c.inside_50) << " +- " << format("%.2f", c.inside_50_se)
      << ", inside the 90 % band " << format("%.2f", c.inside_90) << " +- "
      << format("%.2f", c.inside_90_se) << " (calibrated bands: 0.50 and 0.90)\n";
  for (const TargetResult& r : card.targets) {
    if (!r.target.implied_deflator) continue;
    out << "Level check " << r.target.year - 1 << "-" << r.target.year << ": " << r.target.label
        << " implies a deflator of " << format("%+.2f", r.target.threshold) << " %, percentile "
        << format("%.3f", r.p_meet) << " of the forecast's ("
        << (level_break(r) ? "outside its 99 % band: a level break, a revision or a change of "
                             "scope, not growth)"
                           : "inside its 99 % band: consistent)")
        << "\n";
  }
}

// J4: how much of each GDP target's P(meet) the statistical revisions alone account for.
void print_revisions(std::ostream& out, const Scorecard& card) {
  bool header = false;
  for (const TargetResult& r : card.targets) {
    if (r.target.outturn || std::isnan(r.p_meet_unrevised)) continue;
    if (!header) {
      out << "\nStatistical revisions (J4): P(meet) on measured GDP, and without the revisions on "
             "the same paths\n"
          << pad("target", 32) << pad("P(meet)", 10) << pad("unrevised", 11) << "from revisions\n";
      header = true;
    }
    out << pad(r.target.id, 32) << pad(format("%.3f", r.p_meet), 10)
        << pad(format("%.3f", r.p_meet_unrevised), 11)
        << format("%+.3f", r.p_meet - r.p_meet_unrevised) << "\n";
  }
}

}  // namespace

void print_scorecard_table(std::ostream& out, const RunDescription& run, const RunResult& result) {
  out << "Scenario " << run.scenario << " (forecast from " << run.base_year << "): " << result.paths
      << " paths, seed " << run.seed << ", " << result.threads << " thread(s), "
      << format("%.2f", result.elapsed_s) << " s (" << format("%.0f", result.path_years_per_s)
      << " path-years/s)\n";
  if (!run.output_path.empty()) out << "Results: " << run.output_path << "\n";
  out << "\n"
      << pad("target", 32) << pad("year", 6) << pad("plan", 14) << pad("P(meet) +- se", 20)
      << pad("median", 11) << pad("5%", 11) << pad("95%", 11) << pad("ES|miss", 11) << "basis\n";
  for (const TargetResult& r : result.scorecard.targets) {
    const TargetSpec& t = r.target;
    if (t.outturn) continue;
    out << pad(t.id, 32) << pad(std::to_string(t.year), 6)
        << pad(std::string(to_string(t.comparison)) + " " + value_text(t.threshold), 14)
        << pad(format("%.3f", r.p_meet) + " +- " + format("%.4f", r.p_meet_se), 20)
        << pad(value_text(r.median), 11) << pad(value_text(r.q05), 11) << pad(value_text(r.q95), 11)
        << pad(value_text(r.expected_shortfall), 11) << to_string(t.basis) << "\n";
  }
  out << "\n";
  for (const auto& [year, p] : result.scorecard.joint_p_meet) {
    out << "Joint P(meet all " << year << " targets): " << format("%.3f", p) << " +- "
        << format("%.4f", result.scorecard.joint_p_meet_se.at(year)) << "\n";
  }
  for (const auto& [year, p] : result.scorecard.p_at_least) {
    const std::vector<double>& se = result.scorecard.p_at_least_se.at(year);
    out << "P(at least m of " << p.size() << " " << year << " targets), m = 1..:";
    for (std::size_t m = 0; m < p.size(); ++m)
      out << " " << format("%.3f", p[m]) << " +- " << format("%.4f", se[m]);
    out << "\n";
  }
  print_revisions(out, result.scorecard);
  print_outturns(out, result.scorecard);
  if (result.parameter_sets > 0) {
    out << "\nVariance share due to parameters | shocks (" << result.parameter_sets
        << " parameter sets x " << result.paths / result.parameter_sets << " paths):\n";
    for (const TargetResult& r : result.scorecard.targets) {
      out << "  " << pad(r.target.id, 32) << format("%.3f", r.variance->parameters) << " | "
          << format("%.3f", r.variance->shocks) << "\n";
    }
  }
  if (const TargetResult* gdp = gdp_vision(result.scorecard))
    print_first_passage(out, *gdp, result.scorecard.passage_years);
}

void print_scorecard_json(std::ostream& out, const RunDescription& run, const RunResult& result) {
  out << "{\"scenario\": " << json_string(run.scenario) << ", \"forecast_from\": " << run.base_year
      << ", \"seed\": " << run.seed << ", \"paths\": " << result.paths
      << ", \"threads\": " << result.threads << ", \"elapsed_s\": " << json_number(result.elapsed_s)
      << ", \"path_years_per_s\": " << json_number(result.path_years_per_s)
      << ", \"output\": " << (run.output_path.empty() ? "null" : json_string(run.output_path))
      << ",\n \"targets\": [";
  bool first_target = true;
  for (const TargetResult& r : result.scorecard.targets) {
    const TargetSpec& t = r.target;
    if (t.outturn) continue;
    out << (first_target ? "\n  " : ",\n  ") << "{\"id\": " << json_string(t.id)
        << ", \"indicator\": " << json_string(t.indicator)
        << ", \"label\": " << json_string(t.label) << ", \"year\": " << t.year
        << ", \"threshold\": " << json_number(t.threshold)
        << ", \"comparison\": " << json_string(to_string(t.comparison))
        << ", \"basis\": " << json_string(to_string(t.basis))
        << ", \"p_meet\": " << json_number(r.p_meet)
        << ", \"p_meet_se\": " << json_number(r.p_meet_se)
        << ", \"p_meet_unrevised\": " << json_number(r.p_meet_unrevised)
        << ", \"median\": " << json_number(r.median) << ", \"q05\": " << json_number(r.q05)
        << ", \"q95\": " << json_number(r.q95)
        << ", \"expected_shortfall\": " << json_number(r.expected_shortfall)
        << ", \"expected_shortfall_se\": " << json_number(r.expected_shortfall_se)
        << ", \"first_passage\": " << first_passage_json(r, result.scorecard.passage_years)
        << ", \"variance_share\": "
        << (r.variance ? "{\"parameters\": " + json_number(r.variance->parameters) +
                             ", \"shocks\": " + json_number(r.variance->shocks) + "}"
                       : std::string("null"))
        << "}";
    first_target = false;
  }
  // Backtest outturns: the percentile is the share of paths at or below the published value.
  out << "],\n \"outturns\": [";
  bool first_outturn = true;
  for (const TargetResult& r : result.scorecard.targets) {
    if (!r.target.outturn) continue;
    out << (first_outturn ? "\n  " : ",\n  ")
        << "{\"indicator\": " << json_string(r.target.indicator) << ", \"year\": " << r.target.year
        << ", \"basis\": " << json_string(to_string(r.target.basis))
        << ", \"implied_deflator\": " << (r.target.implied_deflator ? "true" : "false")
        << ", \"level_break\": " << (level_break(r) ? "true" : "false")
        << ", \"value\": " << json_number(r.target.threshold)
        << ", \"percentile\": " << json_number(r.p_meet)
        << ", \"median\": " << json_number(r.median) << ", \"q05\": " << json_number(r.q05)
        << ", \"q95\": " << json_number(r.q95) << ", \"source\": " << json_string(r.target.source)
        << "}";
    first_outturn = false;
  }
  const BacktestCoverage coverage = backtest_coverage(result.scorecard);
  out << "],\n \"backtest_coverage\": {\"outturns\": " << coverage.outturns
      << ", \"inside_50\": " << json_number(coverage.inside_50)
      << ", \"inside_50_se\": " << json_number(coverage.inside_50_se)
      << ", \"inside_90\": " << json_number(coverage.inside_90)
      << ", \"inside_90_se\": " << json_number(coverage.inside_90_se) << "}";
  out << ",\n \"joint_p_meet\": {";
  bool first = true;
  for (const auto& [year, p] : result.scorecard.joint_p_meet) {
    out << (first ? "" : ", ") << json_string(std::to_string(year)) << ": " << json_number(p);
    first = false;
  }
  out << "},\n \"p_at_least\": {";
  first = true;
  for (const auto& [year, p] : result.scorecard.p_at_least) {
    out << (first ? "" : ", ") << json_string(std::to_string(year)) << ": [";
    for (std::size_t m = 0; m < p.size(); ++m)
      out << (m == 0 ? "" : ", ") << json_number(p[m]);
    out << "]";
    first = false;
  }
  const auto plan_year = result.scorecard.joint_p_meet.find(2025);
  out << "},\n \"joint_p_meet_2025\": "
      << (plan_year == result.scorecard.joint_p_meet.end() ? "null"
                                                           : json_number(plan_year->second))
      << "}\n";
}

}  // namespace regiosim::cli
