#include "comparison_printer.hpp"

#include <ostream>
#include <string>
#include <vector>

#include "json_writer.hpp"
#include "text_format.hpp"

namespace regiosim::cli {

namespace {

std::string json_list(const std::vector<std::string>& words) {
  std::string text = "[";
  for (std::size_t i = 0; i < words.size(); ++i)
    text += (i == 0 ? "" : ", ") + json_string(words[i]);
  return text + "]";
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words)
    text += (text.empty() ? "" : ", ") + w;
  return text;
}

const char* outcome_name(SolveOutcome outcome) {
  switch (outcome) {
    case SolveOutcome::Found:
      return "found";
    case SolveOutcome::MetAcrossRange:
      return "met_across_range";
    case SolveOutcome::OutOfReach:
      return "out_of_reach";
  }
  return "";
}

}  // namespace

void print_comparison_table(std::ostream& out, const CompareDescription& run,
                            const RunComparison& comparison) {
  out << "B " << run.scenario_b << " minus A " << run.scenario_a << ": " << comparison.paths
      << " paths, seed " << run.seed << ", the same draws on each path (common random numbers)\n\n"
      << pad("target", 32) << pad("P(A)", 8) << pad("P(B)", 8) << pad("diff P +- paired se", 24)
      << pad("unpaired se", 13) << pad("ratio", 8) << pad("diff median", 13) << pad("diff 5%", 13)
      << "diff 95%\n";
  for (const TargetComparison& c : comparison.targets) {
    out << pad(c.id, 32) << pad(format("%.3f", c.p_meet_a), 8) << pad(format("%.3f", c.p_meet_b), 8)
        << pad(format("%+.3f", c.diff_p_meet) + " +- " + format("%.4f", c.diff_p_meet_se), 24)
        << pad(format("%.4f", c.diff_p_meet_se_unpaired), 13)
        << pad(format("%.2f", c.diff_p_meet_se_ratio), 8) << pad(format("%+.4g", c.diff_median), 13)
        << pad(format("%+.4g", c.diff_q05), 13) << format("%+.4g", c.diff_q95) << "\n";
  }
  out << "\nratio: paired se / the se of two independent runs of as many paths (below 1: the "
         "pairing helps)\n";
  if (!comparison.only_a.empty())
    out << "Only in A (not compared): " << joined(comparison.only_a) << "\n";
  if (!comparison.only_b.empty())
    out << "Only in B (not compared): " << joined(comparison.only_b) << "\n";
}

void print_comparison_json(std::ostream& out, const CompareDescription& run,
                           const RunComparison& comparison) {
  out << "{\n  \"scenario_a\": " << json_string(run.scenario_a)
      << ",\n  \"scenario_b\": " << json_string(run.scenario_b) << ",\n  \"seed\": " << run.seed
      << ",\n  \"paths\": " << comparison.paths << ",\n  \"targets\": [";
  for (std::size_t i = 0; i < comparison.targets.size(); ++i) {
    const TargetComparison& c = comparison.targets[i];
    out << (i == 0 ? "\n" : ",\n") << "    {\"id\": " << json_string(c.id)
        << ", \"p_meet_a\": " << json_number(c.p_meet_a)
        << ", \"p_meet_b\": " << json_number(c.p_meet_b)
        << ", \"diff_p_meet\": " << json_number(c.diff_p_meet)
        << ", \"diff_p_meet_se\": " << json_number(c.diff_p_meet_se)
        << ", \"diff_p_meet_se_unpaired\": " << json_number(c.diff_p_meet_se_unpaired)
        << ", \"diff_p_meet_se_ratio\": " << json_number(c.diff_p_meet_se_ratio)
        << ", \"diff_median\": " << json_number(c.diff_median)
        << ", \"diff_q05\": " << json_number(c.diff_q05)
        << ", \"diff_q95\": " << json_number(c.diff_q95) << "}";
  }
  out << "\n  ],\n  \"only_a\": " << json_list(comparison.only_a)
      << ",\n  \"only_b\": " << json_list(comparison.only_b) << "\n}\n";
}

void print_solve_table(std::ostream& out, const SolveDescription& run, const SolveResult& result) {
  out << "Scenario " << run.scenario << ": " << run.lever << " in [" << format("%g", run.lo) << ", "
      << format("%g", run.hi) << "] for P(" << run.target << " met) >= " << format("%g", run.alpha)
      << "; " << run.paths << " paths, seed " << run.seed << ", the same draws at every value\n";
  out << "\n";
  switch (result.outcome) {
    case SolveOutcome::OutOfReach:
      out << "Out of reach: P(meet) < " << format("%g", run.alpha)
          << " at both ends of the range\n";
      break;
    case SolveOutcome::MetAcrossRange:
    case SolveOutcome::Found:
      out << "P(meet) " << (result.rising ? "rises" : "falls") << " with the lever: the "
          << (result.rising ? "smallest" : "largest") << " value reaching it\n"
          << run.lever << " = " << format("%.6g", result.value) << "  (bisection tolerance "
          << format("%.3g", result.tolerance) << ", " << run.steps << " steps)";
      if (result.outcome == SolveOutcome::MetAcrossRange)
        out << "  -- already met at the range's end";
      out << "\nInterval where P(meet) +- 2 se crosses " << format("%g", run.alpha) << ": ["
          << format("%.6g", result.interval_low) << (result.low_at_range_end ? " (range end)" : "")
          << ", " << format("%.6g", result.interval_high)
          << (result.high_at_range_end ? " (range end)" : "") << "]\n";
      break;
  }
  out << "\n" << pad("lever", 16) << "P(meet) +- se\n";
  for (const LeverPoint& p : result.evaluations) {
    out << pad(format("%.6g", p.lever), 16) << format("%.3f", p.p_meet) << " +- "
        << format("%.4f", p.p_meet_se) << "\n";
  }
}

void print_solve_json(std::ostream& out, const SolveDescription& run, const SolveResult& result) {
  out << "{\n  \"scenario\": " << json_string(run.scenario)
      << ",\n  \"target\": " << json_string(run.target)
      << ",\n  \"lever\": " << json_string(run.lever)
      << ",\n  \"probability\": " << json_number(run.alpha) << ",\n  \"range\": ["
      << json_number(run.lo) << ", " << json_number(run.hi) << "],\n  \"steps\": " << run.steps
      << ",\n  \"seed\": " << run.seed << ",\n  \"paths\": " << run.paths
      << ",\n  \"outcome\": " << json_string(outcome_name(result.outcome))
      << ",\n  \"direction\": " << json_string(result.rising ? "rising" : "falling")
      << ",\n  \"value\": " << json_number(result.value)
      << ",\n  \"tolerance\": " << json_number(result.tolerance) << ",\n  \"interval\": ["
      << json_number(result.interval_low) << ", " << json_number(result.interval_high)
      << "],\n  \"interval_at_range_end\": [" << (result.low_at_range_end ? "true" : "false")
      << ", " << (result.high_at_range_end ? "true" : "false") << "],\n  \"evaluations\": [";
  for (std::size_t i = 0; i < result.evaluations.size(); ++i) {
    const LeverPoint& p = result.evaluations[i];
    out << (i == 0 ? "\n" : ",\n") << "    {\"lever\": " << json_number(p.lever)
        << ", \"p_meet\": " << json_number(p.p_meet)
        << ", \"p_meet_se\": " << json_number(p.p_meet_se) << "}";
  }
  out << "\n  ]\n}\n";
}

}  // namespace regiosim::cli
