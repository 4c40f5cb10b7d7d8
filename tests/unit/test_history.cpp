// The history file (data/history/README.md): the reader's fields, quotes and errors at
// FILE:LINE:COLUMN, the choice of the latest vintage, and a scenario's backtest built from it.
#include <catch2/catch.hpp>
#include <string>

#include "regiosim/history.hpp"
#include "regiosim/scenario.hpp"
#include "support/config_error.hpp"
#include "support/tiny_scenario.hpp"

using namespace regiosim;

namespace {

const std::string HEADER = "year,indicator,basis,value,unit,region,status,source,note\n";

// The error's location and message, or "no error".
std::string error_of(const std::string& body) {
  try {
    parse_history(HEADER + body, "h.csv");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("history rows: fields, quotes and where each starts", "[unit][history]") {
  const std::vector<HistoryRow> rows =
      parse_history(HEADER +
                        "2022,gdp_real,real_growth,5.2,%,luolong,preliminary,http://x,\"quoted, "
                        "with \"\"quotes\"\"\"\r\n"
                        "2021,population,level,629767,persons,luolong,final,http://y,\n",
                    "h.csv");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].year == 2022);
  CHECK(rows[0].indicator == "gdp_real");
  CHECK(rows[0].basis == HistoryBasis::RealGrowth);
  CHECK(rows[0].value == 5.2);
  CHECK(rows[0].note == "quoted, with \"quotes\"");
  CHECK(rows[0].location.line == 2);
  CHECK(rows[0].value_at.column == 27);  // after "2022,gdp_real,real_growth,"
  CHECK(rows[1].status == HistoryStatus::Final);
  CHECK(rows[1].location.line == 3);
}

TEST_CASE("history errors name the file, line, column and field", "[unit][history]") {
  CHECK_THAT(error_of("2021,gdp_nominal,level,abc,亿元,r,final,s,\n"),
             Catch::StartsWith("h.csv:2:24: value: 'abc' (expected a finite number)"));
  CHECK_THAT(error_of("20x1,gdp_nominal,level,1,亿元,r,final,s,\n"),
             Catch::StartsWith("h.csv:2:1: year: '20x1'"));
  CHECK_THAT(error_of("2021,gdp_nominal,levels,1,亿元,r,final,s,\n"),
             Catch::Contains("basis: 'levels' (expected one of: level, real_growth"));
  CHECK_THAT(error_of("2021,gdp_nominal,level,1,%,r,final,s,\n"),
             Catch::Contains("unit: '%' with basis level (expected a level unit"));
  CHECK_THAT(error_of("2021,gdp_real,real_growth,1,亿元,r,final,s,\n"),
             Catch::Contains("(expected %: growth rates and shares are in percent)"));
  CHECK_THAT(error_of("2021,gdp_nominal,level,1,亿元,r,revised,s,\n"),
             Catch::Contains("status: 'revised' (expected one of: preliminary, final"));
  CHECK_THAT(error_of("2021,gdp_nominal,level,1,亿元,r,final,,\n"),
             Catch::Contains("source: empty"));
  CHECK_THAT(error_of("2021,gdp_nominal,level,1\n"), Catch::Contains("4 fields (expected 9"));
  CHECK_THAT(error_of("2021,gdp_nominal,level,1,亿元,r,final,s,\"open\n"),
             Catch::Contains("a quoted field is not closed"));
  try {
    parse_history("year,indicator,value\n", "h.csv");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), Catch::Contains("h.csv:1:1: header is not"));
  }
  CHECK(error_of("") == "no error");  // a header alone: no figures, not an error here
}

TEST_CASE("the latest vintage of a figure is used, a disputed one never", "[unit][history]") {
  const std::vector<HistoryRow> rows =
      parse_history(HEADER +
                        "2021,gdp_nominal,level,104,亿元,a,preliminary,s,\n"
                        "2021,gdp_nominal,level,130,亿元,a,disputed,s,\n"
                        "2021,gdp_nominal,level,105,亿元,a,census-revised,s,\n"
                        "2021,gdp_nominal,level,103,亿元,a,final,s,\n"
                        "2021,gdp_nominal,level,900,亿元,b,final,s,\n",
                    "h.csv");
  const std::vector<HistoryRow> a = latest_rows(rows, "a");
  REQUIRE(a.size() == 1);
  CHECK(a[0].value == 105);
  CHECK(latest_rows(rows, "b").size() == 1);
  CHECK(latest_rows(rows, "c").empty());
  // Two figures of the same vintage: the file must settle the conflict.
  const std::vector<HistoryRow> twice =
      parse_history(HEADER +
                        "2021,gdp_nominal,level,104,亿元,a,preliminary,s,\n"
                        "2021,gdp_nominal,level,106,亿元,a,preliminary,t,\n",
                    "h.csv");
  try {
    latest_rows(twice, "a");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith("h.csv:3:1: status: a second preliminary gdp_nominal"));
    CHECK_THAT(e.what(), Catch::Contains("after line 2"));
  }
}

TEST_CASE("a scenario's backtest.history becomes outturns on each figure's basis",
          "[unit][history]") {
  const ScenarioSpec spec =
      load_scenario(REGIOSIM_SOURCE_DIR "/tests/scenarios/backtest-history.yaml");
  std::vector<const TargetSpec*> outturns;
  for (const TargetSpec& t : spec.targets) {
    if (t.outturn) outturns.push_back(&t);
  }
  // 2021 GDP (the final 105), 2022 GDP, real GDP growth, FAI growth and tertiary share, and the
  // deflator 2022's level and real growth imply; not 2019 (before the base year), not the disputed
  // 130, not the other region.
  REQUIRE(outturns.size() == 6);
  const auto find = [&](const std::string& id) -> const TargetSpec& {
    for (const TargetSpec* t : outturns) {
      if (t->id == id) return *t;
    }
    FAIL("no outturn " << id);
    return *outturns.front();
  };
  CHECK(find("outturn_gdp_nominal_2021").threshold == 105);
  CHECK(find("outturn_gdp_nominal_2021").basis == TargetBasis::NominalLevel);
  const TargetSpec& growth = find("outturn_gdp_real_real_growth_2022");
  CHECK(growth.basis == TargetBasis::RealGrowth);
  CHECK(growth.plan_base_year == 2021);  // the year's growth
  CHECK(growth.threshold == 4.5);
  CHECK(find("outturn_fai_nominal_nominal_growth_2022").basis == TargetBasis::NominalGrowth);
  CHECK(find("outturn_tertiary_share_2022").basis == TargetBasis::Share);
  // The implied deflator growth: 100 ((112.5 / 105) / 1.045 - 1) %, on the deflator's 2022 growth.
  const TargetSpec& deflator = find("implied_deflator_2022");
  CHECK(deflator.implied_deflator);
  CHECK(deflator.indicator == "gdp_deflator");
  CHECK(deflator.basis == TargetBasis::NominalGrowth);
  CHECK(deflator.plan_base_year == 2021);
  CHECK(deflator.threshold == Approx(100 * (112.5 / 105 / 1.045 - 1)).epsilon(1e-12));
  CHECK(spec.warnings.empty());
}

TEST_CASE("backtest.history's bases and after select the outturns", "[unit][history]") {
  const std::string file = REGIOSIM_SOURCE_DIR "/tests/scenarios/backtest-history.yaml";
  auto outturn_ids = [](const ScenarioSpec& spec) {
    std::vector<std::string> ids;
    for (const TargetSpec& t : spec.targets) {
      if (t.outturn) ids.push_back(t.id);
    }
    return ids;
  };
  // Growth rates only: the real and the nominal growth of 2022; no level, no share, and no implied
  // deflator (it needs the levels).
  CHECK(
      outturn_ids(load_scenario(file, {"backtest.history.bases=[real_growth, nominal_growth]"})) ==
      std::vector<std::string>{"outturn_fai_nominal_nominal_growth_2022",
                               "outturn_gdp_real_real_growth_2022"});
  // After 2021: 2022's figures only. The implied deflator needs 2021's level, which the filter
  // leaves out, so it goes too.
  const std::vector<std::string> after =
      outturn_ids(load_scenario(file, {"backtest.history.after=2021"}));
  CHECK(after == std::vector<std::string>{
                     "outturn_fai_nominal_nominal_growth_2022", "outturn_gdp_nominal_2022",
                     "outturn_gdp_real_real_growth_2022", "outturn_tertiary_share_2022"});
  CHECK(test::config_error([&] { load_scenario(file, {"backtest.history.bases=[levels]"}); }) ==
        "--set:1:25: backtest.history.bases[0]: 'levels' (expected one of level, real_growth, "
        "nominal_growth, share)");
  CHECK(test::config_error([&] {
          load_scenario(file, {"backtest.history.after=2024"});
        }).find("backtest.history.after") != std::string::npos);
}
