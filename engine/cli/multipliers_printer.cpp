#include "multipliers_printer.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>

#include "json_writer.hpp"
#include "text_format.hpp"

namespace regiosim::cli {

namespace {

std::string fixed4_text(double x) {
  return format("%.4f", x);
}

std::string fixed1_text(double x) {
  return format("%.1f", x);
}

// {"national": x, "regional": y}
std::string json_pair(double national, double regional) {
  return "{\"national\": " + json_number(national) + ", \"regional\": " + json_number(regional) +
         "}";
}

// {"type_i": x, "type_ii": y}
std::string json_types(double type_i, double type_ii) {
  return "{\"type_i\": " + json_number(type_i) + ", \"type_ii\": " + json_number(type_ii) + "}";
}

// Row-major: one row per line, rows of the matrix as JSON arrays.
void print_json_matrix(std::ostream& out, const Eigen::MatrixXd& m) {
  out << "[";
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    out << (i == 0 ? "\n   [" : ",\n   [");
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      out << (j == 0 ? "" : ", ") << json_number(m(i, j));
    out << "]";
  }
  out << "]";
}

}  // namespace

void print_multipliers_table(std::ostream& out, const MultiplierReport& report) {
  std::size_t code_width = 8;
  for (const MultiplierSector& s : report.sectors)
    code_width = std::max(code_width, s.code.size() + 2);
  out << "Input-output multipliers of " << report.scenario << " (MODEL.md sections 5 and 10)\n"
      << "Spectral radius: national A " << fixed4_text(report.radius_national) << ", regional Ar "
      << fixed4_text(report.radius_regional) << " (productive if < 1)\n"
      << "Regional coefficients by FLQ (M6): delta " << fixed4_text(report.flq_delta) << ", lambda "
      << fixed4_text(report.lambda) << "\n"
      << "Type I multipliers per unit of final demand: output = column sum of L = (I - A)^-1,\n"
      << "value added = v' L; L_DD = (I - Ar_DD)^-1 is the demand block of the mixed model "
         "(M7).\n\n"
      << pad("sector", code_width) << pad("type", 8) << pad("SLQ", 8)
      << pad("output multiplier", 20) << pad("VA multiplier", 20) << "L_DD\n"
      << pad("", code_width) << pad("", 8) << pad("", 8) << pad("national", 10)
      << pad("regional", 10) << pad("national", 10) << pad("regional", 10) << "col. sum\n";
  for (const MultiplierSector& s : report.sectors) {
    out << pad(s.code, code_width) << pad(s.type, 8) << pad(fixed4_text(s.slq), 8)
        << pad(fixed4_text(s.output_national), 10) << pad(fixed4_text(s.output_regional), 10)
        << pad(fixed4_text(s.value_added_national), 10)
        << pad(fixed4_text(s.value_added_regional), 10)
        << (s.demand_block_column_sum ? fixed4_text(*s.demand_block_column_sum) : "-") << "\n";
  }

  out << "\nHouseholds closed (M10): propensity to consume c "
      << fixed4_text(report.propensity_to_consume) << ", income tax rate tau_H "
      << fixed4_text(report.income_tax_rate) << ";\n"
      << "spectral radius of Abar = [[Ar, c], [h', 0]] " << fixed4_text(report.radius_closed)
      << " (productive if < 1).\n"
      << "h_j = (1 - tau_H) (1 - alpha_j) v_j: disposable income per unit of gross output; c_i: "
         "regional\n"
      << "household purchases per unit of disposable income. Type II multipliers per unit of "
         "final demand\n"
      << "from Lbar = (I - Abar)^-1, Type I from Lr; employment in persons per 亿元 (e: per 亿元 "
         "of gross\n"
      << "output, base year); revenue: own-revenue tax base sum_i tau_i v_i L_ij (M12).\n\n"
      << pad("sector", code_width) << pad("h", 8) << pad("c", 8) << pad("output", 16)
      << pad("VA", 8) << pad("e", 8) << pad("employment", 16) << "revenue\n"
      << pad("", code_width) << pad("", 8) << pad("", 8) << pad("type II", 8) << pad("II/I", 8)
      << pad("type II", 8) << pad("", 8) << pad("type I", 8) << pad("type II", 8)
      << pad("type I", 8) << "type II\n";
  for (const MultiplierSector& s : report.sectors) {
    out << pad(s.code, code_width) << pad(fixed4_text(s.household_income), 8)
        << pad(fixed4_text(s.household_spending), 8) << pad(fixed4_text(s.output_type_ii), 8)
        << pad(fixed4_text(s.output_ratio), 8) << pad(fixed4_text(s.value_added_type_ii), 8)
        << pad(fixed1_text(s.employment_per_output), 8) << pad(fixed1_text(s.employment_type_i), 8)
        << pad(fixed1_text(s.employment_type_ii), 8) << pad(fixed4_text(s.revenue_type_i), 8)
        << fixed4_text(s.revenue_type_ii) << "\n";
  }
}

void print_multipliers_json(std::ostream& out, const MultiplierReport& report) {
  out << "{\"scenario\": " << json_string(report.scenario)
      << ", \"flq_delta\": " << json_number(report.flq_delta)
      << ", \"lambda\": " << json_number(report.lambda)
      << ",\n \"spectral_radius\": " << json_pair(report.radius_national, report.radius_regional)
      << ",\n \"households\": {\"propensity_to_consume\": "
      << json_number(report.propensity_to_consume)
      << ", \"income_tax_rate\": " << json_number(report.income_tax_rate)
      << ", \"spectral_radius\": " << json_number(report.radius_closed) << "}"
      << ",\n \"sectors\": [";
  for (std::size_t i = 0; i < report.sectors.size(); ++i) {
    const MultiplierSector& s = report.sectors[i];
    out << (i == 0 ? "\n  " : ",\n  ") << "{\"code\": " << json_string(s.code)
        << ", \"type\": " << json_string(s.type) << ", \"slq\": " << json_number(s.slq)
        << ", \"output_multiplier\": " << json_pair(s.output_national, s.output_regional)
        << ", \"value_added_multiplier\": "
        << json_pair(s.value_added_national, s.value_added_regional)
        << ", \"demand_block_column_sum\": "
        << (s.demand_block_column_sum ? json_number(*s.demand_block_column_sum) : "null")
        << ",\n   \"household_income\": " << json_number(s.household_income)
        << ", \"household_spending\": " << json_number(s.household_spending)
        << ", \"employment_per_output\": " << json_number(s.employment_per_output)
        << ",\n   \"output_multiplier_type_ii\": " << json_number(s.output_type_ii)
        << ", \"output_multiplier_ratio\": " << json_number(s.output_ratio)
        << ", \"value_added_multiplier_type_ii\": " << json_number(s.value_added_type_ii)
        << ",\n   \"employment_multiplier\": "
        << json_types(s.employment_type_i, s.employment_type_ii)
        << ", \"revenue_multiplier\": " << json_types(s.revenue_type_i, s.revenue_type_ii) << "}";
  }
  out << "],\n \"leontief\": {\"national\": ";
  print_json_matrix(out, report.leontief_national);
  out << ",\n  \"regional\": ";
  print_json_matrix(out, report.leontief_regional);
  out << ",\n  \"closed\": ";
  print_json_matrix(out, report.leontief_closed);
  out << "}}\n";
}

}  // namespace regiosim::cli
