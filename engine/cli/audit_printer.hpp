#pragma once
// The plan audit (regiosim audit) as a terminal table or as one JSON document (schema in README).

#include <iosfwd>

#include "regiosim/plan_audit.hpp"

namespace regiosim::cli {

void print_audit_table(std::ostream& out, const PlanAudit& audit);
void print_audit_json(std::ostream& out, const PlanAudit& audit);

}  // namespace regiosim::cli
