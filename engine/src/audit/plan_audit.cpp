// The plan audit (MODEL.md section 9; the table of section 0). Every number here is computed from
// the scenario's targets and parameters; the only names known to the code are the indicators the
// cross-checks need (GDP, GDP per capita, real GDP, budget revenue, the culture VA share).
#include "regiosim/plan_audit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "regiosim/output_variables.hpp"

namespace regiosim {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double YUAN_PER_YI = 1e8;  // GDP in 亿元, GDP per capita in 元

// Indicators the cross-checks pair up (output_variables.hpp names; culture_va_share is the
// satellite of MODEL.md section 8).
constexpr const char* GDP = "gdp_nominal";
constexpr const char* GDP_REAL = "gdp_real";
constexpr const char* GDP_PER_CAPITA = "gdp_per_capita";
constexpr const char* REVENUE = "budget_revenue";
constexpr const char* CULTURE_SHARE = "culture_va_share";

std::string format(const char* pattern, double x) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, x);
  return text;
}

// Plan figures as the plan writes them (820, 114500, 32.18).
std::string figure(double x) {
  return format("%g", x);
}
std::string pct(double x) {
  return format("%.2f", x);
}
std::string signed_pp(double x) {
  return format("%+.2f", x);
}

double cagr_pct(double from, double to, int years) {
  if (!(from > 0) || !(to > 0) || years <= 0) return NaN;
  return (std::pow(to / from, 1.0 / years) - 1) * 100;
}

// (1 + a) / (1 + b) - 1 in %: the rate left when b is taken out of a, e.g. nominal growth less
// real growth = the deflator's growth.
double net_of_pct(double a_pct, double b_pct) {
  return ((1 + a_pct / 100) / (1 + b_pct / 100) - 1) * 100;
}

bool is_level(TargetBasis basis) {
  return basis == TargetBasis::NominalLevel || basis == TargetBasis::RealLevel ||
         basis == TargetBasis::PerCapita || basis == TargetBasis::Share;
}

// Whether the threshold is money at current prices, so that a stated real rate below its implied
// rate can be read as inflation. A nominal_level of a count, rate or index (population, the
// deflator) is not money; an indicator that is not a simulated variable (a satellite) is taken at
// its basis.
bool at_current_prices(const TargetSpec& target) {
  if (target.basis != TargetBasis::NominalLevel && target.basis != TargetBasis::PerCapita)
    return false;
  const std::optional<Var> var = find_variable(target.indicator);
  if (!var) return true;
  const Quantity quantity = info(*var).quantity;
  return quantity == Quantity::NominalMoney || quantity == Quantity::PerCapita;
}

std::string unit_of(const ScenarioSpec& spec, const TargetSpec& target) {
  if (target.basis == TargetBasis::Share) return "%";
  if (target.satellite >= 0)
    return spec.satellites[static_cast<std::size_t>(target.satellite)].units;
  const std::optional<Var> var = find_variable(target.indicator);
  return var ? std::string(info(*var).units) : std::string();
}

const AuditRow* find_row(const std::vector<AuditRow>& rows, const char* indicator,
                         TargetBasis basis, int year) {
  const auto it = std::find_if(rows.begin(), rows.end(), [&](const AuditRow& r) {
    return r.indicator == indicator && r.basis == basis && r.target_year == year;
  });
  return it == rows.end() ? nullptr : &*it;
}

// Population = GDP / GDP per capita, at the base and in the target year, for a GDP-per-capita row
// that has a GDP level row of the same base and target year (MODEL.md section 0, row 2).
struct ImpliedPopulation {
  const AuditRow* gdp = nullptr;
  double base_persons = 0;
  double target_persons = 0;
  double growth_pct = 0;
};

std::optional<ImpliedPopulation> implied_population(const std::vector<AuditRow>& rows,
                                                    const AuditRow& per_capita) {
  if (per_capita.indicator != GDP_PER_CAPITA || per_capita.basis != TargetBasis::PerCapita)
    return std::nullopt;
  const AuditRow* gdp = find_row(rows, GDP, TargetBasis::NominalLevel, per_capita.target_year);
  if (gdp == nullptr || gdp->base_year != per_capita.base_year) return std::nullopt;
  ImpliedPopulation p;
  p.gdp = gdp;
  p.base_persons = gdp->base_value * YUAN_PER_YI / per_capita.base_value;
  p.target_persons = gdp->target_value * YUAN_PER_YI / per_capita.target_value;
  p.growth_pct =
      cagr_pct(p.base_persons, p.target_persons, per_capita.target_year - per_capita.base_year);
  return p;
}

AuditRow make_row(const ScenarioSpec& spec, const TargetSpec& t) {
  AuditRow row;
  row.id = t.id;
  row.indicator = t.indicator;
  row.label = t.label;
  row.basis = t.basis;
  row.unit = unit_of(spec, t);
  row.base_year = t.plan_base_year;
  row.base_value = *t.plan_base;
  row.target_year = t.year;
  row.target_value = t.threshold;
  row.stated_pct = t.stated_growth.value_or(NaN);
  row.implied_pct = cagr_pct(row.base_value, row.target_value, row.target_year - row.base_year);
  row.gap_pp = row.implied_pct - row.stated_pct;
  row.flagged = std::fabs(row.gap_pp) > AUDIT_TOLERANCE_PP;  // false for NaN
  return row;
}

// The reading rules, first match wins:
//   no positive threshold          -> no growth rate
//   no stated rate                 -> nothing to compare
//   implied < stated - tolerance   -> inconsistent: the level needs less than the stated rate
//   implied > stated + tolerance, money at current prices
//                                  -> the stated rate is real: the gap is the deflator it implies
//   implied > stated + tolerance   -> inconsistent (a real level, a share)
//   otherwise                      -> consistent
// A GDP-per-capita row adds the population growth it implies with the GDP target of its year.
std::string reading(const AuditRow& row, const TargetSpec& t, const std::vector<AuditRow>& rows) {
  std::string text;
  if (!std::isfinite(row.implied_pct)) {
    text = "threshold not positive: no growth rate";
  } else if (std::isnan(row.stated_pct)) {
    text = "no stated rate";
  } else if (row.gap_pp < -AUDIT_TOLERANCE_PP) {
    text = "inconsistent (" + signed_pp(row.gap_pp) + " pp)";
  } else if (row.gap_pp > AUDIT_TOLERANCE_PP && at_current_prices(t)) {
    text = "stated rate is real, the level nominal: implies a deflator of " +
           pct(net_of_pct(row.implied_pct, row.stated_pct)) + " %/yr";
  } else if (row.gap_pp > AUDIT_TOLERANCE_PP) {
    text = "inconsistent (" + signed_pp(row.gap_pp) + " pp)";
  } else {
    text = "consistent";
  }
  if (const std::optional<ImpliedPopulation> p = implied_population(rows, row)) {
    text += "; with " + p->gdp->id + " (" + figure(p->gdp->target_value) +
            ") population must grow " + pct(p->growth_pct) + " %/yr (" +
            format("%.0f", p->base_persons) + " -> " + format("%.0f", p->target_persons) +
            " persons)";
  }
  return text;
}

CrossCheck not_available(const char* name, const std::string& why) {
  CrossCheck c;
  c.name = name;
  c.value = NaN;
  c.reference = NaN;
  c.verdict = "not available: " + why;
  return c;
}

// "consistent", or how far value is above or below reference, in unit.
std::string difference(double value, double reference, const std::string& unit,
                       const std::string& above, const std::string& below) {
  const double d = value - reference;
  if (std::isnan(d)) return "no reference";
  if (std::fabs(d) <= AUDIT_TOLERANCE_PP) return "consistent";
  return pct(std::fabs(d)) + " " + unit + " " + (d > 0 ? above : below);
}

// (a) GDP vs GDP per capita vs population (M9: N_t = N_{t-1} (1 + n + m_t), so the scenario's
// population grows at about n + mbar).
void check_population(const ScenarioSpec& spec, const std::vector<AuditRow>& rows,
                      std::vector<CrossCheck>& out) {
  const std::size_t before = out.size();
  for (const AuditRow& row : rows) {
    const std::optional<ImpliedPopulation> p = implied_population(rows, row);
    if (!p) continue;
    CrossCheck c;
    c.name = "population_growth";
    c.year = row.target_year;
    c.description = "population growth implied by " + p->gdp->id + " (" +
                    figure(p->gdp->target_value) + ") and " + row.id + " (" +
                    figure(row.target_value) + "), " + format("%.0f", p->base_persons) + " -> " +
                    format("%.0f", p->target_persons) +
                    " persons; reference: the scenario's natural increase + mean net migration "
                    "(n + mbar, M9)";
    c.value = p->growth_pct;
    c.reference = (spec.population.natural_increase + spec.population.migration_mean) * 100;
    c.unit = "%/yr";
    c.flagged = std::fabs(c.value - c.reference) > AUDIT_TOLERANCE_PP;
    c.verdict = difference(c.value, c.reference, "pp/yr",
                           "more population growth than the scenario assumes",
                           "less population growth than the scenario assumes");
    out.push_back(c);
  }
  if (out.size() == before) {
    out.push_back(not_available("population_growth",
                                "needs a gdp_nominal and a gdp_per_capita target with plan_base "
                                "for the same years"));
  }
}

// The GDP deflator's expected growth in the scenario over (base_year, year]: the mean of mu_pi
// (M8, by regime) plus the base-year-share-weighted sector price drifts lambda_j, compounded. An
// approximation: the deflator's weights move with relative prices.
double scenario_deflator_pct(const ScenarioSpec& spec, int year) {
  const std::vector<InflationRegime>& regimes = spec.prices.inflation_mean;
  if (regimes.empty() || year <= spec.base_year) return NaN;
  double sum = 0;
  for (int y = spec.base_year + 1; y <= year; ++y) {
    double mean = regimes.front().mean;
    for (const InflationRegime& r : regimes) {
      if (r.from_year <= y) mean = r.mean;
    }
    sum += mean;
  }
  double drift = 0;
  for (const SectorSpec& s : spec.sectors)
    drift += s.va_share * s.price_drift;
  return (std::exp(sum / (year - spec.base_year) + drift) - 1) * 100;
}

// (b) the deflator the nominal GDP level implies given the real growth rate the plan states: a
// real_growth target on gdp_real of the same year (compounded from the scenario's base year, as
// the scorecard reads it), else the GDP target's own stated rate read as real.
void check_deflator(const ScenarioSpec& spec, const std::vector<AuditRow>& rows,
                    std::vector<CrossCheck>& out) {
  const std::size_t before = out.size();
  for (const AuditRow& row : rows) {
    if (row.indicator != GDP || row.basis != TargetBasis::NominalLevel) continue;
    const auto real =
        std::find_if(spec.targets.begin(), spec.targets.end(), [&](const TargetSpec& t) {
          return t.indicator == GDP_REAL && t.basis == TargetBasis::RealGrowth &&
                 t.year == row.target_year;
        });
    double real_pct = NaN;
    std::string real_source;
    if (real != spec.targets.end()) {
      real_pct = real->threshold;
      real_source = real->id;
    } else if (!std::isnan(row.stated_pct)) {
      real_pct = row.stated_pct;
      real_source = row.id + "'s stated rate, read as real";
    } else {
      continue;
    }
    CrossCheck c;
    c.name = "gdp_deflator";
    c.year = row.target_year;
    c.description = "deflator growth implied by " + row.id + " (" + pct(row.implied_pct) +
                    " %/yr nominal) and " + real_source + " (" + pct(real_pct) +
                    " %/yr real); reference: the scenario's mean inflation mu_pi plus sector "
                    "price drifts (M8)";
    c.value = net_of_pct(row.implied_pct, real_pct);
    c.reference = scenario_deflator_pct(spec, row.target_year);
    c.unit = "%/yr";
    c.flagged = std::fabs(c.value - c.reference) > AUDIT_TOLERANCE_PP;
    c.verdict =
        difference(c.value, c.reference, "pp/yr", "more inflation than the scenario assumes",
                   "less inflation than the scenario assumes");
    out.push_back(c);
  }
  if (out.size() == before) {
    out.push_back(
        not_available("gdp_deflator",
                      "needs a gdp_nominal level target with plan_base and a real rate "
                      "(a gdp_real real_growth target of its year, or its stated_growth)"));
  }
}

// (c) the culture VA share target (MODEL.md section 9: culture >= 8 % of GDP) against the
// national share. Needs no plan_base: the plan states no base for it.
void check_culture(const ScenarioSpec& spec, std::vector<CrossCheck>& out) {
  const std::size_t before = out.size();
  for (const TargetSpec& t : spec.targets) {
    if (t.indicator != CULTURE_SHARE || t.basis != TargetBasis::Share) continue;
    CrossCheck c;
    c.name = "culture_va_share";
    c.year = t.year;
    c.description = "culture VA share target " + t.id +
                    "; reference: the national culture VA share (audit.national_culture_va_share)";
    c.value = t.threshold;
    c.reference = spec.audit.national_culture_va_share * 100;
    c.unit = "% of GDP";
    c.flagged = std::fabs(c.value - c.reference) > AUDIT_TOLERANCE_PP;
    c.verdict = c.flagged ? format("%.2f", c.value / c.reference) + " times the national share (" +
                                signed_pp(c.value - c.reference) + " pp)"
                          : "consistent";
    out.push_back(c);
  }
  if (out.size() == before)
    out.push_back(not_available("culture_va_share", "needs a culture_va_share target (share)"));
}

// (d) the revenue elasticity the plan implies: eps such that (1 + g_R) = (1 + g_Y)^eps, the
// exponent of M12 over the plan period, against fiscal.elasticity. (The plain ratio of the two
// rates, g_R / g_Y, understates it for rates this large.) The difference is judged by what it does
// to revenue growth, so the tolerance stays in pp/yr.
void check_revenue_elasticity(const ScenarioSpec& spec, const std::vector<AuditRow>& rows,
                              std::vector<CrossCheck>& out) {
  const std::size_t before = out.size();
  for (const AuditRow& row : rows) {
    if (row.indicator != REVENUE || row.basis != TargetBasis::NominalLevel) continue;
    const AuditRow* gdp = find_row(rows, GDP, TargetBasis::NominalLevel, row.target_year);
    if (gdp == nullptr || gdp->base_year != row.base_year) continue;
    const double log_gdp = std::log1p(gdp->implied_pct / 100);
    CrossCheck c;
    c.name = "revenue_elasticity";
    c.year = row.target_year;
    c.description = "elasticity of " + row.id + " (" + pct(row.implied_pct) + " %/yr) to " +
                    gdp->id + " (" + pct(gdp->implied_pct) +
                    " %/yr), ln(1 + g_R) / ln(1 + g_Y); reference: fiscal.elasticity (eps_R, M12)";
    c.value = std::log1p(row.implied_pct / 100) / log_gdp;
    c.reference = spec.fiscal.elasticity;
    c.unit = "1";
    // Revenue growth if the GDP target is met and revenue follows the scenario's elasticity.
    const double revenue_pct = std::expm1(c.reference * log_gdp) * 100;
    c.flagged =
        std::isfinite(c.value) && std::fabs(revenue_pct - row.implied_pct) > AUDIT_TOLERANCE_PP;
    if (!std::isfinite(c.value)) {
      c.verdict = "undefined: " + gdp->id + " implies no GDP growth";
    } else if (!c.flagged) {
      c.verdict = "consistent";
    } else {
      c.verdict = "at the scenario's elasticity revenue grows " + pct(revenue_pct) + " %/yr, " +
                  difference(revenue_pct, row.implied_pct, "pp/yr", "above", "below") + " the " +
                  pct(row.implied_pct) + " %/yr " + row.id + " implies";
    }
    out.push_back(c);
  }
  if (out.size() == before) {
    out.push_back(not_available("revenue_elasticity",
                                "needs budget_revenue and gdp_nominal level targets with plan_base "
                                "for the same years"));
  }
}

// (e) what a later GDP target (the 2035 vision's 1000 亿) requires once the earlier one is met: the
// growth from the earlier target's level to the later one's, against the growth the earlier one
// implies from its base.
void check_later_gdp(const std::vector<AuditRow>& rows, std::vector<CrossCheck>& out) {
  const std::size_t before = out.size();
  for (const AuditRow& later : rows) {
    if (later.indicator != GDP || later.basis != TargetBasis::NominalLevel) continue;
    const AuditRow* earlier = nullptr;
    for (const AuditRow& r : rows) {
      if (r.indicator == GDP && r.basis == TargetBasis::NominalLevel &&
          r.target_year < later.target_year &&
          (earlier == nullptr || r.target_year > earlier->target_year))
        earlier = &r;
    }
    if (earlier == nullptr) continue;
    CrossCheck c;
    c.name = "later_gdp_target";
    c.year = later.target_year;
    c.description = "growth from " + earlier->id + " (" + figure(earlier->target_value) + ", " +
                    std::to_string(earlier->target_year) + ") to " + later.id + " (" +
                    figure(later.target_value) + ", " + std::to_string(later.target_year) +
                    "); reference: the growth " + earlier->id + " implies from its base";
    c.value = cagr_pct(earlier->target_value, later.target_value,
                       later.target_year - earlier->target_year);
    c.reference = earlier->implied_pct;
    c.unit = "%/yr";
    c.flagged = std::fabs(c.value - c.reference) > AUDIT_TOLERANCE_PP;
    c.verdict = "if " + earlier->id + " is met, " + later.id + " needs " + pct(c.value) +
                " %/yr after " + std::to_string(earlier->target_year) + ": " +
                difference(c.value, c.reference, "pp/yr", "more than before", "less than before");
    out.push_back(c);
  }
  if (out.size() == before) {
    out.push_back(not_available("later_gdp_target",
                                "needs two gdp_nominal level targets with plan_base, for different "
                                "years"));
  }
}

}  // namespace

PlanAudit audit_plan(const ScenarioSpec& spec) {
  PlanAudit audit;
  audit.scenario = spec.metadata.name;
  std::vector<const TargetSpec*> sources;
  for (const TargetSpec& t : spec.targets) {
    if (!t.plan_base || !is_level(t.basis)) continue;
    audit.targets.push_back(make_row(spec, t));
    sources.push_back(&t);
  }
  for (std::size_t i = 0; i < audit.targets.size(); ++i)
    audit.targets[i].reading = reading(audit.targets[i], *sources[i], audit.targets);

  check_population(spec, audit.targets, audit.cross_checks);
  check_deflator(spec, audit.targets, audit.cross_checks);
  check_culture(spec, audit.cross_checks);
  check_revenue_elasticity(spec, audit.targets, audit.cross_checks);
  check_later_gdp(audit.targets, audit.cross_checks);
  return audit;
}

}  // namespace regiosim
