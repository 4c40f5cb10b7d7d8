// Writes a small synthetic result file for tests/python/test_result_file.py, which checks it with
// xarray and h5netcdf. Every value is a formula the test recomputes:
//   trajectory  var * 1e7 + path * 1000 + t * 10 + j   (var: index in VARIABLES, t: year index,
//                                                       j: sector index, 0 for scalar variables)
//   quantile    var * 100 + q * 10 + t + 0.1 * j, NaN for inflation at q = 0, t = 0
// Batches are written out of order, the last one partial.
//
// Usage: regiosim_write_sample_result OUTPUT full|summary SCENARIO_YAML_FILE
#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "regiosim/error.hpp"
#include "regiosim/result_file.hpp"

using namespace regiosim;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s OUTPUT full|summary SCENARIO_YAML_FILE\n", argv[0]);
    return 2;
  }
  try {
    const std::string store(argv[2]);
    std::ifstream yaml_file(argv[3], std::ios::binary);
    if (!yaml_file) throw IoError(std::string("cannot read ") + argv[3]);

    ResultFileHeader header;
    for (int year = 2020; year <= 2035; ++year)
      header.years.push_back(year);
    header.sector_codes = {"A01", "C39", "I65", "S90"};
    header.satellite_ids = {"bigdata_revenue", "culture_share"};
    header.satellite_units = {"1e8 CNY", "1 (fraction of nominal GDP)"};
    header.satellite_labels = {"大数据营业收入", "culture VA share"};
    header.store = store == "full" ? StoreMode::Full : StoreMode::Summary;
    header.paths = 7;
    header.chunk_paths = 3;
    header.seed = 20261127;
    header.threads = 2;
    header.scenario_name = "示例情景 sample";
    header.scenario_yaml.assign(std::istreambuf_iterator<char>(yaml_file), {});

    const int years = static_cast<int>(header.years.size());
    const int sectors = static_cast<int>(header.sector_codes.size());
    const int satellites = static_cast<int>(header.satellite_ids.size());
    ResultFileWriter writer(argv[1], header);

    TrajectoryBatch batch(header.chunk_paths, years, sectors, satellites);
    for (std::uint64_t first : {std::uint64_t{6}, std::uint64_t{0}, std::uint64_t{3}}) {
      const std::size_t count = std::min<std::size_t>(header.chunk_paths, header.paths - first);
      batch.reset(first, count);
      for (const VarInfo& v : VARIABLES) {
        const auto s = static_cast<int>(extent_width(v.extent, sectors, satellites));
        for (std::size_t p = 0; p < count; ++p) {
          double* data = batch.path_data(v.var, p);
          for (int t = 0; t < years; ++t) {
            for (int j = 0; j < s; ++j) {
              data[t * s + j] = static_cast<double>(v.var) * 1e7 +
                                static_cast<double>(first + p) * 1000 + t * 10 + j;
            }
          }
        }
      }
      writer.write(batch);
    }

    RunResult result;
    result.paths = header.paths;
    result.threads = header.threads;
    result.quantiles.years = years;
    result.quantiles.sectors = sectors;
    result.quantiles.satellites = satellites;
    for (const VarInfo& v : VARIABLES) {
      const auto s = static_cast<int>(extent_width(v.extent, sectors, satellites));
      std::vector<double> values;
      for (int q = 0; q < QuantileTable::COUNT; ++q) {
        for (int t = 0; t < years; ++t) {
          for (int j = 0; j < s; ++j) {
            values.push_back(v.var == Var::Inflation && q == 0 && t == 0
                                 ? std::numeric_limits<double>::quiet_NaN()
                                 : static_cast<double>(v.var) * 100 + q * 10 + t + 0.1 * j);
          }
        }
      }
      result.quantiles.values.push_back(values);
    }

    auto target = [](const char* id, const char* indicator, int year, double threshold,
                     Comparison comparison, TargetBasis basis, const char* label) {
      TargetResult t;
      t.target.id = id;
      t.target.indicator = indicator;
      t.target.year = year;
      t.target.threshold = threshold;
      t.target.comparison = comparison;
      t.target.basis = basis;
      t.target.label = label;
      t.target.source = "规划表1";
      return t;
    };
    TargetResult gdp = target("gdp_2025", "gdp_nominal", 2025, 6000, Comparison::GreaterEqual,
                              TargetBasis::NominalLevel, "地区生产总值达到6000亿元");
    gdp.p_meet = 0.25;
    gdp.p_meet_se = 0.0125;
    gdp.median = 5900;
    gdp.q05 = 5200;
    gdp.q95 = 6600;
    gdp.expected_shortfall = 420;
    gdp.expected_shortfall_se = 35;
    // 2021..2035, then never: passed in 2024 on 1/4 of paths, 2025 on 1/2, never on 1/4.
    gdp.first_passage.assign(16, 0.0);
    gdp.first_passage[3] = 0.25;
    gdp.first_passage[4] = 0.5;
    gdp.first_passage[15] = 0.25;
    TargetResult growth = target("gdp_growth_2035", "gdp_real", 2035, 6.5, Comparison::Greater,
                                 TargetBasis::RealGrowth, "GDP年均增长6.5%以上");
    growth.p_meet = 0.5;
    growth.p_meet_se = 0.025;
    growth.median = 6.4;
    growth.q05 = 4.9;
    growth.q95 = 7.8;
    growth.expected_shortfall = 0.75;
    growth.expected_shortfall_se = std::numeric_limits<double>::quiet_NaN();  // one miss
    result.scorecard.targets = {gdp, growth};
    result.scorecard.joint_p_meet = {{2025, 0.25}, {2035, 0.5}};
    result.scorecard.joint_p_meet_se = {{2025, 0.0125}, {2035, 0.025}};
    result.scorecard.p_at_least = {{2025, {0.25}}, {2035, {0.5}}};
    result.scorecard.p_at_least_se = {{2025, {0.0125}}, {2035, {0.025}}};
    for (int year = 2021; year <= 2035; ++year)
      result.scorecard.passage_years.push_back(year);
    result.scorecard.paths = header.paths;

    writer.commit(result);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
}
