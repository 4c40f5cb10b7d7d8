// The plan audit (MODEL.md section 9): the table of section 0 reproduced from the scenario, the
// reading rules, and the cross-checks, against hand computations.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "regiosim/plan_audit.hpp"

using namespace regiosim;

namespace {

// The default scenario carries all eight rows of MODEL.md section 0 (the industrial and high-tech
// VA rows as satellites).
const std::string SECTION0_SCENARIO = REGIOSIM_SOURCE_DIR "/scenarios/luolong-14fyp.yaml";

const AuditRow& row(const PlanAudit& audit, const std::string& id) {
  const auto it = std::find_if(audit.targets.begin(), audit.targets.end(),
                               [&](const AuditRow& r) { return r.id == id; });
  INFO("audit row " << id);
  REQUIRE(it != audit.targets.end());
  return *it;
}

std::vector<const CrossCheck*> checks(const PlanAudit& audit, const std::string& name) {
  std::vector<const CrossCheck*> found;
  for (const CrossCheck& c : audit.cross_checks) {
    if (c.name == name) found.push_back(&c);
  }
  return found;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TargetSpec target(const std::string& id, const std::string& indicator, TargetBasis basis,
                  double base, double threshold, std::optional<double> stated = std::nullopt,
                  int year = 2025) {
  TargetSpec t;
  t.id = id;
  t.indicator = indicator;
  t.basis = basis;
  t.year = year;
  t.threshold = threshold;
  t.plan_base = base;
  t.plan_base_year = 2020;
  t.stated_growth = stated;
  return t;
}

// A level that grows exactly `pct` %/yr for 5 years from 100.
double after_five_years(double pct) {
  return 100 * std::pow(1 + pct / 100, 5);
}

}  // namespace

TEST_CASE("the audit reproduces MODEL.md section 0 from the scenario", "[unit][audit]") {
  const PlanAudit audit = audit_plan(load_scenario(SECTION0_SCENARIO));
  CHECK(audit.scenario == "luolong-14fyp");
  CHECK(audit.tolerance_pp == 0.25);

  // Implied %/yr = ((threshold / base)^(1/5) - 1) * 100, by hand: (820 / 451.9)^0.2 = 1.126560.
  struct Expected {
    const char* id;
    double implied;
    bool flagged;
  };
  const Expected table[] = {{"gdp_2025", 12.66, true},
                            {"gdp_per_capita_2025", 9.80, false},
                            {"industrial_va_above_size_2025", 13.57, true},
                            {"fai_2025", 12.01, false},
                            {"retail_sales_2025", 10.13, false},
                            {"budget_revenue_2025", 8.00, false},
                            {"high_tech_va_2025", 10.76, true},
                            {"income_per_capita_2025", 8.44, false}};
  for (const Expected& e : table) {
    INFO(e.id);
    const AuditRow& r = row(audit, e.id);
    CHECK(r.base_year == 2020);
    CHECK(r.target_year == 2025);
    CHECK(r.implied_pct == Approx(e.implied).margin(0.005));
    CHECK(r.flagged == e.flagged);
  }
  // Gaps, implied - stated: the three flagged rows of section 0.
  CHECK(row(audit, "gdp_2025").gap_pp == Approx(2.86).margin(0.005));
  CHECK(row(audit, "industrial_va_above_size_2025").gap_pp == Approx(3.57).margin(0.005));
  CHECK(row(audit, "high_tech_va_2025").gap_pp == Approx(-1.24).margin(0.005));
  CHECK(row(audit, "retail_sales_2025").gap_pp == Approx(0.13).margin(0.005));
  // Every other row states no rate: nothing to flag.
  for (const char* id :
       {"labour_productivity_2025", "urbanisation_2025", "tertiary_share_2025", "gdp_2035"}) {
    INFO(id);
    CHECK(std::isnan(row(audit, id).stated_pct));
    CHECK(std::isnan(row(audit, id).gap_pp));
    CHECK_FALSE(row(audit, id).flagged);
    CHECK(row(audit, id).reading == "no stated rate");
  }
  CHECK(row(audit, "urbanisation_2025").unit == "%");
  CHECK(row(audit, "gdp_2025").unit == "1e8 CNY (yi yuan), current prices");
  // Growth-basis targets (gdp_real_growth_2025) have no level to audit.
  CHECK(audit.targets.size() == 15);  // the default scenario's targets with a plan_base

  // Readings. GDP: (1.126560 / 1.098) - 1 = 2.60 %/yr; industrial VA: 1.135703 / 1.10 - 1 = 3.25.
  CHECK(row(audit, "gdp_2025").reading ==
        "stated rate is real, the level nominal: implies a deflator of 2.60 %/yr");
  CHECK(row(audit, "industrial_va_above_size_2025").reading ==
        "stated rate is real, the level nominal: implies a deflator of 3.25 %/yr");
  CHECK(row(audit, "high_tech_va_2025").reading == "inconsistent (-1.24 pp)");
  CHECK(row(audit, "fai_2025").reading == "consistent");
  CHECK(row(audit, "income_per_capita_2025").reading == "consistent");
  // Population 451.9e8 / 71757 = 629,764 -> 820e8 / 114500 = 716,157: 2.60 %/yr.
  CHECK(row(audit, "gdp_per_capita_2025").reading ==
        "consistent; with gdp_2025 (820) population must grow 2.60 %/yr (629764 -> 716157 "
        "persons)");
}

TEST_CASE("the cross-checks of MODEL.md section 9 on the section 0 targets", "[unit][audit]") {
  const PlanAudit audit = audit_plan(load_scenario(SECTION0_SCENARIO));
  REQUIRE(audit.cross_checks.size() == 5);

  // (a) population growth implied by GDP and GDP per capita vs n + mbar = -0.001 + 0.015.
  const CrossCheck& population = *checks(audit, "population_growth").at(0);
  CHECK(population.year == 2025);
  CHECK(population.value == Approx(2.604).margin(0.001));
  CHECK(population.reference == Approx(1.40).margin(1e-12));
  CHECK(population.unit == "%/yr");
  CHECK(population.flagged);
  CHECK(population.verdict == "1.20 pp/yr more population growth than the scenario assumes");

  // (b) deflator: 1.126560 / 1.098 - 1 = 2.60 %/yr, from the real growth target; the scenario's
  // mu_pi is 0.0078 (log, E) in 2021-25: exp(0.0078) - 1 = 0.783 %/yr.
  const CrossCheck& deflator = *checks(audit, "gdp_deflator").at(0);
  CHECK(deflator.value == Approx(2.60).margin(0.01));
  CHECK(deflator.reference == Approx(std::expm1(0.0078) * 100).margin(1e-9));
  CHECK(deflator.flagged);
  CHECK(contains(deflator.description, "gdp_real_growth_2025"));

  // (c) the default scenario's culture share target (8 %) against the national 4.43 %.
  const CrossCheck& culture = *checks(audit, "culture_va_share").at(0);
  CHECK(culture.year == 2025);
  CHECK(culture.value == 8);
  CHECK(culture.reference == Approx(4.43).margin(1e-12));

  // (d) elasticity: ln(32.18 / 21.9) / ln(820 / 451.9) = 0.38486 / 0.59584 = 0.646 (MODEL.md's
  // 0.65; the ratio of the rates, 8.00 / 12.66 = 0.63, understates it); the default is 0.9, at
  // which revenue would grow 1.126560^0.9 - 1 = 11.32 %/yr.
  const CrossCheck& elasticity = *checks(audit, "revenue_elasticity").at(0);
  CHECK(elasticity.value == Approx(0.646).margin(0.001));
  CHECK(elasticity.reference == 0.9);
  CHECK(elasticity.flagged);
  CHECK(contains(elasticity.verdict, "11.32 %/yr"));

  // (e) 1000 by 2035 from 820 in 2025: (1000 / 820)^(1/10) - 1 = 2.00 %/yr.
  const CrossCheck& later = *checks(audit, "later_gdp_target").at(0);
  CHECK(later.year == 2035);
  CHECK(later.value == Approx(2.00).margin(0.01));
  CHECK(later.reference == Approx(12.66).margin(0.005));
  CHECK(contains(later.verdict, "10.65 pp/yr less than before"));
}

TEST_CASE("reading rules", "[unit][audit]") {
  ScenarioSpec spec;
  spec.targets = {
      target("within", "fai_nominal", TargetBasis::NominalLevel, 100, after_five_years(10.2), 10.0),
      target("beyond", "fai_nominal", TargetBasis::NominalLevel, 100, after_five_years(10.3), 10.0),
      // (1.05 * 1.02)^5: 7.1 %/yr nominal against 5 % stated: a deflator of 2.00 %/yr.
      target("nominal", "retail_sales", TargetBasis::NominalLevel, 100,
             100 * std::pow(1.05 * 1.02, 5), 5.0),
      target("real", "labour_productivity", TargetBasis::RealLevel, 100, after_five_years(6), 5.0),
      target("count", "population", TargetBasis::NominalLevel, 100, after_five_years(6), 5.0),
      target("slower", "fai_nominal", TargetBasis::NominalLevel, 100, after_five_years(4), 5.0),
      target("negative", "fai_nominal", TargetBasis::NominalLevel, 100, -1, 5.0),
      target("share", "tertiary_share", TargetBasis::Share, 50, 55),
      target("growth", "gdp_real", TargetBasis::RealGrowth, 100, 9.8, 9.8),
  };
  TargetSpec no_base = target("no_base", "fai_nominal", TargetBasis::NominalLevel, 100, 200, 5.0);
  no_base.plan_base.reset();
  spec.targets.push_back(no_base);
  const PlanAudit audit = audit_plan(spec);

  CHECK(audit.targets.size() == 8);  // not the growth target, not the one without plan_base
  CHECK(row(audit, "within").gap_pp == Approx(0.2).margin(1e-9));
  CHECK_FALSE(row(audit, "within").flagged);
  CHECK(row(audit, "within").reading == "consistent");
  CHECK(row(audit, "beyond").flagged);
  CHECK(row(audit, "nominal").implied_pct == Approx(7.1).margin(1e-9));
  CHECK(row(audit, "nominal").reading ==
        "stated rate is real, the level nominal: implies a deflator of 2.00 %/yr");
  // Above the stated rate, but not money at current prices: no deflator to blame.
  CHECK(row(audit, "real").reading == "inconsistent (+1.00 pp)");
  CHECK(row(audit, "count").reading == "inconsistent (+1.00 pp)");
  CHECK(row(audit, "slower").reading == "inconsistent (-1.00 pp)");
  CHECK(row(audit, "slower").flagged);
  CHECK(std::isnan(row(audit, "negative").implied_pct));
  CHECK_FALSE(row(audit, "negative").flagged);
  CHECK(row(audit, "negative").reading == "threshold not positive: no growth rate");
  CHECK(row(audit, "share").unit == "%");
  CHECK(row(audit, "share").reading == "no stated rate");
}

TEST_CASE("a per-capita row reads population only with a GDP target of its year", "[unit][audit]") {
  ScenarioSpec spec;
  spec.targets = {
      target("gdppc", "gdp_per_capita", TargetBasis::PerCapita, 50000, after_five_years(5) * 500,
             5.0),
      target("income", "income_per_capita", TargetBasis::PerCapita, 100, after_five_years(5), 5.0),
      target("gdp_2030", "gdp_nominal", TargetBasis::NominalLevel, 100, 200, std::nullopt, 2030)};
  PlanAudit audit = audit_plan(spec);
  CHECK(row(audit, "gdppc").reading == "consistent");  // the GDP target is for another year
  CHECK(row(audit, "income").reading == "consistent");
  CHECK(contains(checks(audit, "population_growth").at(0)->verdict, "not available"));

  // GDP doubles from 100 (population 100e8 / 50000 = 200,000) while GDP per capita grows by
  // 1.05^5: population 200e8 / (50000 * 1.05^5) grows 2^(1/5) / 1.05 - 1 = 9.400 %/yr.
  spec.targets.push_back(target("gdp_2025", "gdp_nominal", TargetBasis::NominalLevel, 100, 200));
  spec.population.natural_increase = 0.004;
  spec.population.migration_mean = 0.09;
  audit = audit_plan(spec);
  const double growth = (std::pow(2.0, 0.2) / 1.05 - 1) * 100;
  CHECK(contains(row(audit, "gdppc").reading,
                 "consistent; with gdp_2025 (200) population must grow 9.40 %/yr (200000 -> "));
  CHECK(row(audit, "income").reading == "consistent");
  const CrossCheck& population = *checks(audit, "population_growth").at(0);
  CHECK(population.value == Approx(growth).margin(1e-9));
  CHECK(population.reference == Approx(9.4).margin(1e-12));
  CHECK_FALSE(population.flagged);  // n + mbar = 9.4 %/yr
  CHECK(population.verdict == "consistent");
}

TEST_CASE("culture share against the national share", "[unit][audit]") {
  // The default scenario's culture_va_share target (a satellite, 8 % in 2025, no plan base).
  ScenarioSpec spec = load_scenario(SECTION0_SCENARIO);
  PlanAudit audit = audit_plan(spec);
  CHECK(audit.targets.size() == 15);  // no plan_base: a cross-check, not a row
  const CrossCheck& c = *checks(audit, "culture_va_share").at(0);
  CHECK(c.year == 2025);
  CHECK(c.value == 8);
  CHECK(c.reference == Approx(4.43).margin(1e-12));
  CHECK(c.unit == "% of GDP");
  CHECK(c.flagged);
  CHECK(c.verdict == "1.81 times the national share (+3.57 pp)");

  spec.audit.national_culture_va_share = 0.079;
  audit = audit_plan(spec);
  CHECK_FALSE(checks(audit, "culture_va_share").at(0)->flagged);
  CHECK(checks(audit, "culture_va_share").at(0)->verdict == "consistent");
}

TEST_CASE("deflator and later-target checks without the section 0 targets", "[unit][audit]") {
  ScenarioSpec spec;
  spec.base_year = 2020;
  spec.prices.inflation_mean = {{2021, 0.010}, {2026, 0.015}};
  // GDP doubles by 2030, 5 %/yr stated (read as real: no gdp_real target); then 2035 and 2040.
  spec.targets = {
      target("gdp_2030", "gdp_nominal", TargetBasis::NominalLevel, 100, 200, 5.0, 2030),
      target("gdp_2040", "gdp_nominal", TargetBasis::NominalLevel, 100, 300, std::nullopt, 2040),
      target("gdp_2035", "gdp_nominal", TargetBasis::NominalLevel, 100, 250, std::nullopt, 2035)};
  const PlanAudit audit = audit_plan(spec);

  const auto deflators = checks(audit, "gdp_deflator");
  REQUIRE(deflators.size() == 1);  // only gdp_2030 has a real rate
  CHECK(deflators[0]->value == Approx((std::pow(2.0, 0.1) / 1.05 - 1) * 100).margin(1e-9));
  // mu_pi 0.010 in 2021-25 and 0.015 in 2026-30: exp(0.0125) - 1.
  CHECK(deflators[0]->reference == Approx(std::expm1(0.0125) * 100).margin(1e-9));
  CHECK(contains(deflators[0]->description, "gdp_2030's stated rate, read as real"));

  // Each later GDP target from the latest earlier one: 2035 from 2030, 2040 from 2035.
  const auto later = checks(audit, "later_gdp_target");
  REQUIRE(later.size() == 2);
  CHECK(later[0]->year == 2040);
  CHECK(later[0]->value == Approx((std::pow(300.0 / 250, 0.2) - 1) * 100).margin(1e-9));
  CHECK(later[0]->reference == Approx(row(audit, "gdp_2035").implied_pct).margin(1e-12));
  CHECK(later[1]->year == 2035);
  CHECK(later[1]->value == Approx((std::pow(250.0 / 200, 0.2) - 1) * 100).margin(1e-9));

  CHECK(contains(checks(audit, "revenue_elasticity").at(0)->verdict, "not available"));
}

TEST_CASE("with no targets every cross-check says it is not available", "[unit][audit]") {
  const PlanAudit audit = audit_plan(ScenarioSpec{});
  CHECK(audit.targets.empty());
  REQUIRE(audit.cross_checks.size() == 5);
  const char* names[] = {"population_growth", "gdp_deflator", "culture_va_share",
                         "revenue_elasticity", "later_gdp_target"};
  for (std::size_t i = 0; i < 5; ++i) {
    INFO(names[i]);
    CHECK(audit.cross_checks[i].name == names[i]);
    CHECK_FALSE(audit.cross_checks[i].year);
    CHECK_FALSE(audit.cross_checks[i].flagged);
    CHECK(contains(audit.cross_checks[i].verdict, "not available: needs"));
  }
}
