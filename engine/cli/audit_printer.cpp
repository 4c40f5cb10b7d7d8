#include "audit_printer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>

#include "json_writer.hpp"
#include "text_format.hpp"

namespace regiosim::cli {

namespace {

// A value with its unit; a pure number (unit "1", an elasticity) stands alone.
std::string with_unit(double x, const std::string& unit) {
  return format("%.2f", x) + (unit == "1" ? "" : " " + unit);
}

std::string json_year(const std::optional<int>& year) {
  return year ? std::to_string(*year) : std::string("null");
}

}  // namespace

void print_audit_table(std::ostream& out, const PlanAudit& audit) {
  // The id and unit columns fit their longest entry (satellite ids are long; units vary).
  std::size_t id_width = 8;
  std::size_t unit_width = 6;
  for (const AuditRow& r : audit.targets) {
    id_width = std::max(id_width, r.id.size() + 2);
    unit_width = std::max(unit_width, r.unit.size() + 2);
  }
  out << "Plan audit of " << audit.scenario << " (MODEL.md section 9)\n"
      << "Each target's level against its own base and stated growth rate; ! marks a gap above "
      << format("%.2f", audit.tolerance_pp) << " pp/yr.\n\n"
      << pad("target", id_width) << pad("base", 16) << pad("target", 16) << pad("unit", unit_width)
      << pad("stated", 8) << pad("implied", 9) << pad("gap", 10) << "reading\n"
      << pad("", id_width) << pad("year value", 16) << pad("year value", 16) << pad("", unit_width)
      << pad("%/yr", 8) << pad("%/yr", 9) << "pp/yr\n";
  for (const AuditRow& r : audit.targets) {
    out << pad(r.id, id_width)
        << pad(std::to_string(r.base_year) + " " + format("%g", r.base_value), 16)
        << pad(std::to_string(r.target_year) + " " + format("%g", r.target_value), 16)
        << pad(r.unit, unit_width) << pad(format("%.2f", r.stated_pct), 8)
        << pad(format("%.2f", r.implied_pct), 9)
        << pad(format("%+.2f", r.gap_pp) + (r.flagged ? " !" : ""), 10) << r.reading << "\n";
  }
  out << "\nCross-checks (MODEL.md section 9); ! marks a difference above the tolerance:\n";
  for (const CrossCheck& c : audit.cross_checks) {
    out << "  " << c.name;
    if (!c.year) {
      out << ": " << c.verdict << "\n";
      continue;
    }
    out << " " << *c.year << ": " << with_unit(c.value, c.unit) << " against "
        << with_unit(c.reference, c.unit) << (c.flagged ? "  ! " : "  ") << c.verdict << "\n      "
        << c.description << "\n";
  }
}

void print_audit_json(std::ostream& out, const PlanAudit& audit) {
  out << "{\"scenario\": " << json_string(audit.scenario)
      << ", \"tolerance_pp\": " << json_number(audit.tolerance_pp) << ",\n \"targets\": [";
  for (std::size_t i = 0; i < audit.targets.size(); ++i) {
    const AuditRow& r = audit.targets[i];
    out << (i == 0 ? "\n  " : ",\n  ") << "{\"id\": " << json_string(r.id)
        << ", \"indicator\": " << json_string(r.indicator)
        << ", \"label\": " << json_string(r.label)
        << ", \"basis\": " << json_string(to_string(r.basis))
        << ", \"unit\": " << json_string(r.unit) << ", \"base_year\": " << r.base_year
        << ", \"base_value\": " << json_number(r.base_value)
        << ", \"target_year\": " << r.target_year
        << ", \"target_value\": " << json_number(r.target_value)
        << ", \"stated_pct_per_year\": " << json_number(r.stated_pct)
        << ", \"implied_pct_per_year\": " << json_number(r.implied_pct)
        << ", \"gap_pp\": " << json_number(r.gap_pp)
        << ", \"flagged\": " << (r.flagged ? "true" : "false")
        << ", \"reading\": " << json_string(r.reading) << "}";
  }
  out << "],\n \"cross_checks\": [";
  for (std::size_t i = 0; i < audit.cross_checks.size(); ++i) {
    const CrossCheck& c = audit.cross_checks[i];
    out << (i == 0 ? "\n  " : ",\n  ") << "{\"name\": " << json_string(c.name)
        << ", \"year\": " << json_year(c.year)
        << ", \"description\": " << json_string(c.description)
        << ", \"value\": " << json_number(c.value)
        << ", \"reference\": " << json_number(c.reference) << ", \"unit\": " << json_string(c.unit)
        << ", \"flagged\": " << (c.flagged ? "true" : "false")
        << ", \"verdict\": " << json_string(c.verdict) << "}";
  }
  out << "]}\n";
}

}  // namespace regiosim::cli
