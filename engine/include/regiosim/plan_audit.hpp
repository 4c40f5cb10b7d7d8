#pragma once
// The plan audit (MODEL.md section 9): a deterministic check of the plan's targets against what the
// plan itself states, reproducing the table of MODEL.md section 0 from the scenario alone. No
// simulation: only the targets' bases, levels and stated rates, and a few scenario parameters the
// cross-checks compare them with.
//
// Units: levels in the target's unit; growth rates in %/yr (compound); gaps in percentage points
// (pp); shares in %. A value that does not exist (no stated rate) is NaN.

#include <optional>
#include <string>
#include <vector>

#include "regiosim/scenario.hpp"

namespace regiosim {

// MODEL.md section 9: a gap between implied and stated growth above this is flagged (pp/yr). The
// cross-checks use it too, for differences measured in pp or pp/yr.
inline constexpr double AUDIT_TOLERANCE_PP = 0.25;

// One target that states its base (plan_base) and whose threshold is a level (nominal_level,
// real_level, per_capita or share).
struct AuditRow {
  std::string id;
  std::string indicator;
  std::string label;
  TargetBasis basis = TargetBasis::NominalLevel;
  std::string unit;  // of base_value and target_value; empty when the indicator is not a variable
  int base_year = 0;
  double base_value = 0;  // the plan's base (plan_base)
  int target_year = 0;
  double target_value = 0;  // the threshold
  double stated_pct = 0;    // the plan's stated average growth, %/yr; NaN if it states none
  double implied_pct = 0;   // ((target / base)^(1 / years) - 1) * 100, %/yr
  double gap_pp = 0;        // implied - stated, pp/yr; NaN without a stated rate
  bool flagged = false;     // |gap| > AUDIT_TOLERANCE_PP
  std::string reading;      // what the gap means (rules in plan_audit.cpp)
};

// One cross-check of MODEL.md section 9: what the plan's targets imply (value) against a reference
// (a scenario parameter or another target), in the same unit.
struct CrossCheck {
  std::string name;
  std::optional<int> year;  // the target year it concerns; none when not available
  std::string description;  // what value is, and what reference is
  double value = 0;         // NaN when not available
  double reference = 0;     // NaN when not available or unknown
  std::string unit;
  bool flagged = false;  // value and reference differ by more than the tolerance
  std::string verdict;   // "consistent", what the difference means, or "not available: why"
};

struct PlanAudit {
  std::string scenario;  // metadata.name
  double tolerance_pp = AUDIT_TOLERANCE_PP;
  std::vector<AuditRow> targets;         // in the scenario's target order
  std::vector<CrossCheck> cross_checks;  // (a) to (e) of MODEL.md section 9, each at least once
};

// Pure and deterministic: the same scenario gives the same audit.
PlanAudit audit_plan(const ScenarioSpec& spec);

}  // namespace regiosim
