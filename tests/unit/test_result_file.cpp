// ResultFileWriter: writes synthetic batches out of order, commits, and reads the file back with
// the raw HDF5 C API (not the writer's own handles), checking values, dims, scales and attributes;
// and the temporary-file rules: nothing at the output path before commit(), nothing left behind
// after an abandoned or failed write, an existing output untouched until the final rename.
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "io/hdf5_handles.hpp"
#include "regiosim/error.hpp"
#include "regiosim/result_file.hpp"
#include "regiosim/version.hpp"

namespace fs = std::filesystem;
using namespace regiosim;

namespace {

// ---- the synthetic run ----

const std::vector<int> YEARS = {2020, 2021, 2022, 2023, 2024};
const std::vector<std::string> SECTORS = {"A01", "C39", "I65"};
const std::vector<std::string> SATELLITES = {"bigdata_revenue", "culture_share"};
const int SATELLITE_COUNT = 2;

// Values per year of a variable in this synthetic run.
int width(const VarInfo& v) {
  return static_cast<int>(
      extent_width(v.extent, static_cast<int>(SECTORS.size()), SATELLITE_COUNT));
}

// The (path or quantile, year[, sector or satellite]) dimension names of a variable.
std::vector<std::string> dim_names(const VarInfo& v, const std::string& first) {
  if (v.extent == Extent::Sector) return {first, "year", "sector"};
  if (v.extent == Extent::Satellite) return {first, "year", "satellite"};
  return {first, "year"};
}
const std::string YAML =
    "metadata:\n  name: 测试情景\n  description: \"十四五规划 — 目标 ≥ 7 %\"\nbase_year: 2020\n";

// Every value says where it belongs: variable, path, year index, sector index.
double trajectory_value(Var var, std::uint64_t path, int t, int j) {
  return static_cast<double>(var) * 1e7 + static_cast<double>(path) * 1000 + t * 10 + j;
}

double quantile_value(Var var, int q, int t, int j) {
  if (var == Var::Inflation && q == 0 && t == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(var) * 100 + q * 10 + t + 0.1 * j;
}

ResultFileHeader make_header(StoreMode store, std::uint64_t paths, std::size_t chunk_paths) {
  ResultFileHeader header;
  header.years = YEARS;
  header.sector_codes = SECTORS;
  header.satellite_ids = SATELLITES;
  header.satellite_units = {"1e8 CNY", "1 (fraction of nominal GDP)"};
  header.satellite_labels = {"大数据营业收入", "culture VA share"};
  header.store = store;
  header.paths = paths;
  header.chunk_paths = chunk_paths;
  header.seed = 18446744073709551557ULL;  // needs all 64 bits
  header.threads = 3;
  header.scenario_name = "测试情景";
  header.scenario_yaml = YAML;
  return header;
}

void fill(TrajectoryBatch& batch, std::uint64_t first, std::size_t count) {
  batch.reset(first, count);
  for (const VarInfo& v : VARIABLES) {
    const int w = width(v);
    for (std::size_t p = 0; p < count; ++p) {
      double* data = batch.path_data(v.var, p);
      for (int t = 0; t < batch.years(); ++t) {
        for (int j = 0; j < w; ++j)
          data[t * w + j] = trajectory_value(v.var, first + p, t, j);
      }
    }
  }
}

RunResult make_result(std::uint64_t paths) {
  RunResult result;
  result.paths = paths;
  result.threads = 3;
  const int years = static_cast<int>(YEARS.size());
  const int sectors = static_cast<int>(SECTORS.size());
  result.quantiles.years = years;
  result.quantiles.sectors = sectors;
  result.quantiles.satellites = SATELLITE_COUNT;
  for (const VarInfo& v : VARIABLES) {
    const int s = width(v);
    std::vector<double> values;
    for (int q = 0; q < QuantileTable::COUNT; ++q) {
      for (int t = 0; t < years; ++t) {
        for (int j = 0; j < s; ++j)
          values.push_back(quantile_value(v.var, q, t, j));
      }
    }
    result.quantiles.values.push_back(values);
  }
  TargetResult gdp;
  gdp.target.id = "gdp_2025";
  gdp.target.indicator = "gdp_nominal";
  gdp.target.year = 2024;
  gdp.target.threshold = 5000;
  gdp.target.comparison = Comparison::GreaterEqual;
  gdp.target.basis = TargetBasis::NominalLevel;
  gdp.target.label = "地区生产总值";
  gdp.target.source = "表1 第1行";
  gdp.p_meet = 0.25;
  gdp.p_meet_se = 0.01;
  gdp.median = 4800;
  gdp.q05 = 4000;
  gdp.q95 = 5600;
  gdp.expected_shortfall = 350;
  gdp.expected_shortfall_se = 12.5;
  gdp.first_passage = {0.25, 0, 0, 0.5, 0.25};  // 2021..2024, never
  TargetResult urban = gdp;
  urban.first_passage.clear();                                          // a < target: not tracked
  urban.expected_shortfall = std::numeric_limits<double>::quiet_NaN();  // no miss
  urban.target.id = "urbanisation_2024";
  urban.target.indicator = "urbanisation";
  urban.target.threshold = 70;
  urban.target.comparison = Comparison::Less;
  urban.target.basis = TargetBasis::Share;
  urban.p_meet = 0.5;
  result.scorecard.targets = {gdp, urban};
  result.scorecard.joint_p_meet = {{2024, 0.125}};
  result.scorecard.joint_p_meet_se = {{2024, 0.005}};
  result.scorecard.p_at_least = {{2024, {0.625, 0.125}}};
  result.scorecard.p_at_least_se = {{2024, {0.015, 0.005}}};
  result.scorecard.passage_years = {2021, 2022, 2023, 2024};
  result.scorecard.paths = paths;
  return result;
}

// A fresh, empty directory per test under the build's test tmp dir.
fs::path fresh_directory(const std::string& name) {
  const fs::path dir = fs::path(REGIOSIM_TEST_TMP) / ("result_file_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> directory_entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// ---- reading back with the raw C API ----

struct Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  Handle(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) { REQUIRE(id >= 0); }
  ~Handle() { close(id); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
};

std::vector<hsize_t> dataset_dims(hid_t dataset) {
  Handle space(H5Dget_space(dataset), H5Sclose);
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.id)));
  H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
  return dims;
}

std::vector<double> read_doubles(hid_t loc, const std::string& name, std::vector<hsize_t>* dims) {
  Handle dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  *dims = dataset_dims(dataset.id);
  hsize_t n = 1;
  for (hsize_t d : *dims)
    n *= d;
  std::vector<double> values(n);
  REQUIRE(H5Dread(dataset.id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >=
          0);
  return values;
}

template <typename T>
std::vector<T> read_numbers(hid_t loc, const std::string& name, hid_t mem_type) {
  Handle dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  std::vector<T> values(dataset_dims(dataset.id).at(0));
  REQUIRE(H5Dread(dataset.id, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  return values;
}

// Checks the stored type is a variable-length UTF-8 string, the type xarray decodes as str.
void require_utf8_vlen(hid_t type) {
  REQUIRE(H5Tget_class(type) == H5T_STRING);
  REQUIRE(H5Tis_variable_str(type) > 0);
  REQUIRE(H5Tget_cset(type) == H5T_CSET_UTF8);
}

std::vector<std::string> read_strings(hid_t loc, const std::string& name) {
  Handle dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  Handle file_type(H5Dget_type(dataset.id), H5Tclose);
  require_utf8_vlen(file_type.id);
  Handle space(H5Dget_space(dataset.id), H5Sclose);
  std::vector<char*> raw(dataset_dims(dataset.id).at(0));
  Handle mem_type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(mem_type.id, H5T_VARIABLE);
  H5Tset_cset(mem_type.id, H5T_CSET_UTF8);
  REQUIRE(H5Dread(dataset.id, mem_type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) >= 0);
  std::vector<std::string> values(raw.begin(), raw.end());
  if (!raw.empty()) H5Dvlen_reclaim(mem_type.id, space.id, H5P_DEFAULT, raw.data());
  return values;
}

std::string string_attribute(hid_t loc, const std::string& name) {
  Handle attr(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose);
  Handle file_type(H5Aget_type(attr.id), H5Tclose);
  require_utf8_vlen(file_type.id);
  char* raw = nullptr;
  REQUIRE(H5Aread(attr.id, file_type.id, &raw) >= 0);
  std::string value(raw);
  H5free_memory(raw);
  return value;
}

template <typename T>
T number_attribute(hid_t loc, const std::string& name, hid_t mem_type, H5T_class_t expected) {
  Handle attr(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose);
  Handle file_type(H5Aget_type(attr.id), H5Tclose);
  REQUIRE(H5Tget_class(file_type.id) == expected);
  T value{};
  REQUIRE(H5Aread(attr.id, mem_type, &value) >= 0);
  return value;
}

bool exists(hid_t loc, const std::string& name) {
  return H5Lexists(loc, name.c_str(), H5P_DEFAULT) > 0;
}

// `name` is a dimension scale called `name`.
void require_scale(hid_t loc, const std::string& name) {
  Handle dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  REQUIRE(H5DSis_scale(dataset.id) > 0);
  char scale_name[64] = {};
  REQUIRE(H5DSget_scale_name(dataset.id, scale_name, sizeof scale_name) > 0);
  CHECK(std::string(scale_name) == name);
}

// Dataset `name` has exactly the scales `dims` attached, one per axis, and units and long_name.
void require_dims(hid_t loc, const std::string& name, const std::vector<std::string>& dims) {
  INFO(name);
  Handle dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  REQUIRE(dataset_dims(dataset.id).size() == dims.size());
  for (std::size_t i = 0; i < dims.size(); ++i) {
    REQUIRE(H5DSget_num_scales(dataset.id, static_cast<unsigned>(i)) == 1);
    Handle scale(H5Dopen2(loc, dims[i].c_str(), H5P_DEFAULT), H5Dclose);
    CHECK(H5DSis_attached(dataset.id, scale.id, static_cast<unsigned>(i)) > 0);
  }
  CHECK(H5Aexists(dataset.id, "units") > 0);
  CHECK(H5Aexists(dataset.id, "long_name") > 0);
}

// `previous`: the content the output has before commit() ("" if there is no such file).
void write_full_file(const fs::path& output, std::uint64_t paths, std::size_t chunk,
                     const std::string& previous = "") {
  ResultFileWriter writer(output.string(), make_header(StoreMode::Full, paths, chunk));
  TrajectoryBatch batch(chunk, static_cast<int>(YEARS.size()), static_cast<int>(SECTORS.size()),
                        SATELLITE_COUNT);
  // Batches out of order, the last one partial.
  std::vector<std::uint64_t> firsts;
  for (std::uint64_t first = 0; first < paths; first += chunk)
    firsts.push_back(first);
  std::reverse(firsts.begin(), firsts.end());
  std::swap(firsts.front(), firsts.back());
  for (std::uint64_t first : firsts) {
    fill(batch, first, static_cast<std::size_t>(std::min<std::uint64_t>(chunk, paths - first)));
    writer.write(batch);
  }
  CHECK(fs::exists(writer.temporary_path()));
  CHECK(read_text(output) == previous);  // untouched until commit()
  writer.commit(make_result(paths));
  CHECK_FALSE(fs::exists(writer.temporary_path()));
}

}  // namespace

TEST_CASE("full store: trajectories, quantiles, targets and attributes read back exactly",
          "[unit][io]") {
  const fs::path dir = fresh_directory("full");
  const fs::path output = dir / "run.h5";
  const std::uint64_t paths = 10;
  const std::size_t chunk = 4;
  write_full_file(output, paths, chunk);
  REQUIRE(directory_entries(dir) == std::vector<std::string>{"run.h5"});  // no temporary left

  Handle file(H5Fopen(output.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  const int years = static_cast<int>(YEARS.size());

  SECTION("coordinates are dimension scales with their values") {
    for (const char* name : {"path", "year", "sector", "satellite", "quantile"}) {
      require_scale(file.id, name);
      Handle dataset(H5Dopen2(file.id, name, H5P_DEFAULT), H5Dclose);
      CHECK(H5Aexists(dataset.id, "units") > 0);
      CHECK(H5Aexists(dataset.id, "long_name") > 0);
    }
    CHECK(read_numbers<std::uint64_t>(file.id, "path", H5T_NATIVE_UINT64) ==
          std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(read_numbers<int>(file.id, "year", H5T_NATIVE_INT) == YEARS);
    CHECK(read_strings(file.id, "sector") == SECTORS);
    CHECK(read_strings(file.id, "satellite") == SATELLITES);
    CHECK(read_strings(file.id, "satellite_label") ==
          std::vector<std::string>{"大数据营业收入", "culture VA share"});
    require_dims(file.id, "satellite_units", {"satellite"});
    CHECK(read_numbers<double>(file.id, "quantile", H5T_NATIVE_DOUBLE) ==
          std::vector<double>{0.05, 0.25, 0.5, 0.75, 0.95});
    Handle year(H5Dopen2(file.id, "year", H5P_DEFAULT), H5Dclose);
    CHECK(string_attribute(year.id, "units") == "calendar year");
    Handle sector(H5Dopen2(file.id, "sector", H5P_DEFAULT), H5Dclose);
    CHECK(string_attribute(sector.id, "long_name") == "sector code");
    Handle quantile(H5Dopen2(file.id, "quantile", H5P_DEFAULT), H5Dclose);
    CHECK(string_attribute(quantile.id, "long_name") == "probability");
  }

  SECTION("every variable holds every path's values, chunked by batch, uncompressed") {
    for (const VarInfo& v : VARIABLES) {
      const std::string name(v.name);
      INFO(name);
      std::vector<hsize_t> dims;
      const std::vector<double> values = read_doubles(file.id, name, &dims);
      const int s = width(v);
      std::vector<hsize_t> expected{paths, 5};
      if (v.extent != Extent::None) expected.push_back(static_cast<hsize_t>(s));
      REQUIRE(dims == expected);
      require_dims(file.id, name, dim_names(v, "path"));
      std::size_t mismatches = 0;
      for (std::uint64_t p = 0; p < paths; ++p) {
        for (int t = 0; t < years; ++t) {
          for (int j = 0; j < s; ++j) {
            if (values[(p * years + t) * s + j] != trajectory_value(v.var, p, t, j)) ++mismatches;
          }
        }
      }
      CHECK(mismatches == 0);

      Handle dataset(H5Dopen2(file.id, name.c_str(), H5P_DEFAULT), H5Dclose);
      Handle dcpl(H5Dget_create_plist(dataset.id), H5Pclose);
      REQUIRE(H5Pget_layout(dcpl.id) == H5D_CHUNKED);
      std::vector<hsize_t> chunk_dims(dims.size());
      H5Pget_chunk(dcpl.id, static_cast<int>(chunk_dims.size()), chunk_dims.data());
      CHECK(chunk_dims[0] == chunk);
      CHECK(chunk_dims[1] == 5);
      CHECK(H5Pget_nfilters(dcpl.id) == 0);
      CHECK(string_attribute(dataset.id, "units") == std::string(v.units));
      CHECK(string_attribute(dataset.id, "long_name") == std::string(v.long_name));
    }
  }

  SECTION("quantiles, NaN included") {
    for (const VarInfo& v : VARIABLES) {
      const std::string name = std::string(v.name) + "_quantiles";
      INFO(name);
      std::vector<hsize_t> dims;
      const std::vector<double> values = read_doubles(file.id, name, &dims);
      const int s = width(v);
      std::vector<hsize_t> shape{5, 5};
      if (v.extent != Extent::None) shape.push_back(static_cast<hsize_t>(s));
      REQUIRE(dims == shape);
      require_dims(file.id, name, dim_names(v, "quantile"));
      for (int q = 0; q < QuantileTable::COUNT; ++q) {
        for (int t = 0; t < years; ++t) {
          for (int j = 0; j < s; ++j) {
            const double expected = quantile_value(v.var, q, t, j);
            const double got = values[(static_cast<std::size_t>(q) * years + t) * s + j];
            if (std::isnan(expected)) {
              CHECK(std::isnan(got));
            } else {
              CHECK(got == expected);
            }
          }
        }
      }
    }
  }

  SECTION("targets group") {
    Handle group(H5Gopen2(file.id, "targets", H5P_DEFAULT), H5Gclose);
    require_scale(group.id, "target");
    CHECK(read_strings(group.id, "target") ==
          std::vector<std::string>{"gdp_2025", "urbanisation_2024"});
    CHECK(read_strings(group.id, "indicator") ==
          std::vector<std::string>{"gdp_nominal", "urbanisation"});
    CHECK(read_strings(group.id, "comparison") == std::vector<std::string>{">=", "<"});
    CHECK(read_strings(group.id, "basis") == std::vector<std::string>{"nominal_level", "share"});
    CHECK(read_strings(group.id, "label") ==
          std::vector<std::string>{"地区生产总值", "地区生产总值"});
    CHECK(read_strings(group.id, "source") == std::vector<std::string>{"表1 第1行", "表1 第1行"});
    CHECK(read_numbers<int>(group.id, "target_year", H5T_NATIVE_INT) ==
          std::vector<int>{2024, 2024});
    CHECK(read_numbers<double>(group.id, "threshold", H5T_NATIVE_DOUBLE) ==
          std::vector<double>{5000, 70});
    CHECK(read_numbers<double>(group.id, "p_meet", H5T_NATIVE_DOUBLE) ==
          std::vector<double>{0.25, 0.5});
    CHECK(read_numbers<double>(group.id, "p_meet_se", H5T_NATIVE_DOUBLE) ==
          std::vector<double>{0.01, 0.01});
    CHECK(read_numbers<double>(group.id, "median", H5T_NATIVE_DOUBLE) ==
          std::vector<double>{4800, 4800});
    CHECK(read_numbers<double>(group.id, "q05", H5T_NATIVE_DOUBLE) ==
          std::vector<double>{4000, 4000});
    CHECK(read_numbers<double>(group.id, "q95", H5T_NATIVE_DOUBLE) ==
          std::vector<double>{5600, 5600});
    for (const char* name : {"indicator", "comparison", "basis", "label", "source", "target_year",
                             "threshold", "p_meet", "p_meet_se", "median", "q05", "q95",
                             "expected_shortfall", "expected_shortfall_se"}) {
      require_dims(group.id, name, {"target"});
    }
    const std::vector<double> shortfall =
        read_numbers<double>(group.id, "expected_shortfall", H5T_NATIVE_DOUBLE);
    CHECK(shortfall[0] == 350);
    CHECK(std::isnan(shortfall[1]));
    CHECK(read_numbers<double>(group.id, "expected_shortfall_se", H5T_NATIVE_DOUBLE) ==
          std::vector<double>{12.5, 12.5});

    require_scale(group.id, "passage_year");
    CHECK(read_numbers<int>(group.id, "passage_year", H5T_NATIVE_INT) ==
          std::vector<int>{2021, 2022, 2023, 2024, -1});
    require_dims(group.id, "first_passage", {"target", "passage_year"});
    std::vector<hsize_t> dims;
    const std::vector<double> passage = read_doubles(group.id, "first_passage", &dims);
    CHECK(dims == std::vector<hsize_t>{2, 5});
    CHECK(std::vector<double>(passage.begin(), passage.begin() + 5) ==
          std::vector<double>{0.25, 0, 0, 0.5, 0.25});
    CHECK(std::all_of(passage.begin() + 5, passage.end(), [](double x) { return std::isnan(x); }));

    require_scale(group.id, "year_of_targets");
    require_scale(group.id, "m");
    CHECK(read_numbers<int>(group.id, "year_of_targets", H5T_NATIVE_INT) == std::vector<int>{2024});
    CHECK(read_numbers<int>(group.id, "m", H5T_NATIVE_INT) == std::vector<int>{1, 2});
    require_dims(group.id, "p_at_least", {"year_of_targets", "m"});
    require_dims(group.id, "p_at_least_se", {"year_of_targets", "m"});
    CHECK(read_doubles(group.id, "p_at_least", &dims) == std::vector<double>{0.625, 0.125});
    CHECK(read_doubles(group.id, "p_at_least_se", &dims) == std::vector<double>{0.015, 0.005});
    CHECK(number_attribute<double>(group.id, "joint_p_meet_2024", H5T_NATIVE_DOUBLE, H5T_FLOAT) ==
          0.125);
    CHECK(number_attribute<double>(group.id, "joint_p_meet_se_2024", H5T_NATIVE_DOUBLE,
                                   H5T_FLOAT) == 0.005);
  }

  SECTION("root attributes") {
    CHECK(string_attribute(file.id, "schema") == "regiosim.run");
    CHECK(number_attribute<int>(file.id, "schema_version", H5T_NATIVE_INT, H5T_INTEGER) ==
          RESULT_SCHEMA_VERSION);
    CHECK(string_attribute(file.id, "engine_version") == engine_version());
    CHECK(string_attribute(file.id, "git_commit") == git_commit());
    CHECK(std::regex_match(string_attribute(file.id, "created_utc"),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    CHECK(number_attribute<std::uint64_t>(file.id, "seed", H5T_NATIVE_UINT64, H5T_INTEGER) ==
          18446744073709551557ULL);
    CHECK(number_attribute<std::uint64_t>(file.id, "paths", H5T_NATIVE_UINT64, H5T_INTEGER) ==
          paths);
    CHECK(number_attribute<int>(file.id, "threads", H5T_NATIVE_INT, H5T_INTEGER) == 3);
    CHECK(string_attribute(file.id, "store") == "full");
    CHECK(string_attribute(file.id, "scenario_name") == "测试情景");
    CHECK(string_attribute(file.id, "scenario_yaml") == YAML);
    CHECK(number_attribute<int>(file.id, "base_year", H5T_NATIVE_INT, H5T_INTEGER) == 2020);
    CHECK(string_attribute(file.id, "status") == "complete");
  }
}

TEST_CASE("summary store: quantiles and targets, no per-path data", "[unit][io]") {
  const fs::path dir = fresh_directory("summary");
  const fs::path output = dir / "summary.h5";
  {
    ResultFileWriter writer(output.string(), make_header(StoreMode::Summary, 1000, 256));
    TrajectoryBatch batch(4, static_cast<int>(YEARS.size()), static_cast<int>(SECTORS.size()),
                          SATELLITE_COUNT);
    fill(batch, 0, 4);
    writer.write(batch);  // a no-op
    writer.commit(make_result(1000));
  }
  REQUIRE(directory_entries(dir) == std::vector<std::string>{"summary.h5"});
  Handle file(H5Fopen(output.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  CHECK_FALSE(exists(file.id, "path"));
  CHECK_FALSE(exists(file.id, "gdp_nominal"));
  CHECK_FALSE(exists(file.id, "capital"));
  CHECK(exists(file.id, "gdp_nominal_quantiles"));
  require_dims(file.id, "capital_quantiles", {"quantile", "year", "sector"});
  CHECK(read_numbers<double>(file.id, "targets/p_meet", H5T_NATIVE_DOUBLE) ==
        std::vector<double>{0.25, 0.5});
  CHECK(string_attribute(file.id, "store") == "summary");
  CHECK(number_attribute<std::uint64_t>(file.id, "paths", H5T_NATIVE_UINT64, H5T_INTEGER) == 1000);
  CHECK(string_attribute(file.id, "status") == "complete");
}

TEST_CASE("a run without targets writes an empty target dimension", "[unit][io]") {
  const fs::path dir = fresh_directory("no_targets");
  const fs::path output = dir / "run.h5";
  RunResult result = make_result(3);
  result.scorecard.targets.clear();
  result.scorecard.joint_p_meet.clear();
  result.scorecard.joint_p_meet_se.clear();
  result.scorecard.p_at_least.clear();
  result.scorecard.p_at_least_se.clear();
  {
    ResultFileWriter writer(output.string(), make_header(StoreMode::Full, 3, 256));
    TrajectoryBatch batch(256, static_cast<int>(YEARS.size()), static_cast<int>(SECTORS.size()),
                          SATELLITE_COUNT);
    fill(batch, 0, 3);
    writer.write(batch);
    writer.commit(result);
  }
  Handle file(H5Fopen(output.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  Handle group(H5Gopen2(file.id, "targets", H5P_DEFAULT), H5Gclose);
  CHECK(read_strings(group.id, "target").empty());
  require_dims(group.id, "p_meet", {"target"});
  require_dims(group.id, "first_passage", {"target", "passage_year"});
  require_dims(group.id, "p_at_least", {"year_of_targets", "m"});
  // Chunks are no larger than the data: 3 paths, chunk_paths 256.
  Handle dataset(H5Dopen2(file.id, "gdp_real", H5P_DEFAULT), H5Dclose);
  Handle dcpl(H5Dget_create_plist(dataset.id), H5Pclose);
  hsize_t chunk_dims[2] = {};
  H5Pget_chunk(dcpl.id, 2, chunk_dims);
  CHECK(chunk_dims[0] == 3);
}

TEST_CASE("a writer destroyed without commit leaves nothing and touches no existing output",
          "[unit][io]") {
  const fs::path dir = fresh_directory("abandoned");
  const fs::path output = dir / "run.h5";

  SECTION("no existing output") {
    {
      ResultFileWriter writer(output.string(), make_header(StoreMode::Full, 8, 4));
      const fs::path temporary = writer.temporary_path();
      CHECK(temporary.parent_path() == dir);
      CHECK(temporary.filename().string().rfind("run.h5.tmp-", 0) == 0);
      CHECK(fs::exists(temporary));
      TrajectoryBatch batch(4, static_cast<int>(YEARS.size()), static_cast<int>(SECTORS.size()),
                            SATELLITE_COUNT);
      fill(batch, 4, 4);
      writer.write(batch);
    }
    CHECK(directory_entries(dir).empty());
  }

  SECTION("an existing output stays as it was") {
    { std::ofstream(output) << "previous result"; }
    {
      ResultFileWriter writer(output.string(), make_header(StoreMode::Summary, 8, 4));
      CHECK(read_text(output) == "previous result");
    }
    CHECK(directory_entries(dir) == std::vector<std::string>{"run.h5"});
    CHECK(read_text(output) == "previous result");
  }
}

TEST_CASE("commit replaces an existing output only at the rename", "[unit][io]") {
  const fs::path dir = fresh_directory("replace");
  const fs::path output = dir / "run.h5";
  { std::ofstream(output) << "previous result"; }
  write_full_file(output, 5, 2, "previous result");
  CHECK(directory_entries(dir) == std::vector<std::string>{"run.h5"});
  Handle file(H5Fopen(output.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  CHECK(string_attribute(file.id, "status") == "complete");
}

TEST_CASE("a failed commit removes the temporary file and keeps the old output", "[unit][io]") {
  const fs::path dir = fresh_directory("failed_commit");
  const fs::path output = dir / "run.h5";
  { std::ofstream(output) << "previous result"; }
  ResultFileWriter writer(output.string(), make_header(StoreMode::Full, 8, 4));
  TrajectoryBatch batch(4, static_cast<int>(YEARS.size()), static_cast<int>(SECTORS.size()),
                        SATELLITE_COUNT);
  fill(batch, 0, 4);
  writer.write(batch);  // paths 4..7 never written

  SECTION("missing paths") {
    CHECK_THROWS_WITH(writer.commit(make_result(8)), Catch::Contains("4 paths were never written"));
  }
  SECTION("a quantile table of the wrong shape") {
    fill(batch, 4, 4);
    writer.write(batch);
    RunResult result = make_result(8);
    result.quantiles.values[2].pop_back();
    CHECK_THROWS_AS(writer.commit(result), IoError);
  }
  CHECK(directory_entries(dir) == std::vector<std::string>{"run.h5"});
  CHECK(read_text(output) == "previous result");
  CHECK_THROWS_AS(writer.write(batch), IoError);
  CHECK_THROWS_AS(writer.commit(make_result(8)), IoError);
}

TEST_CASE("a signal before the rename cancels the commit and keeps the old output", "[unit][io]") {
  // Issue 13: `regiosim run` committed a file whose run was interrupted after its last batch had
  // started (exit 0, the old output replaced). The flag is checked after the final write, before
  // the rename.
  const fs::path dir = fresh_directory("cancelled_commit");
  const fs::path output = dir / "run.h5";
  { std::ofstream(output) << "previous result"; }
  ResultFileWriter writer(output.string(), make_header(StoreMode::Summary, 8, 4));
  const std::atomic<bool> cancelled{true};
  CHECK_THROWS_AS(writer.commit(make_result(8), &cancelled), Interrupted);
  CHECK(directory_entries(dir) == std::vector<std::string>{"run.h5"});
  CHECK(read_text(output) == "previous result");
}

TEST_CASE("batches that do not fit the file are refused", "[unit][io]") {
  const fs::path dir = fresh_directory("bad_batch");
  ResultFileWriter writer((dir / "run.h5").string(), make_header(StoreMode::Full, 6, 4));
  TrajectoryBatch batch(4, static_cast<int>(YEARS.size()), static_cast<int>(SECTORS.size()),
                        SATELLITE_COUNT);
  fill(batch, 4, 4);  // paths 4..7 of 6
  CHECK_THROWS_WITH(writer.write(batch), Catch::Contains("outside"));
  TrajectoryBatch wrong_years(4, 3, static_cast<int>(SECTORS.size()));
  wrong_years.reset(0, 4);
  CHECK_THROWS_AS(writer.write(wrong_years), IoError);
}

TEST_CASE("two writers of one output use different temporary files", "[unit][io]") {
  const fs::path dir = fresh_directory("two_writers");
  const std::string output = (dir / "run.h5").string();
  ResultFileWriter first(output, make_header(StoreMode::Summary, 4, 4));
  ResultFileWriter second(output, make_header(StoreMode::Summary, 4, 4));
  CHECK(first.temporary_path() != second.temporary_path());
  second.commit(make_result(4));
  CHECK(fs::exists(output));
  CHECK(fs::exists(first.temporary_path()));
}

TEST_CASE("a missing output directory is an IoError naming it", "[unit][io]") {
  const fs::path dir = fresh_directory("missing_dir");
  const std::string output = (dir / "no_such_dir" / "run.h5").string();
  CHECK_THROWS_AS(ResultFileWriter(output, make_header(StoreMode::Full, 4, 4)), IoError);
  CHECK_THROWS_WITH(ResultFileWriter(output, make_header(StoreMode::Full, 4, 4)),
                    Catch::Contains(output) && Catch::Contains("does not exist"));
  CHECK(directory_entries(dir).empty());
}

TEST_CASE("HDF5 failures become IoError with the call, the path and HDF5's reason", "[unit][io]") {
  const fs::path dir = fresh_directory("h5_errors");
  const std::string path = (dir / "exists.h5").string();
  { std::ofstream(path) << "x"; }
  const h5::ErrorPrintingOff quiet;
  CHECK_THROWS_WITH(h5::File::create_exclusive(path), Catch::Contains("H5Fcreate") &&
                                                          Catch::Contains(path) &&
                                                          Catch::Contains("exists"));
  // The error stack is cleared: a later failure reports its own reason.
  const std::string other = (dir / "missing" / "x.h5").string();
  CHECK_THROWS_WITH(h5::File::create_exclusive(other),
                    Catch::Contains(other) && Catch::Contains("No such file or directory"));
}

TEST_CASE("an output path that is a directory or in a read-only directory is refused",
          "[unit][io]") {
  const fs::path dir = fresh_directory("unwritable");
  fs::create_directory(dir / "run.h5");
  CHECK_THROWS_WITH(ResultFileWriter((dir / "run.h5").string(), make_header(StoreMode::Full, 4, 4)),
                    Catch::Contains("run.h5") && Catch::Contains("is a directory"));

  const fs::path read_only = dir / "read_only";
  fs::create_directory(read_only);
  fs::permissions(read_only, fs::perms::owner_read | fs::perms::owner_exec);
  if (::access(read_only.c_str(), W_OK) == 0) {
    WARN("running with privileges that ignore directory permissions: read-only case not checked");
  } else {
    const std::string output = (read_only / "run.h5").string();
    CHECK_THROWS_WITH(ResultFileWriter(output, make_header(StoreMode::Full, 4, 4)),
                      Catch::Contains(output) && Catch::Contains("not writable"));
  }
  fs::permissions(read_only, fs::perms::owner_all);
}

TEST_CASE("ErrorPrintingOff restores HDF5's error handler", "[unit][io]") {
  H5E_auto2_t before = nullptr;
  void* before_data = nullptr;
  H5Eget_auto2(H5E_DEFAULT, &before, &before_data);
  {
    const h5::ErrorPrintingOff quiet;
    H5E_auto2_t during = nullptr;
    void* during_data = nullptr;
    H5Eget_auto2(H5E_DEFAULT, &during, &during_data);
    CHECK(during == nullptr);
  }
  H5E_auto2_t after = nullptr;
  void* after_data = nullptr;
  H5Eget_auto2(H5E_DEFAULT, &after, &after_data);
  CHECK(after == before);
  CHECK(after_data == before_data);
}
