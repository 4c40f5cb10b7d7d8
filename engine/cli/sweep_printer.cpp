// `regiosim sweep` output (sweep_printer.hpp).
#include "sweep_printer.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "json_writer.hpp"
#include "text_format.hpp"

namespace regiosim::cli {

namespace {

// Designs up to this many points are listed point by point; larger ones per target, as a range.
constexpr std::size_t LISTED_POINTS = 20;

std::string number(double x) {
  return format("%6.3f", x);
}

// The years the time-resolved tables show: every fifth after the base year, and the last.
std::vector<std::size_t> shown_years(const std::vector<int>& years) {
  std::vector<std::size_t> shown;
  for (std::size_t y = 1; y < years.size(); ++y) {
    if ((years[y] - years.front()) % 5 == 0 || y + 1 == years.size()) shown.push_back(y);
  }
  return shown;
}

void print_points(std::ostream& out, const SweepSpec& spec, const SweepResult& result) {
  if (result.design.size() <= LISTED_POINTS) {
    for (std::size_t i = 0; i < result.design.size(); ++i) {
      out << "point " << i << ":";
      for (std::size_t k = 0; k < spec.parameters.size(); ++k)
        out << " " << spec.parameters[k].key << "=" << result.design[i][k];
      out << "\n";
      for (std::size_t t = 0; t < result.target_ids.size(); ++t) {
        out << "  " << pad(result.target_ids[t], 28) << " P(meet) "
            << format("%.3f", result.points[i].p_meet[t]) << " +- "
            << format("%.3f", result.points[i].p_meet_se[t]) << "\n";
      }
    }
    return;
  }
  out << "P(meet) across the " << result.design.size() << " points (lowest, highest, at point):\n";
  for (std::size_t t = 0; t < result.target_ids.size(); ++t) {
    std::size_t lo = 0;
    std::size_t hi = 0;
    for (std::size_t i = 1; i < result.points.size(); ++i) {
      if (result.points[i].p_meet[t] < result.points[lo].p_meet[t]) lo = i;
      if (result.points[i].p_meet[t] > result.points[hi].p_meet[t]) hi = i;
    }
    out << "  " << pad(result.target_ids[t], 28) << " " << number(result.points[lo].p_meet[t])
        << " (point " << lo << ")  " << number(result.points[hi].p_meet[t]) << " (point " << hi
        << ")\n";
  }
}

void print_sobol(std::ostream& out, const SweepSpec& spec, const SweepResult& result) {
  out << "Sobol indices of P(meet), bootstrap 95 % intervals:\n";
  for (std::size_t t = 0; t < result.target_ids.size(); ++t) {
    out << result.target_ids[t] << "\n";
    const SobolIndices& s = result.sobol_p_meet[t];
    if (!std::isfinite(s.total.empty() ? 0.0 : s.total[0])) {
      out << "  no variation across the design: indices undefined\n";
      continue;
    }
    for (std::size_t k = 0; k < spec.parameters.size(); ++k) {
      out << "  " << pad(spec.parameters[k].key, 40) << " S1 " << number(s.first[k]) << " ["
          << number(s.first_lo[k]) << ", " << number(s.first_hi[k]) << "]  ST "
          << number(s.total[k]) << " [" << number(s.total_lo[k]) << ", " << number(s.total_hi[k])
          << "]\n";
    }
  }
}

void print_morris(std::ostream& out, const SweepSpec& spec, const SweepResult& result) {
  out << "Morris elementary effects on P(meet), per whole parameter range (" << spec.points
      << " trajectories, " << spec.morris_levels << " levels):\n";
  for (std::size_t t = 0; t < result.target_ids.size(); ++t) {
    out << result.target_ids[t] << "\n";
    const MorrisIndices& m = result.morris_p_meet[t];
    for (std::size_t k = 0; k < spec.parameters.size(); ++k) {
      out << "  " << pad(spec.parameters[k].key, 40) << " mu* " << number(m.mu_star[k]) << "  mu "
          << number(m.mu[k]) << "  sigma " << number(m.sigma[k]) << "\n";
    }
  }
}

// Time-resolved: one index per parameter and year of median nominal GDP.
template <typename Indices>
void print_by_year(std::ostream& out, const SweepSpec& spec, const SweepResult& result,
                   const std::vector<Indices>& by_year, std::vector<double> Indices::*field,
                   const std::string& title) {
  const std::vector<std::size_t> shown = shown_years(result.years);
  out << title << "\n  " << pad("", 40);
  for (std::size_t y : shown)
    out << "    " << result.years[y];  // right-aligned over the 8-wide values
  out << "\n";
  for (std::size_t k = 0; k < spec.parameters.size(); ++k) {
    out << "  " << pad(spec.parameters[k].key, 40);
    for (std::size_t y : shown)
      out << " " << format("%7.3f", (by_year[y].*field)[k]);
    out << "\n";
  }
}

template <typename Indices>
void json_indices(
    std::ostream& out, const std::string& name, const std::vector<std::string>& keys,
    const std::vector<Indices>& all,
    const std::vector<std::pair<const char*, std::vector<double> Indices::*>>& fields) {
  out << ", " << json_string(name) << ": {";
  for (std::size_t c = 0; c < all.size(); ++c) {
    out << (c > 0 ? ", " : "") << json_string(keys[c]) << ": {";
    for (std::size_t f = 0; f < fields.size(); ++f)
      out << (f > 0 ? ", " : "") << json_string(fields[f].first) << ": "
          << json_array(all[c].*fields[f].second);
    out << "}";
  }
  out << "}";
}

}  // namespace

void print_sweep_table(std::ostream& out, const SweepSpec& spec, const SweepResult& result,
                       const std::string& output, const std::string& checkpoint) {
  out << "sweep " << spec.path << ": " << to_string(spec.design) << ", " << result.design.size()
      << " points x " << spec.paths << " paths, seed " << spec.seed
      << (spec.common_random_numbers ? ", common random numbers" : "") << " -> " << output << "\n";
  if (result.resumed_points > 0) {
    out << "resumed: " << result.resumed_points << " of " << result.design.size()
        << " points were taken from " << checkpoint << "\n";
  }
  switch (spec.design) {
    case Design::Sobol:
      print_sobol(out, spec, result);
      print_by_year(out, spec, result, result.sobol_gdp, &SobolIndices::total,
                    "Total Sobol index of median nominal GDP by year:");
      break;
    case Design::Morris:
      print_morris(out, spec, result);
      print_by_year(out, spec, result, result.morris_gdp, &MorrisIndices::mu_star,
                    "Morris mu* of median nominal GDP by year (" +
                        std::string(VARIABLES[static_cast<std::size_t>(Var::GdpNominal)].units) +
                        ", per whole parameter range):");
      break;
    case Design::Grid:
    case Design::Lhs:
    case Design::Mc:
      print_points(out, spec, result);
      break;
  }
}

void print_sweep_json(std::ostream& out, const SweepSpec& spec, const SweepResult& result,
                      const std::string& output) {
  out << "{\"design\": " << json_string(to_string(spec.design))
      << ", \"points\": " << result.design.size() << ", \"paths\": " << spec.paths
      << ", \"seed\": " << spec.seed << ", \"resumed_points\": " << result.resumed_points
      << ", \"output\": " << json_string(output) << ", \"parameters\": [";
  for (std::size_t k = 0; k < spec.parameters.size(); ++k)
    out << (k > 0 ? ", " : "") << json_string(spec.parameters[k].key);
  out << "], \"targets\": [";
  for (std::size_t t = 0; t < result.target_ids.size(); ++t)
    out << (t > 0 ? ", " : "") << json_string(result.target_ids[t]);
  out << "], \"years\": [";
  for (std::size_t y = 0; y < result.years.size(); ++y)
    out << (y > 0 ? ", " : "") << result.years[y];
  out << "], \"design_values\": [";
  for (std::size_t i = 0; i < result.design.size(); ++i)
    out << (i > 0 ? ", " : "") << json_array(result.design[i]);
  out << "], \"p_meet\": [";
  for (std::size_t i = 0; i < result.points.size(); ++i)
    out << (i > 0 ? ", " : "") << json_array(result.points[i].p_meet);
  out << "]";
  std::vector<std::string> years;
  for (int year : result.years)
    years.push_back(std::to_string(year));
  if (spec.design == Design::Sobol) {
    const std::vector<std::pair<const char*, std::vector<double> SobolIndices::*>> fields = {
        {"first", &SobolIndices::first},       {"first_lo", &SobolIndices::first_lo},
        {"first_hi", &SobolIndices::first_hi}, {"total", &SobolIndices::total},
        {"total_lo", &SobolIndices::total_lo}, {"total_hi", &SobolIndices::total_hi}};
    json_indices(out, "sobol", result.target_ids, result.sobol_p_meet, fields);
    json_indices(out, "sobol_median", result.target_ids, result.sobol_median, fields);
    json_indices(out, "sobol_gdp", years, result.sobol_gdp, fields);
  }
  if (spec.design == Design::Morris) {
    const std::vector<std::pair<const char*, std::vector<double> MorrisIndices::*>> fields = {
        {"mu_star", &MorrisIndices::mu_star},
        {"mu", &MorrisIndices::mu},
        {"sigma", &MorrisIndices::sigma}};
    json_indices(out, "morris", result.target_ids, result.morris_p_meet, fields);
    json_indices(out, "morris_median", result.target_ids, result.morris_median, fields);
    json_indices(out, "morris_gdp", years, result.morris_gdp, fields);
  }
  out << "}\n";
}

}  // namespace regiosim::cli
