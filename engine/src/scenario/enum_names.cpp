// Names of the scenario enums as they are written in YAML and in result files.
#include "regiosim/scenario.hpp"

namespace regiosim {

const char* to_string(SectorTier tier) {
  switch (tier) {
    case SectorTier::Emerging:
      return "emerging";
    case SectorTier::Leading:
      return "leading";
    case SectorTier::Characteristic:
      return "characteristic";
    case SectorTier::Other:
      return "other";
  }
  return "?";
}

const char* to_string(SectorType type) {
  return type == SectorType::Supply ? "supply" : "demand";
}

const char* to_string(IndustryClass industry_class) {
  switch (industry_class) {
    case IndustryClass::Primary:
      return "primary";
    case IndustryClass::Secondary:
      return "secondary";
    case IndustryClass::Tertiary:
      return "tertiary";
  }
  return "?";
}

const char* to_string(Comparison comparison) {
  switch (comparison) {
    case Comparison::GreaterEqual:
      return ">=";
    case Comparison::Greater:
      return ">";
    case Comparison::LessEqual:
      return "<=";
    case Comparison::Less:
      return "<";
  }
  return "?";
}

const char* to_string(TargetBasis basis) {
  switch (basis) {
    case TargetBasis::NominalLevel:
      return "nominal_level";
    case TargetBasis::RealLevel:
      return "real_level";
    case TargetBasis::RealGrowth:
      return "real_growth";
    case TargetBasis::NominalGrowth:
      return "nominal_growth";
    case TargetBasis::Share:
      return "share";
    case TargetBasis::PerCapita:
      return "per_capita";
  }
  return "?";
}

}  // namespace regiosim
