// The sweep's HDF5 file, laid out as result_file.cpp lays out a run (netCDF-style dimension
// scales, so xarray opens it with engine="h5netcdf"): dimensions point, parameter and target, each
// a coordinate dataset marked as a dimension scale and attached to every variable's axes.
#include <unistd.h>

#include <cstdio>

#include "io/hdf5_handles.hpp"
#include "regiosim/sweep.hpp"

namespace regiosim {

namespace {

constexpr std::int32_t SWEEP_SCHEMA_VERSION = 1;

std::vector<double> flatten(const std::vector<std::vector<double>>& rows) {
  std::vector<double> values;
  for (const std::vector<double>& row : rows)
    values.insert(values.end(), row.begin(), row.end());
  return values;
}

void write_file(const std::string& path, const SweepSpec& spec, const SweepResult& result) {
  h5::File file = h5::File::create_exclusive(path);
  file.write_attribute("schema", "regiosim.sweep");
  file.write_attribute("schema_version", SWEEP_SCHEMA_VERSION);
  file.write_attribute("design", to_string(spec.design));
  file.write_attribute("paths", spec.paths);
  file.write_attribute("seed", spec.seed);
  file.write_attribute("common_random_numbers", std::int32_t{spec.common_random_numbers ? 1 : 0});
  file.write_attribute("sweep_yaml", spec.yaml);

  const hsize_t points = result.design.size();
  const hsize_t parameters = spec.parameters.size();
  const hsize_t targets = result.target_ids.size();
  const h5::DataType string_type = h5::DataType::utf8_string();

  h5::DataSet point = file.create_dataset("point", H5T_STD_I32LE, {points});
  std::vector<std::int32_t> indices(points);
  for (hsize_t i = 0; i < points; ++i)
    indices[i] = static_cast<std::int32_t>(i);
  point.write(indices);
  point.set_scale("point");
  h5::DataSet parameter = file.create_dataset("parameter", string_type.id(), {parameters});
  std::vector<std::string> keys;
  for (const SweepParameter& p : spec.parameters)
    keys.push_back(p.key);
  parameter.write(keys);
  parameter.set_scale("parameter");
  h5::DataSet target = file.create_dataset("target", string_type.id(), {targets});
  target.write(result.target_ids);
  target.set_scale("target");

  auto variable = [&](const std::string& name, const h5::DataSet& rows, const h5::DataSet& columns,
                      const std::vector<double>& values, const char* long_name) {
    h5::DataSet data =
        file.create_dataset(name, H5T_IEEE_F64LE, {rows.dims().front(), columns.dims().front()});
    data.write(values);
    data.attach_scale(rows, 0);
    data.attach_scale(columns, 1);
    data.write_attribute("long_name", long_name);
    data.close();
  };
  variable("design", point, parameter, flatten(result.design), "parameter values of each point");
  variable("p_meet", point, target, flatten(result.p_meet), "P(meet) at each point");
  variable("p_meet_se", point, target, flatten(result.p_meet_se),
           "Monte Carlo standard error of P(meet)");
  variable("median", point, target, flatten(result.median),
           "median of the indicator on the target's basis");
  if (result.has_sobol) {
    // (parameter, target) tables: one column per target's indices.
    using Field = std::vector<double> SobolIndices::*;
    auto table = [&](const std::vector<SobolIndices>& all, Field field) {
      std::vector<double> values(parameters * targets);
      for (hsize_t t = 0; t < targets; ++t) {
        const std::vector<double>& column = all[t].*field;
        for (hsize_t k = 0; k < parameters; ++k)
          values[k * targets + t] = column[k];
      }
      return values;
    };
    for (const auto& [suffix, all] :
         {std::pair<std::string, const std::vector<SobolIndices>*>{"", &result.sobol_p_meet},
          {"_median", &result.sobol_median}}) {
      const std::string of = suffix.empty() ? "P(meet)" : "the median";
      const std::string first = "first-order Sobol index of " + of;
      const std::string total = "total Sobol index of " + of;
      // Names: sobol_first[_median][_lo|_hi], sobol_total[_median][_lo|_hi].
      const struct {
        const char* index;
        const char* end;
        Field field;
        const char* long_name;
      } fields[] = {
          {"sobol_first", "", &SobolIndices::first, first.c_str()},
          {"sobol_first", "_lo", &SobolIndices::first_lo, "bootstrap 95 % interval, lower end"},
          {"sobol_first", "_hi", &SobolIndices::first_hi, "bootstrap 95 % interval, upper end"},
          {"sobol_total", "", &SobolIndices::total, total.c_str()},
          {"sobol_total", "_lo", &SobolIndices::total_lo, "bootstrap 95 % interval, lower end"},
          {"sobol_total", "_hi", &SobolIndices::total_hi, "bootstrap 95 % interval, upper end"}};
      for (const auto& f : fields) {
        variable(f.index + suffix + f.end, parameter, target, table(*all, f.field), f.long_name);
      }
    }
  }
  point.close();
  parameter.close();
  target.close();
  file.close();
}

}  // namespace

void write_sweep_file(const std::string& path, const SweepSpec& spec, const SweepResult& result) {
  const h5::ErrorPrintingOff quiet;
  // Written whole under a temporary name in the same directory, then renamed: a crash or a failed
  // write never leaves a partial file under the final name.
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  try {
    write_file(temporary, spec, result);
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw IoError("cannot rename '" + temporary + "' to '" + path + "'");
  }
}

}  // namespace regiosim
