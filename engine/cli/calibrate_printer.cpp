#include "calibrate_printer.hpp"

#include <ostream>

#include "json_writer.hpp"
#include "text_format.hpp"

namespace regiosim::cli {

namespace {

std::string years_text(const std::vector<int>& years) {
  if (years.empty()) return "-";
  return std::to_string(years.front()) + "-" + std::to_string(years.back()) + " (n " +
         std::to_string(years.size()) + ")";
}

void print_estimates(std::ostream& out, const CalibrationResult& result) {
  out << "Estimates (simulated method of moments, " << result.iterations << " Newton steps, "
      << (result.converged ? "converged" : "NOT converged") << "):\n";
  out << "  " << pad("parameter", 40) << pad("start", 11) << pad("estimate", 11) << pad("se", 11)
      << "95 % interval\n";
  for (const ParameterEstimate& e : result.estimates) {
    out << "  " << pad(e.key_path, 40) << pad(format("%.5g", e.start), 11)
        << pad(format("%.5g", e.estimate), 11) << pad(format("%.3g", e.standard_error), 11) << "["
        << format("%.4g", e.lower95) << ", " << format("%.4g", e.upper95) << "]"
        << (e.at_bound ? "  at the bound 0" : "") << "\n";
  }
  out << "Fit (annual log growth; model = mean over simulated paths; sampling sd = the statistic's "
         "sd across paths):\n";
  out << "  " << pad("statistic", 26) << pad("years", 18) << pad("observed", 11)
      << pad("model/start", 13) << pad("model/est.", 12) << "sampling sd\n";
  for (const MomentFit& m : result.moments) {
    out << "  " << pad(m.indicator + " " + m.statistic, 26) << pad(years_text(m.years), 18)
        << pad(format("%.5f", m.observed), 11) << pad(format("%.5f", m.model_start), 13)
        << pad(format("%.5f", m.model_estimate), 12) << format("%.5f", m.sampling_sd) << "\n";
  }
}

}  // namespace

void print_calibration_table(std::ostream& out, const CalibrationResult& result,
                             const std::string& written) {
  if (result.estimates.empty()) {
    out << "Estimates: none (the history identifies no parameter of the moment table)\n";
  } else {
    print_estimates(out, result);
  }
  out << "Not identified (kept at the scenario's value):\n";
  for (const NotIdentified& n : result.not_identified)
    out << "  " << pad(n.key_path, 40) << n.reason << "\n";
  out << (written.empty() ? std::string("no overlay written (--out FILE writes it)")
                          : "wrote " + written)
      << "\n";
}

void print_calibration_json(std::ostream& out, const CalibrationResult& result,
                            const std::string& written) {
  out << "{\"converged\": " << (result.converged ? "true" : "false")
      << ", \"iterations\": " << result.iterations
      << ", \"overlay\": " << (written.empty() ? std::string("null") : json_string(written))
      << ",\n \"estimates\": [";
  for (std::size_t i = 0; i < result.estimates.size(); ++i) {
    const ParameterEstimate& e = result.estimates[i];
    out << (i == 0 ? "\n  " : ",\n  ") << "{\"key\": " << json_string(e.key_path)
        << ", \"statistic\": " << json_string(e.statistic)
        << ", \"log_scale\": " << (e.log_scale ? "true" : "false")
        << ", \"start\": " << json_number(e.start) << ", \"estimate\": " << json_number(e.estimate)
        << ", \"standard_error\": " << json_number(e.standard_error)
        << ", \"interval95\": " << json_array({e.lower95, e.upper95})
        << ", \"at_bound\": " << (e.at_bound ? "true" : "false") << "}";
  }
  out << "],\n \"moments\": [";
  for (std::size_t i = 0; i < result.moments.size(); ++i) {
    const MomentFit& m = result.moments[i];
    std::vector<double> years(m.years.begin(), m.years.end());
    out << (i == 0 ? "\n  " : ",\n  ") << "{\"indicator\": " << json_string(m.indicator)
        << ", \"statistic\": " << json_string(m.statistic) << ", \"years\": " << json_array(years)
        << ", \"observed\": " << json_number(m.observed)
        << ", \"model_start\": " << json_number(m.model_start)
        << ", \"model_estimate\": " << json_number(m.model_estimate)
        << ", \"sampling_sd\": " << json_number(m.sampling_sd) << "}";
  }
  out << "],\n \"not_identified\": [";
  for (std::size_t i = 0; i < result.not_identified.size(); ++i) {
    const NotIdentified& n = result.not_identified[i];
    out << (i == 0 ? "\n  " : ",\n  ") << "{\"key\": " << json_string(n.key_path)
        << ", \"reason\": " << json_string(n.reason) << "}";
  }
  out << "]}\n";
}

}  // namespace regiosim::cli
