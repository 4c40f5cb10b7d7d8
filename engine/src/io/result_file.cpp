// ResultFileWriter: the HDF5 result file (layout in result_file.hpp), written so that xarray opens
// it with engine="h5netcdf" and no extra arguments. What makes that work:
//  - every dimension is a 1-D coordinate dataset of the same name marked as an HDF5 dimension scale
//    (H5DSset_scale) and attached to every axis of every variable (H5DSattach_scale); h5netcdf
//    takes a dimension's name from the scale dataset and would otherwise invent "phony" dims;
//  - strings (sector codes, target texts, attributes) are variable-length UTF-8, which h5py hands
//    to h5netcdf and xarray as str, not bytes; the global heap also holds scenario_yaml at any size
//    (a fixed-size attribute would hit the 64 KiB object-header limit);
//  - units and long_name on every variable and coordinate.
//
// Store summary has no per-path datasets, so it also has no /path coordinate: a million-entry
// index with nothing attached to it would only cost space. The root attribute `paths` still gives
// the number of paths. Store full has /path (uint64, 0..paths-1).
//
// The layout is RunGroupWriter's, so a sweep file can hold the same layout in a group.
//
// Crash safety: everything is written to "<output>.tmp-<host>-<pid>-<n>", claimed with a lock file,
// in the output's directory (atomic_output.hpp) and renamed only in commit(), after
// status="complete" (the last thing written) and after the file is closed and synced. A writer that
// is destroyed without commit(), or whose commit() fails, deletes its temporary file; the output
// path is touched by nothing but the rename.
#include "regiosim/result_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "io/atomic_output.hpp"
#include "io/hdf5_handles.hpp"
#include "io/run_group_writer.hpp"
#include "regiosim/error.hpp"
#include "regiosim/version.hpp"

namespace regiosim {

// Stored types are the fixed little-endian HDF5 file types (H5T_IEEE_F64LE, H5T_STD_I32LE, ...), so
// the file is the same on any machine.

namespace {

namespace fs = std::filesystem;

const char* store_name(StoreMode store) {
  return store == StoreMode::Full ? "full" : "summary";
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// The output's directory must exist and be writable; say so by name rather than leaving it to
// HDF5's less direct "unable to open file".
void check_output_directory(const std::string& output_path) {
  fs::path directory = fs::path(output_path).parent_path();
  if (directory.empty()) directory = ".";
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    throw IoError("cannot write result file '" + output_path + "': directory '" +
                  directory.string() + "' does not exist");
  }
  if (fs::is_directory(output_path, error)) {
    throw IoError("cannot write result file '" + output_path + "': it is a directory");
  }
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    throw IoError("cannot write result file '" + output_path + "': directory '" +
                  directory.string() + "' is not writable (" + std::strerror(errno) + ")");
  }
}

void describe(h5::Location& object, const std::string& units, const std::string& long_name) {
  object.write_attribute("units", units);
  object.write_attribute("long_name", long_name);
}

std::string str(std::string_view text) {
  return std::string(text);
}

}  // namespace

struct RunGroupWriter::Impl {
  ResultFileHeader header;
  std::string created_utc;  // when the writer was made, i.e. when the run started
  hsize_t years = 0;
  hsize_t sectors = 0;
  hsize_t satellites = 0;
  h5::Group file;                   // the result file's root group, or a group inside another file
  std::optional<h5::DataSet> path;  // store=full only
  std::optional<h5::DataSet> year;
  std::optional<h5::DataSet> sector;
  std::optional<h5::DataSet> satellite;
  std::optional<h5::DataSet> quantile;
  std::vector<h5::DataSet> trajectories;  // store=full: one per Var, in VARIABLES order
  std::vector<bool> path_written;         // store=full: which paths write() has covered

  Impl(ResultFileHeader h, h5::Group g)
      : header(std::move(h)),
        created_utc(utc_now()),
        years(header.years.size()),
        sectors(header.sector_codes.size()),
        satellites(header.satellite_ids.size()),
        file(std::move(g)) {}

  // Variable dims: prefix (path or quantile), year, and sector for per-sector variables.
  std::vector<hsize_t> dims(hsize_t first, Extent extent) const {
    std::vector<hsize_t> result{first, years};
    if (extent == Extent::Sector) result.push_back(sectors);
    if (extent == Extent::Satellite) result.push_back(satellites);
    return result;
  }

  void attach(h5::DataSet& data, const h5::DataSet& first, Extent extent) {
    data.attach_scale(first, 0);
    data.attach_scale(*year, 1);
    if (extent == Extent::Sector) data.attach_scale(*sector, 2);
    if (extent == Extent::Satellite) data.attach_scale(*satellite, 2);
  }

  h5::DataSet coordinate(const std::string& name, hid_t type, hsize_t size,
                         const std::string& units, const std::string& long_name) {
    h5::DataSet data = file.create_dataset(name, type, {size});
    data.set_scale(name);
    describe(data, units, long_name);
    return data;
  }

  void create_coordinates() {
    year = coordinate("year", H5T_STD_I32LE, years, "calendar year", "year");
    year->write(std::vector<std::int32_t>(header.years.begin(), header.years.end()));

    const h5::DataType string_type = h5::DataType::utf8_string();
    sector = coordinate("sector", string_type.id(), sectors, "", "sector code");
    sector->write(header.sector_codes);

    // Satellites differ in unit (亿元, fractions): their units and labels are variables along the
    // satellite dimension.
    satellite = coordinate("satellite", string_type.id(), satellites, "", "satellite indicator id");
    satellite->write(header.satellite_ids);
    for (const auto& [name, texts, long_name] :
         {std::tuple<const char*, const std::vector<std::string>*, const char*>{
              "satellite_units", &header.satellite_units, "units of each satellite indicator"},
          {"satellite_label", &header.satellite_labels, "satellite indicator"}}) {
      h5::DataSet data = file.create_dataset(name, string_type.id(), {satellites});
      data.write(*texts);
      data.attach_scale(*satellite, 0);
      describe(data, "", long_name);
    }

    quantile = coordinate("quantile", H5T_IEEE_F64LE, QuantileTable::COUNT, "1", "probability");
    quantile->write(std::vector<double>(std::begin(QuantileTable::QUANTILES),
                                        std::end(QuantileTable::QUANTILES)));

    if (header.store != StoreMode::Full) return;
    path = coordinate("path", H5T_STD_U64LE, header.paths, "1", "path index");
    // In blocks, so a large run does not need the whole index in memory at once.
    constexpr std::uint64_t BLOCK = 1 << 16;
    std::vector<std::uint64_t> index;
    for (std::uint64_t first = 0; first < header.paths; first += BLOCK) {
      const std::uint64_t count = std::min(BLOCK, header.paths - first);
      index.resize(count);
      for (std::uint64_t i = 0; i < count; ++i)
        index[i] = first + i;
      path->write_hyperslab({first}, {count}, index.data());
    }
  }

  // Store full: one (path, year[, sector]) dataset per variable, chunked by the runner's batch
  // (chunk_paths paths, all years and sectors) so each batch write fills whole chunks. No
  // compression: the trajectories are noise-like doubles and the writer thread must keep up.
  void create_trajectories() {
    const hsize_t chunk_paths =
        std::max<hsize_t>(1, std::min<hsize_t>(header.chunk_paths, header.paths));
    path_written.assign(header.paths, false);
    for (const VarInfo& v : VARIABLES) {
      const std::vector<hsize_t> shape = dims(header.paths, v.extent);
      h5::DataSetOptions options;
      // HDF5 refuses chunks larger than a fixed dimension, so an empty dimension stays contiguous.
      if (std::find(shape.begin(), shape.end(), 0) == shape.end()) {
        options.chunk = dims(chunk_paths, v.extent);
      }
      h5::DataSet data = file.create_dataset(str(v.name), H5T_IEEE_F64LE, shape, options);
      attach(data, *path, v.extent);
      describe(data, str(v.units), str(v.long_name));
      trajectories.push_back(std::move(data));
    }
  }

  void write_quantiles(const QuantileTable& table) {
    if (table.values.size() != VAR_COUNT) {
      throw IoError("result file: quantile table has " + std::to_string(table.values.size()) +
                    " variables, expected " + std::to_string(VAR_COUNT));
    }
    for (const VarInfo& v : VARIABLES) {
      h5::DataSet data = file.create_dataset(str(v.name) + "_quantiles", H5T_IEEE_F64LE,
                                             dims(QuantileTable::COUNT, v.extent));
      data.write(table.values[static_cast<std::size_t>(v.var)]);  // checks the size
      attach(data, *quantile, v.extent);
      describe(data, str(v.units), str(v.long_name) + ", quantiles across paths");
      data.close();  // reports errors the destructor would swallow
    }
  }

  // /targets: one entry per target along dimension `target` (its ids). Text variables have units
  // "" (no physical unit); thresholds and indicator quantiles are in the unit of the target's
  // basis.
  void write_targets(const Scorecard& scorecard) {
    h5::Group group = file.create_group("targets");
    const auto& targets = scorecard.targets;
    const hsize_t n = targets.size();
    const h5::DataType string_type = h5::DataType::utf8_string();

    auto strings = [&](auto field) {
      std::vector<std::string> values;
      for (const TargetResult& t : targets)
        values.emplace_back(field(t));
      return values;
    };
    auto numbers = [&](auto field) {
      std::vector<double> values;
      for (const TargetResult& t : targets)
        values.push_back(field(t));
      return values;
    };

    h5::DataSet target = group.create_dataset("target", string_type.id(), {n});
    target.set_scale("target");
    describe(target, "", "target id");
    target.write(strings([](const TargetResult& t) { return t.target.id; }));

    auto variable = [&](const std::string& name, hid_t type, const std::string& units,
                        const std::string& long_name, const auto& values) {
      h5::DataSet data = group.create_dataset(name, type, {n});
      data.write(values);
      data.attach_scale(target, 0);
      describe(data, units, long_name);
      data.close();
    };
    const std::string basis_unit = "unit of the basis: indicator units, % per year or %";

    variable("indicator", string_type.id(), "", "indicator variable",
             strings([](const TargetResult& t) { return t.target.indicator; }));
    variable("target_year", H5T_STD_I32LE, "calendar year", "year the target refers to", [&] {
      std::vector<std::int32_t> target_years;
      for (const TargetResult& t : targets)
        target_years.push_back(t.target.year);
      return target_years;
    }());
    variable("threshold", H5T_IEEE_F64LE, basis_unit, "target threshold",
             numbers([](const TargetResult& t) { return t.target.threshold; }));
    variable("comparison", string_type.id(), "", "comparison of indicator value with threshold",
             strings([](const TargetResult& t) { return to_string(t.target.comparison); }));
    variable("basis", string_type.id(), "", "basis the threshold is read on",
             strings([](const TargetResult& t) { return to_string(t.target.basis); }));
    variable("label", string_type.id(), "", "target label",
             strings([](const TargetResult& t) { return t.target.label; }));
    variable("source", string_type.id(), "", "source of the target",
             strings([](const TargetResult& t) { return t.target.source; }));
    variable("p_meet", H5T_IEEE_F64LE, "1", "probability of meeting the target",
             numbers([](const TargetResult& t) { return t.p_meet; }));
    variable("p_meet_se", H5T_IEEE_F64LE, "1", "Monte Carlo standard error of p_meet",
             numbers([](const TargetResult& t) { return t.p_meet_se; }));
    variable("median", H5T_IEEE_F64LE, basis_unit, "median of the indicator on the target's basis",
             numbers([](const TargetResult& t) { return t.median; }));
    variable("q05", H5T_IEEE_F64LE, basis_unit,
             "5 % quantile of the indicator on the target's basis",
             numbers([](const TargetResult& t) { return t.q05; }));
    variable("q95", H5T_IEEE_F64LE, basis_unit,
             "95 % quantile of the indicator on the target's basis",
             numbers([](const TargetResult& t) { return t.q95; }));

    variable("expected_shortfall", H5T_IEEE_F64LE, basis_unit,
             "expected shortfall of the indicator from the threshold given a miss (NaN: no miss)",
             numbers([](const TargetResult& t) { return t.expected_shortfall; }));
    variable("expected_shortfall_se", H5T_IEEE_F64LE, basis_unit,
             "Monte Carlo standard error of expected_shortfall",
             numbers([](const TargetResult& t) { return t.expected_shortfall_se; }));
    if (header.parameter_sets > 0) {
      for (const auto& [name, share, long_name] :
           {std::tuple<const char*, double VarianceSplit::*, const char*>{
                "variance_share_parameters", &VarianceSplit::parameters,
                "share of the target value's variance due to parameters (law of total variance)"},
            {"variance_share_shocks", &VarianceSplit::shocks,
             "share of the target value's variance due to shocks (law of total variance)"}}) {
        // Captured by an init-capture: C++17 lambdas cannot capture a structured binding (GCC
        // allows it, Clang does not).
        variable(name, H5T_IEEE_F64LE, "1", long_name,
                 numbers([member = share](const TargetResult& t) {
                   return t.variance ? (*t.variance).*member : std::nan("");
                 }));
      }
    }
    write_first_passage(group, target, scorecard);
    write_p_at_least(group, scorecard);

    for (const auto& [year_value, p] : scorecard.joint_p_meet) {
      group.write_attribute("joint_p_meet_" + std::to_string(year_value), p);
    }
    for (const auto& [year_value, se] : scorecard.joint_p_meet_se) {
      group.write_attribute("joint_p_meet_se_" + std::to_string(year_value), se);
    }
    target.close();
    group.close();
  }

  // first_passage (target, passage_year): share of paths whose level first meets the target in
  // each year after the base year; passage_year -1 stands for "never within the horizon". NaN rows
  // for targets without first-passage tracking (not a level target with >= or >).
  void write_first_passage(h5::Group& group, const h5::DataSet& target,
                           const Scorecard& scorecard) {
    std::vector<std::int32_t> passage_years(header.years.begin() + 1, header.years.end());
    passage_years.push_back(-1);
    const hsize_t width = passage_years.size();
    h5::DataSet passage_year = group.create_dataset("passage_year", H5T_STD_I32LE, {width});
    passage_year.set_scale("passage_year");
    describe(passage_year, "calendar year", "first year the target is met; -1: never");
    passage_year.write(passage_years);

    std::vector<double> shares;
    for (const TargetResult& t : scorecard.targets) {
      if (t.first_passage.empty()) {
        shares.insert(shares.end(), width, std::nan(""));
        continue;
      }
      if (t.first_passage.size() != width) {
        throw IoError("result file: target " + t.target.id + " has " +
                      std::to_string(t.first_passage.size()) + " first-passage shares, expected " +
                      std::to_string(width));
      }
      shares.insert(shares.end(), t.first_passage.begin(), t.first_passage.end());
    }
    h5::DataSet data =
        group.create_dataset("first_passage", H5T_IEEE_F64LE, {scorecard.targets.size(), width});
    data.write(shares);
    data.attach_scale(target, 0);
    data.attach_scale(passage_year, 1);
    describe(data, "1", "share of paths first meeting the target in passage_year (NaN: untracked)");
    data.close();
    passage_year.close();
  }

  // p_at_least, p_at_least_se (year_of_targets, m): P(at least m of the year's targets met on the
  // same path); NaN where m exceeds the number of that year's targets.
  void write_p_at_least(h5::Group& group, const Scorecard& scorecard) {
    std::vector<std::int32_t> target_years;
    std::size_t most = 0;
    for (const auto& [year_value, p] : scorecard.p_at_least) {
      target_years.push_back(year_value);
      most = std::max(most, p.size());
    }
    h5::DataSet year_of_targets =
        group.create_dataset("year_of_targets", H5T_STD_I32LE, {target_years.size()});
    year_of_targets.set_scale("year_of_targets");
    describe(year_of_targets, "calendar year", "year of a group of targets");
    year_of_targets.write(target_years);
    h5::DataSet m = group.create_dataset("m", H5T_STD_I32LE, {most});
    m.set_scale("m");
    describe(m, "1", "number of targets met");
    std::vector<std::int32_t> counts;
    for (std::size_t i = 1; i <= most; ++i)
      counts.push_back(static_cast<std::int32_t>(i));
    m.write(counts);

    for (const auto& [name, table, long_name] :
         {std::tuple<const char*, const std::map<int, std::vector<double>>*, const char*>{
              "p_at_least", &scorecard.p_at_least,
              "probability of meeting at least m of the year's targets on the same path"},
          {"p_at_least_se", &scorecard.p_at_least_se, "binomial standard error of p_at_least"}}) {
      std::vector<double> values;
      for (const auto& [year_value, p] : *table) {
        values.insert(values.end(), p.begin(), p.end());
        values.insert(values.end(), most - p.size(), std::nan(""));
      }
      h5::DataSet data = group.create_dataset(name, H5T_IEEE_F64LE, {target_years.size(), most});
      data.write(values);
      data.attach_scale(year_of_targets, 0);
      data.attach_scale(m, 1);
      describe(data, "1", long_name);
      data.close();
    }
    m.close();
    year_of_targets.close();
  }

  // Store full with parameter sets: the drawn values, so each path's parameters can be looked up.
  void write_parameter_values(const RunResult& result) {
    const hsize_t sets = result.parameter_values.size();
    const hsize_t count = header.parameter_paths.size();
    h5::DataSet parameter_set = coordinate("parameter_set", H5T_STD_U64LE, sets, "1",
                                           "parameter set index (paths k * S .. k * S + S - 1)");
    std::vector<std::uint64_t> index;
    std::vector<double> values;
    for (hsize_t k = 0; k < sets; ++k) {
      index.push_back(k);
      if (result.parameter_values[k].size() != count)
        throw IoError("result file: parameter set " + std::to_string(k) + " has " +
                      std::to_string(result.parameter_values[k].size()) + " values, expected " +
                      std::to_string(count));
      values.insert(values.end(), result.parameter_values[k].begin(),
                    result.parameter_values[k].end());
    }
    parameter_set.write(index);
    const h5::DataType string_type = h5::DataType::utf8_string();
    h5::DataSet parameter = coordinate("parameter", string_type.id(), count, "",
                                       "key path of a parameter with a prior");
    parameter.write(header.parameter_paths);
    h5::DataSet data = file.create_dataset("parameter_value", H5T_IEEE_F64LE, {sets, count});
    data.write(values);
    data.attach_scale(parameter_set, 0);
    data.attach_scale(parameter, 1);
    describe(data, "unit of the parameter", "parameter value drawn from its prior");
    data.close();
    parameter.close();
    parameter_set.close();
  }

  void write_root_attributes() {
    file.write_attribute("schema", RESULT_SCHEMA);
    file.write_attribute("schema_version", std::int32_t{RESULT_SCHEMA_VERSION});
    file.write_attribute("engine_version", engine_version());
    file.write_attribute("git_commit", git_commit());
    file.write_attribute("created_utc", created_utc);
    file.write_attribute("seed", header.seed);
    file.write_attribute("paths", header.paths);
    file.write_attribute("threads", std::int32_t{header.threads});
    file.write_attribute("store", store_name(header.store));
    file.write_attribute("scenario_name", header.scenario_name);
    file.write_attribute("scenario_yaml", header.scenario_yaml);
    file.write_attribute("base_year", std::int32_t{header.years.front()});
    file.write_attribute("parameter_sets", header.parameter_sets);
  }

  // Closes every dataset, then the file (which flushes it); errors surface here, not silently in
  // destructors.
  void close() {
    for (h5::DataSet& data : trajectories)
      data.close();
    for (auto* coordinate : {&path, &year, &sector, &quantile}) {
      if (*coordinate) (*coordinate)->close();
    }
    file.flush();
    file.close();
  }
};

ResultFileHeader result_file_header(const ScenarioSpec& spec, const RunOptions& options,
                                    StoreMode store) {
  ResultFileHeader header;
  for (int t = 0; t < spec.years(); ++t)
    header.years.push_back(spec.base_year + t);
  for (const SectorSpec& s : spec.sectors)
    header.sector_codes.push_back(s.code);
  for (const SatelliteSpec& s : spec.satellites) {
    header.satellite_ids.push_back(s.id);
    header.satellite_units.push_back(s.units);
    header.satellite_labels.push_back(s.label);
  }
  header.store = store;
  header.paths =
      options.parameter_sets > 0 ? options.parameter_sets * options.paths : options.paths;
  header.parameter_sets = options.parameter_sets;
  for (const ParameterPrior& prior : spec.priors)
    header.parameter_paths.push_back(prior.key_path);
  header.chunk_paths = options.batch_size;
  header.seed = options.seed;
  header.threads = effective_threads(options.threads);
  header.scenario_name = spec.metadata.name;
  header.scenario_yaml = spec.resolved_yaml;
  return header;
}

RunGroupWriter::RunGroupWriter(h5::Group group, ResultFileHeader header, std::string name)
    : name_(std::move(name)) {
  if (header.years.empty()) throw IoError(name_ + ": no years");
  const h5::ErrorPrintingOff quiet;
  impl_ = std::make_unique<Impl>(std::move(header), std::move(group));
  impl_->create_coordinates();
  if (impl_->header.store == StoreMode::Full) impl_->create_trajectories();
}

RunGroupWriter::~RunGroupWriter() {
  if (!impl_) return;
  try {
    const h5::ErrorPrintingOff quiet;
    impl_.reset();  // closes everything (errors are ignored by the handles' destructors)
  } catch (...) {
  }
}

void RunGroupWriter::write(const TrajectoryBatch& batch) {
  if (!impl_) throw IoError(name_ + ": write after commit");
  Impl& impl = *impl_;
  if (impl.header.store != StoreMode::Full) return;
  if (static_cast<hsize_t>(batch.years()) != impl.years ||
      static_cast<hsize_t>(batch.sectors()) != impl.sectors ||
      static_cast<hsize_t>(batch.satellites()) != impl.satellites) {
    throw IoError(name_ + ": batch has " + std::to_string(batch.years()) + " years, " +
                  std::to_string(batch.sectors()) + " sectors and " +
                  std::to_string(batch.satellites()) + " satellites, the file " +
                  std::to_string(impl.years) + ", " + std::to_string(impl.sectors) + " and " +
                  std::to_string(impl.satellites));
  }
  const std::uint64_t first = batch.first_path();
  const std::uint64_t count = batch.path_count();
  if (first > impl.header.paths || count > impl.header.paths - first) {
    throw IoError(name_ + ": batch of paths " + std::to_string(first) + "+" +
                  std::to_string(count) + " is outside 0.." + std::to_string(impl.header.paths));
  }
  if (count == 0) return;

  const h5::ErrorPrintingOff quiet;
  for (const VarInfo& v : VARIABLES) {
    const std::vector<hsize_t> shape = impl.dims(count, v.extent);
    if (std::find(shape.begin(), shape.end(), 0) != shape.end()) continue;  // e.g. no satellites
    std::vector<hsize_t> start{first, 0};
    if (v.extent != Extent::None) start.push_back(0);
    impl.trajectories[static_cast<std::size_t>(v.var)].write_hyperslab(start, shape,
                                                                       batch.data(v.var));
  }
  std::fill_n(impl.path_written.begin() + static_cast<std::ptrdiff_t>(first), count, true);
}

void RunGroupWriter::commit(const RunResult& result) {
  if (!impl_) throw IoError(name_ + ": commit after commit");
  const h5::ErrorPrintingOff quiet;
  // Closed (and so flushed) on success and on failure alike; the caller removes a failed file.
  const std::unique_ptr<Impl> impl = std::move(impl_);
  if (result.paths != impl->header.paths) {
    throw IoError(name_ + ": run result has " + std::to_string(result.paths) +
                  " paths, the file was created for " + std::to_string(impl->header.paths));
  }
  // A file marked complete must hold every path.
  const auto missing = std::count(impl->path_written.begin(), impl->path_written.end(), false);
  if (missing > 0)
    throw IoError(name_ + ": " + std::to_string(missing) + " paths were never written");
  impl->write_quantiles(result.quantiles);
  impl->write_targets(result.scorecard);
  if (impl->header.store == StoreMode::Full && impl->header.parameter_sets > 0)
    impl->write_parameter_values(result);
  impl->write_root_attributes();
  impl->file.write_attribute("status", "complete");  // last: the run is whole
  impl->close();
}

ResultFileWriter::ResultFileWriter(std::string output_path, ResultFileHeader header)
    : output_path_(std::move(output_path)) {
  if (header.years.empty()) {
    throw IoError("cannot write result file '" + output_path_ + "': no years");
  }
  check_output_directory(output_path_);

  const h5::ErrorPrintingOff quiet;
  claim_ = std::make_unique<TemporaryClaim>(output_path_);
  temporary_path_ = claim_->path();
  h5::File file = h5::File::create_exclusive(temporary_path_);
  try {
    writer_ = std::make_unique<RunGroupWriter>(std::move(file), std::move(header),
                                               "result file '" + output_path_ + "'");
  } catch (...) {
    // The destructor does not run for a throwing constructor: clean up here.
    std::remove(temporary_path_.c_str());
    throw;
  }
}

ResultFileWriter::~ResultFileWriter() {
  if (committed_ || !writer_) return;  // renamed, or a failed commit already cleaned up
  writer_.reset();
  std::remove(temporary_path_.c_str());
}

void ResultFileWriter::write(const TrajectoryBatch& batch) {
  if (!writer_) throw IoError("result file '" + output_path_ + "': write after a failed commit");
  writer_->write(batch);
}

std::uint64_t estimated_file_bytes(const ResultFileHeader& header) {
  if (header.store != StoreMode::Full) return 0;
  const std::uint64_t years = header.years.size();
  std::uint64_t per_path_year = 0;
  for (const VarInfo& v : VARIABLES) {
    per_path_year += v.extent == Extent::Sector      ? header.sector_codes.size()
                     : v.extent == Extent::Satellite ? header.satellite_ids.size()
                                                     : 1;
  }
  return header.paths * years * per_path_year * sizeof(double);
}

void disable_hdf5_exit_cleanup() {
  H5dont_atexit();
}

void ResultFileWriter::commit(const RunResult& result, const std::atomic<bool>* cancel) {
  if (committed_ || !writer_)
    throw IoError("result file '" + output_path_ + "': commit after commit");
  try {
    writer_->commit(result);
    if (cancel != nullptr && cancel->load()) throw Interrupted();
    rename_into_place(temporary_path_, output_path_);
  } catch (...) {
    writer_.reset();
    std::remove(temporary_path_.c_str());
    claim_.reset();  // the temporary is gone: its lock file goes too
    throw;
  }
  committed_ = true;
  claim_.reset();
}

}  // namespace regiosim
