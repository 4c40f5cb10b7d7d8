// The sweep's HDF5 file, laid out as result_file.cpp lays out a run (netCDF-style dimension
// scales, so xarray opens it with engine="h5netcdf"): dimensions point, parameter, target, year and
// quantile, each a coordinate dataset marked as a dimension scale and attached to every variable's
// axes. Layout (schema "regiosim.sweep"):
//   /design (point, parameter)                     parameter values of each point
//   /p_meet, /p_meet_se, /median (point, target)   each point's scorecard
//   /<indicator> (point, year, quantile)           per-year quantiles of every aggregate variable
//   sobol designs: /sobol_{first,total}[_lo|_hi] (parameter, target) of P(meet), the same with
//     _median for the targets' medians and _gdp (parameter, year) for median nominal GDP by year
//   morris designs: /morris_{mu_star,mu,sigma} (parameter, target), _median, _gdp likewise
//   /trajectories/point_<i>/                       a whole run's layout for each listed point
//   root attributes: schema, schema_version, design, paths, seed, common_random_numbers,
//     definition_hash, engine_version, git_commit, sweep_yaml (and morris_levels)
#include <cstdio>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "io/atomic_output.hpp"
#include "io/hdf5_handles.hpp"
#include "io/run_group_writer.hpp"
#include "regiosim/model.hpp"
#include "regiosim/sweep.hpp"
#include "regiosim/version.hpp"

namespace regiosim {

namespace {

constexpr std::int32_t SWEEP_SCHEMA_VERSION = 2;

std::vector<double> flatten(const std::vector<std::vector<double>>& rows) {
  std::vector<double> values;
  for (const std::vector<double>& row : rows)
    values.insert(values.end(), row.begin(), row.end());
  return values;
}

// A (parameter, column) table of one index field over the columns' index sets.
template <typename Indices>
std::vector<double> index_table(const std::vector<Indices>& columns,
                                std::vector<double> Indices::*field, std::size_t parameters) {
  std::vector<double> values(parameters * columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    for (std::size_t k = 0; k < parameters; ++k)
      values[k * columns.size() + c] = (columns[c].*field)[k];
  }
  return values;
}

class SweepFile {
 public:
  SweepFile(const std::string& path, const SweepSpec& spec, const SweepResult& result)
      : file_(h5::File::create_exclusive(path)), spec_(spec), result_(result) {}

  void write() {
    write_attributes();
    const h5::DataType string_type = h5::DataType::utf8_string();
    point_.emplace(coordinate("point", H5T_STD_I32LE, result_.design.size()));
    std::vector<std::int32_t> indices(result_.design.size());
    for (std::size_t i = 0; i < indices.size(); ++i)
      indices[i] = static_cast<std::int32_t>(i);
    point_->write(indices);
    parameter_.emplace(coordinate("parameter", string_type.id(), spec_.parameters.size()));
    std::vector<std::string> keys;
    for (const SweepParameter& p : spec_.parameters)
      keys.push_back(p.key);
    parameter_->write(keys);
    target_.emplace(coordinate("target", string_type.id(), result_.target_ids.size()));
    target_->write(result_.target_ids);
    year_.emplace(coordinate("year", H5T_STD_I32LE, result_.years.size()));
    year_->write(std::vector<std::int32_t>(result_.years.begin(), result_.years.end()));
    quantile_.emplace(coordinate("quantile", H5T_IEEE_F64LE, QuantileTable::COUNT));
    quantile_->write(std::vector<double>(std::begin(QuantileTable::QUANTILES),
                                         std::end(QuantileTable::QUANTILES)));

    variable("design", {&*point_, &*parameter_}, flatten(result_.design), "",
             "parameter values of each point");
    auto per_point = [&](std::vector<double> PointResult::*field) {
      std::vector<double> values;
      for (const PointResult& p : result_.points)
        values.insert(values.end(), (p.*field).begin(), (p.*field).end());
      return values;
    };
    variable("p_meet", {&*point_, &*target_}, per_point(&PointResult::p_meet), "1",
             "P(meet) at each point");
    variable("p_meet_se", {&*point_, &*target_}, per_point(&PointResult::p_meet_se), "1",
             "Monte Carlo standard error of P(meet)");
    variable("median", {&*point_, &*target_}, per_point(&PointResult::median), "",
             "median of the indicator on the target's basis");
    write_indicators(per_point(&PointResult::indicator_quantiles));
    write_sobol();
    write_morris();
  }

  // A listed point's run, simulated again on the same numbers into trajectories/point_<i>.
  void write_trajectories(const SweepOptions& options) {
    if (spec_.trajectory_points.empty()) return;
    h5::Group group = file_.create_group("trajectories");
    for (std::uint64_t point : spec_.trajectory_points) {
      const ScenarioSpec scenario = point_scenario(spec_, result_.design.at(point));
      RunOptions run_options = point_run_options(spec_, point, options.threads);
      run_options.sector_quantiles = true;  // a whole run's layout, every variable's quantiles
      const std::string name = "point_" + std::to_string(point);
      RunGroupWriter writer(group.create_group(name),
                            result_file_header(scenario, run_options, StoreMode::Full),
                            "sweep file group trajectories/" + name);
      writer.commit(run(Model(scenario), run_options, &writer, options.cancel));
    }
    group.close();
  }

  void close() {
    for (std::optional<h5::DataSet>* scale : {&point_, &parameter_, &target_, &year_, &quantile_})
      (*scale)->close();
    file_.flush();
    file_.close();
  }

 private:
  h5::File file_;
  const SweepSpec& spec_;
  const SweepResult& result_;
  std::optional<h5::DataSet> point_, parameter_, target_, year_, quantile_;

  void write_attributes() {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx",
                  static_cast<unsigned long long>(result_.definition_hash));
    file_.write_attribute("schema", "regiosim.sweep");
    file_.write_attribute("schema_version", SWEEP_SCHEMA_VERSION);
    file_.write_attribute("design", to_string(spec_.design));
    if (spec_.design == Design::Morris)
      file_.write_attribute("morris_levels", std::int32_t{spec_.morris_levels});
    file_.write_attribute("paths", spec_.paths);
    file_.write_attribute("seed", spec_.seed);
    file_.write_attribute("common_random_numbers",
                          std::int32_t{spec_.common_random_numbers ? 1 : 0});
    file_.write_attribute("definition_hash", hash);
    file_.write_attribute("engine_version", engine_version());
    file_.write_attribute("git_commit", git_commit());
    file_.write_attribute("sweep_yaml", spec_.yaml);
  }

  h5::DataSet coordinate(const std::string& name, hid_t type, std::size_t size) {
    h5::DataSet data = file_.create_dataset(name, type, {size});
    data.set_scale(name);
    return data;
  }

  void variable(const std::string& name, std::vector<const h5::DataSet*> scales,
                const std::vector<double>& values, const std::string& units,
                const std::string& long_name) {
    std::vector<hsize_t> dims;
    for (const h5::DataSet* scale : scales)
      dims.push_back(scale->dims().front());
    h5::DataSet data = file_.create_dataset(name, H5T_IEEE_F64LE, dims);
    data.write(values);
    for (unsigned axis = 0; axis < scales.size(); ++axis)
      data.attach_scale(*scales[axis], axis);
    if (!units.empty()) data.write_attribute("units", units);
    data.write_attribute("long_name", long_name);
    data.close();
  }

  // (point, year, quantile) of each indicator, from the points' (indicator, year, quantile) rows.
  void write_indicators(const std::vector<double>& all) {
    const std::vector<Var> indicators = sweep_indicators();
    const std::size_t block = result_.years.size() * QuantileTable::COUNT;
    const std::size_t row = indicators.size() * block;
    for (std::size_t n = 0; n < indicators.size(); ++n) {
      std::vector<double> values;
      for (std::size_t i = 0; i < result_.points.size(); ++i) {
        const auto first = all.begin() + static_cast<std::ptrdiff_t>(i * row + n * block);
        values.insert(values.end(), first, first + static_cast<std::ptrdiff_t>(block));
      }
      const VarInfo& v = VARIABLES[static_cast<std::size_t>(indicators[n])];
      variable(std::string(v.name), {&*point_, &*year_, &*quantile_}, values, std::string(v.units),
               std::string(v.long_name) + ", quantiles across paths at each point");
    }
  }

  // The three output families: P(meet) and median by target, median GDP by year.
  template <typename Indices>
  void write_families(
      const std::string& prefix, const std::vector<Indices>& p_meet,
      const std::vector<Indices>& median, const std::vector<Indices>& gdp,
      const std::vector<std::pair<const char*, std::vector<double> Indices::*>>& fields,
      const std::string& what) {
    const std::size_t parameters = spec_.parameters.size();
    for (const auto& [suffix, columns, scale, of] :
         {std::tuple<const char*, const std::vector<Indices>*, const h5::DataSet*, const char*>{
              "", &p_meet, &*target_, "P(meet) of each target"},
          {"_median", &median, &*target_, "the median of each target's indicator"},
          {"_gdp", &gdp, &*year_, "median nominal GDP in each year"}}) {
      for (const auto& [field, member] : fields) {
        variable(prefix + field + suffix, {&*parameter_, scale},
                 index_table(*columns, member, parameters), "",
                 std::string(field) + " (" + what + ") of " + of);
      }
    }
  }

  void write_sobol() {
    if (spec_.design != Design::Sobol) return;
    // Names sobol_<field>[_median|_gdp]; _lo and _hi are the bootstrap 95 % interval's ends.
    write_families<SobolIndices>("sobol_", result_.sobol_p_meet, result_.sobol_median,
                                 result_.sobol_gdp,
                                 {{"first", &SobolIndices::first},
                                  {"first_lo", &SobolIndices::first_lo},
                                  {"first_hi", &SobolIndices::first_hi},
                                  {"total", &SobolIndices::total},
                                  {"total_lo", &SobolIndices::total_lo},
                                  {"total_hi", &SobolIndices::total_hi}},
                                 "Sobol index; _lo, _hi: bootstrap 95 % interval");
  }

  void write_morris() {
    if (spec_.design != Design::Morris) return;
    write_families<MorrisIndices>("morris_", result_.morris_p_meet, result_.morris_median,
                                  result_.morris_gdp,
                                  {{"mu_star", &MorrisIndices::mu_star},
                                   {"mu", &MorrisIndices::mu},
                                   {"sigma", &MorrisIndices::sigma}},
                                  "Morris elementary effects per whole parameter range");
  }
};

}  // namespace

void write_sweep_file(const std::string& path, const SweepSpec& spec, const SweepResult& result,
                      const SweepOptions& options) {
  const h5::ErrorPrintingOff quiet;
  // Written whole under a temporary name in the same directory, then synced and renamed: a crash
  // or a failed write never leaves a partial file under the final name.
  const TemporaryClaim claim(path);
  const std::string& temporary = claim.path();
  try {
    SweepFile file(temporary, spec, result);
    file.write();
    file.write_trajectories(options);
    file.close();
    rename_into_place(temporary, path);
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
}

}  // namespace regiosim
