// `regiosim rebase` (rebase.hpp, issue 12 step 5) on the tiny scenario with a plan
// (tests/scenarios/rebase-tiny.yaml) and a history that gives GDP, population, FAI and one
// satellite for 2022: every base value is observed (the history's) or carried (the median of the
// old run in 2022), the new file loads without warnings, growth targets become the levels they
// imply with the plan's base year kept, and the audit reads the same plan.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "regiosim/comparison.hpp"
#include "regiosim/memory_sink.hpp"
#include "regiosim/model.hpp"
#include "regiosim/plan_audit.hpp"
#include "regiosim/rebase.hpp"
#include "regiosim/runner.hpp"
#include "regiosim/scenario.hpp"

using namespace regiosim;
namespace fs = std::filesystem;

namespace {

const std::string SCENARIO = REGIOSIM_SOURCE_DIR "/tests/scenarios/rebase-tiny.yaml";
const std::string HISTORY = REGIOSIM_SOURCE_DIR "/tests/scenarios/history/rebase.csv";
constexpr std::uint64_t PATHS = 301;  // odd: the median is one path's value

fs::path fresh_directory(const std::string& name) {
  const fs::path dir = fs::path(REGIOSIM_TEST_TMP) / ("rebase_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

RebaseOptions options_for(const fs::path& output, const std::string& region = "tinyland",
                          int year = 2022) {
  RebaseOptions o;
  o.scenario = SCENARIO;
  o.history = HISTORY;
  o.region = region;
  o.year = year;
  o.output = output.string();
  o.paths = PATHS;
  o.seed = 7;
  return o;
}

// The old run, kept whole, as rebase takes its medians.
struct OldRun {
  ScenarioSpec spec = load_scenario(SCENARIO);
  MemorySink sink{PATHS, spec.years(), spec.sector_count(),
                  static_cast<int>(spec.satellites.size())};
  OldRun() {
    RunOptions o;
    o.paths = PATHS;
    o.seed = 7;
    run(Model(spec), o, &sink);
  }
  std::vector<double> at(Var var, int year, std::size_t k = 0) const {
    const std::size_t per_path = sink.per_path(var);
    const std::size_t width = per_path / static_cast<std::size_t>(spec.years());
    std::vector<double> out;
    for (std::size_t p = 0; p < PATHS; ++p)
      out.push_back(sink.values(
          var)[p * per_path + static_cast<std::size_t>(year - spec.base_year) * width + k]);
    return out;
  }
  double median(Var var, int year, std::size_t k = 0) const { return median_of(at(var, year, k)); }
};

const TargetSpec& target(const ScenarioSpec& spec, const std::string& id) {
  return spec.targets[find_target(spec, id)];
}

const AuditRow* row(const PlanAudit& audit, const std::string& id) {
  for (const AuditRow& r : audit.targets) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("median_of: the middle value, or the mean of the two middle values", "[unit][rebase]") {
  CHECK(median_of({3, 1, 2}) == 2);
  CHECK(median_of({4, 1, 3, 2}) == 2.5);
}

TEST_CASE("rebase: every base value observed or carried, the plan kept", "[unit][rebase]") {
  const fs::path dir = fresh_directory("fixture");
  const fs::path out = dir / "rebased.yaml";
  const RebaseResult result = rebase_scenario(options_for(out));
  write_text_atomically(out.string(), result.yaml);
  const ScenarioSpec rebased = load_scenario(out.string());
  CHECK(rebased.warnings.empty());
  CHECK(rebased.base_year == 2022);
  CHECK(rebased.end_year == 2024);

  const OldRun old;
  const std::set<std::string> observed(result.observed.begin(), result.observed.end());
  const std::set<std::string> carried(result.carried.begin(), result.carried.end());
  CHECK(observed == std::set<std::string>{"base_year_data.gdp", "base_year_data.gdp_per_capita",
                                          "base_year_data.fai", "satellites[0].base"});
  CHECK(carried ==
        std::set<std::string>{"base_year_data.retail_sales", "base_year_data.budget_revenue",
                              "base_year_data.income_per_capita", "base_year_data.urbanisation",
                              "base_year_data.labour_productivity", "sectors[0].va_share",
                              "sectors[1].va_share"});

  // Observed: the history's latest vintage.
  const BaseYearData& b = rebased.base;
  CHECK(b.gdp == 112.5);
  CHECK(b.gdp_per_capita == Approx(112.5e8 / 230000).epsilon(1e-15));
  CHECK(b.fai == 23.5);
  REQUIRE(rebased.satellites[0].base);
  CHECK(*rebased.satellites[0].base == 171);
  CHECK_FALSE(rebased.satellites[1].base);
  // Carried: the old run's medians in 2022, written so that they read back exactly.
  CHECK(b.retail_sales == old.median(Var::RetailSales, 2022));
  CHECK(b.budget_revenue == old.median(Var::BudgetRevenue, 2022));
  CHECK(b.income_per_capita == old.median(Var::IncomePerCapita, 2022));
  CHECK(b.urbanisation == old.median(Var::Urbanisation, 2022));
  std::vector<double> productivity = old.at(Var::LabourProductivity, 2022);
  const std::vector<double> deflator = old.at(Var::GdpDeflator, 2022);
  for (std::size_t p = 0; p < PATHS; ++p)
    productivity[p] *= deflator[p];
  CHECK(b.labour_productivity == median_of(productivity));
  // VA shares: the medians of the nominal shares, normalised.
  std::vector<double> shares;
  for (std::size_t j = 0; j < 2; ++j) {
    const std::vector<double> mine = old.at(Var::ValueAddedNominal, 2022, j);
    const std::vector<double> other = old.at(Var::ValueAddedNominal, 2022, 1 - j);
    std::vector<double> share;
    for (std::size_t p = 0; p < PATHS; ++p)
      share.push_back(mine[p] / (mine[p] + other[p]));
    shares.push_back(median_of(share));
  }
  CHECK(std::fabs(rebased.sectors[0].va_share + rebased.sectors[1].va_share - 1) < 1e-12);
  CHECK(rebased.sectors[0].va_share == Approx(shares[0] / (shares[0] + shares[1])).epsilon(1e-14));

  // Every value line says which it is.
  CHECK(result.yaml.find("gdp: 112.5  # observed: test value (gdp_nominal level 2022, final)") !=
        std::string::npos);
  CHECK(result.yaml.find("# carried: median of 301 paths of the old scenario in 2022") !=
        std::string::npos);
  // `extends` the old file, relative to the new one's directory.
  CHECK(result.yaml.find("extends: \"" +
                         fs::path(SCENARIO).lexically_relative(fs::absolute(dir)).generic_string() +
                         "\"") != std::string::npos);

  // Targets: the past one dropped, growth ones as levels from the plan's base, base year kept.
  CHECK(result.past_targets == std::vector<std::string>{"gdp_2021"});
  CHECK_THROWS_AS(find_target(rebased, "gdp_2021"), UsageError);
  CHECK(result.rewritten_targets ==
        std::vector<std::string>{"gdp_real_growth_2024", "income_growth_2023"});
  const double d2022 = old.median(Var::GdpDeflator, 2022);
  const TargetSpec& real = target(rebased, "gdp_real_growth_2024");
  CHECK(real.basis == TargetBasis::RealLevel);
  CHECK(real.plan_base_year == 2020);
  CHECK(real.threshold == Approx(100 * std::pow(1.05, 4) * d2022).epsilon(1e-14));
  REQUIRE(real.plan_base);
  CHECK(*real.plan_base == Approx(100 * d2022).epsilon(1e-14));
  const TargetSpec& income = target(rebased, "income_growth_2023");
  CHECK(income.basis == TargetBasis::PerCapita);
  CHECK(income.plan_base_year == 2020);
  CHECK(income.threshold == Approx(20000 * std::pow(1.06, 3)).epsilon(1e-14));
  CHECK(target(rebased, "gdp_2024").threshold == 130);
  CHECK(target(rebased, "gdp_2024").plan_base_year == 2020);
  CHECK(target(rebased, "s1_revenue_2024").plan_base_year == 2020);

  // The audit reads the same plan: the same implied rates for the targets it audited, and the
  // stated rates for the rewritten ones.
  const PlanAudit before = audit_plan(old.spec);
  const PlanAudit after = audit_plan(rebased);
  REQUIRE(before.targets.size() == 2);
  for (const AuditRow& r : before.targets) {
    const AuditRow* same = row(after, r.id);
    REQUIRE(same != nullptr);
    CHECK(same->base_year == r.base_year);
    CHECK(same->implied_pct == Approx(r.implied_pct).epsilon(1e-12));
  }
  REQUIRE(row(after, "gdp_real_growth_2024") != nullptr);
  CHECK(row(after, "gdp_real_growth_2024")->implied_pct == Approx(5).epsilon(1e-12));
  CHECK(row(after, "income_growth_2023")->implied_pct == Approx(6).epsilon(1e-12));
}

TEST_CASE("rebase: no GDP for the year, or a year outside the horizon, is a ConfigError",
          "[unit][rebase]") {
  const fs::path out = fresh_directory("errors") / "rebased.yaml";
  auto error_of = [&](const std::string& region, int year) -> std::string {
    try {
      rebase_scenario(options_for(out, region, year));
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string no_gdp = error_of("tinyland", 2023);
  CHECK(no_gdp.find("rebase.csv:1:1: gdp_nominal: no gdp_nominal level for region 'tinyland' "
                    "in 2023") != std::string::npos);
  CHECK(error_of("otherland", 2022).find("no gdp_nominal level for region 'otherland'") !=
        std::string::npos);
  CHECK(error_of("tinyland", 2020).find("horizon.base_year") != std::string::npos);
  CHECK(error_of("tinyland", 2024).find("horizon.base_year") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
}
