// _regiosim: the compiled half of the Python package (bindings/python/regiosim). It converts types
// and calls the engine, nothing more: scenario loading, the Monte Carlo run (GIL released, Ctrl-C
// turned into the engine's cancel flag), the audit and the multipliers. Engine exceptions become
// the package's Python exceptions (regiosim/errors.py).
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "regiosim/error.hpp"
#include "regiosim/memory_sink.hpp"
#include "regiosim/model.hpp"
#include "regiosim/multipliers.hpp"
#include "regiosim/output_variables.hpp"
#include "regiosim/plan_audit.hpp"
#include "regiosim/result_file.hpp"
#include "regiosim/runner.hpp"
#include "regiosim/scenario.hpp"

namespace py = pybind11;

namespace {

// A finished run: the scorecard and quantiles, and every path when the store was full.
struct RunOutput {
  regiosim::ResultFileHeader header;
  regiosim::RunResult result;
  std::unique_ptr<regiosim::MemorySink> sink;  // null for store=summary
};

// A numpy view of `values` shaped (n, years[, width]) whose base keeps `owner` alive.
py::array view(const std::vector<double>& values, std::size_t n, std::size_t years,
               std::size_t width, regiosim::Extent extent, py::handle owner) {
  std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(years)};
  if (extent != regiosim::Extent::None) shape.push_back(static_cast<py::ssize_t>(width));
  return py::array(py::dtype::of<double>(), shape, {}, values.data(), owner);
}

std::size_t width(const RunOutput& run, regiosim::Extent extent) {
  return regiosim::extent_width(extent, static_cast<int>(run.header.sector_codes.size()),
                                static_cast<int>(run.header.satellite_ids.size()));
}

const regiosim::VarInfo& variable(const std::string& name) {
  const std::optional<regiosim::Var> var = regiosim::find_variable(name);
  if (!var) throw py::key_error("unknown variable '" + name + "'");
  return regiosim::info(*var);
}

py::array path_values(const RunOutput& run, const std::string& name, py::handle owner) {
  const regiosim::VarInfo& v = variable(name);
  if (!run.sink)
    throw py::key_error("'" + name +
                        "': a run with store=\"summary\" keeps no paths, only quantiles (use "
                        "Result.quantiles(name) or run with store=\"full\")");
  return view(run.sink->values(v.var), run.header.paths, run.header.years.size(),
              width(run, v.extent), v.extent, owner);
}

py::array quantile_values(const RunOutput& run, const std::string& name, py::handle owner) {
  const regiosim::VarInfo& v = variable(name);
  return view(run.result.quantiles.values[static_cast<std::size_t>(v.var)],
              regiosim::QuantileTable::COUNT, run.header.years.size(), width(run, v.extent),
              v.extent, owner);
}

py::dict target_row(const regiosim::TargetResult& r) {
  const regiosim::TargetSpec& t = r.target;
  py::dict row;
  row["id"] = t.id;
  row["indicator"] = t.indicator;
  row["label"] = t.label;
  row["year"] = t.year;
  row["threshold"] = t.threshold;
  row["comparison"] = regiosim::to_string(t.comparison);
  row["basis"] = regiosim::to_string(t.basis);
  row["outturn"] = t.outturn;
  row["source"] = t.source;
  row["p_meet"] = r.p_meet;
  row["p_meet_se"] = r.p_meet_se;
  row["median"] = r.median;
  row["q05"] = r.q05;
  row["q95"] = r.q95;
  row["expected_shortfall"] = r.expected_shortfall;
  row["expected_shortfall_se"] = r.expected_shortfall_se;
  row["first_passage"] = r.first_passage;
  row["variance_share_parameters"] = r.variance ? py::cast(r.variance->parameters) : py::none();
  row["variance_share_shocks"] = r.variance ? py::cast(r.variance->shocks) : py::none();
  return row;
}

// Runs the engine on a worker thread while this one waits with the GIL released, in slices of
// 50 ms, checking for Ctrl-C between them: KeyboardInterrupt sets the cancel flag, the engine stops
// at its next batch boundary, the result file (if any) is discarded, and the exception propagates.
std::unique_ptr<RunOutput> run(const regiosim::ScenarioSpec& spec, std::uint64_t paths,
                               std::uint64_t seed, int threads, std::size_t batch_size,
                               std::uint64_t parameter_sets, const std::string& store,
                               const std::optional<std::string>& out) {
  if (store != "full" && store != "summary")
    throw py::value_error("store: expected \"full\" or \"summary\", got \"" + store + "\"");
  regiosim::RunOptions options;
  options.paths = paths;
  options.seed = seed;
  options.threads = threads;
  options.batch_size = batch_size;
  options.parameter_sets = parameter_sets;
  auto output = std::make_unique<RunOutput>();
  output->header = regiosim::result_file_header(
      spec, options, store == "full" ? regiosim::StoreMode::Full : regiosim::StoreMode::Summary);
  const regiosim::Model model(spec);
  std::optional<regiosim::ResultFileWriter> writer;
  if (out) writer.emplace(*out, output->header);

  regiosim::TrajectorySink* sink = nullptr;
  std::optional<regiosim::TeeSink> tee;
  if (output->header.store == regiosim::StoreMode::Full) {
    output->sink = std::make_unique<regiosim::MemorySink>(
        output->header.paths, static_cast<int>(output->header.years.size()),
        static_cast<int>(output->header.sector_codes.size()),
        static_cast<int>(output->header.satellite_ids.size()));
    sink = output->sink.get();
    if (writer) sink = &tee.emplace(*output->sink, *writer);
  }

  std::atomic<bool> cancel{false};
  std::future<regiosim::RunResult> running =
      std::async(std::launch::async, [&] { return regiosim::run(model, options, sink, &cancel); });
  for (;;) {
    std::future_status status;
    {
      py::gil_scoped_release release;
      status = running.wait_for(std::chrono::milliseconds(50));
    }
    if (status == std::future_status::ready) break;
    if (PyErr_CheckSignals() != 0) {
      py::error_already_set interrupt;  // takes KeyboardInterrupt (or the handler's error)
      cancel.store(true);
      {
        py::gil_scoped_release release;
        running.wait();
      }
      throw interrupt;  // the writer, never committed, removes its temporary file
    }
  }
  {
    py::gil_scoped_release release;
    output->result = running.get();
    if (writer) writer->commit(output->result);
  }
  return output;
}

// Sets the package's exception for an engine error (translated from the innermost type out).
void translate(std::exception_ptr error) {
  const py::module_ errors = py::module_::import("regiosim.errors");
  try {
    std::rethrow_exception(error);
  } catch (const regiosim::ConfigError& e) {
    const regiosim::SourceLocation& at = e.location();
    const py::object exception = errors.attr("ConfigError")(e.what(), at.file, at.line, at.column,
                                                            e.key_path(), e.message());
    PyErr_SetObject(exception.get_type().ptr(), exception.ptr());
  } catch (const regiosim::UsageError& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const regiosim::ModelError& e) {
    PyErr_SetString(errors.attr("ModelError").ptr(), e.what());
  } catch (const regiosim::IoError& e) {
    PyErr_SetString(errors.attr("ResultFileError").ptr(), e.what());
  } catch (const regiosim::Interrupted&) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
  } catch (const regiosim::Error& e) {
    PyErr_SetString(errors.attr("RegiosimError").ptr(), e.what());
  }
}

py::dict audit(const regiosim::ScenarioSpec& spec) {
  const regiosim::PlanAudit audit = regiosim::audit_plan(spec);
  py::list targets;
  for (const regiosim::AuditRow& r : audit.targets) {
    py::dict row;
    row["id"] = r.id;
    row["indicator"] = r.indicator;
    row["label"] = r.label;
    row["basis"] = regiosim::to_string(r.basis);
    row["unit"] = r.unit;
    row["base_year"] = r.base_year;
    row["base_value"] = r.base_value;
    row["target_year"] = r.target_year;
    row["target_value"] = r.target_value;
    row["stated_pct_per_year"] = r.stated_pct;
    row["implied_pct_per_year"] = r.implied_pct;
    row["gap_pp"] = r.gap_pp;
    row["flagged"] = r.flagged;
    row["reading"] = r.reading;
    targets.append(row);
  }
  py::list checks;
  for (const regiosim::CrossCheck& c : audit.cross_checks) {
    py::dict row;
    row["name"] = c.name;
    row["year"] = c.year;
    row["description"] = c.description;
    row["value"] = c.value;
    row["reference"] = c.reference;
    row["unit"] = c.unit;
    row["flagged"] = c.flagged;
    row["verdict"] = c.verdict;
    checks.append(row);
  }
  py::dict doc;
  doc["scenario"] = audit.scenario;
  doc["tolerance_pp"] = audit.tolerance_pp;
  doc["targets"] = targets;
  doc["cross_checks"] = checks;
  return doc;
}

py::dict multipliers(const regiosim::ScenarioSpec& spec) {
  const regiosim::MultiplierReport report = regiosim::multiplier_report(spec);
  py::list sectors;
  for (const regiosim::MultiplierSector& s : report.sectors) {
    py::dict row;
    row["code"] = s.code;
    row["type"] = s.type;
    row["slq"] = s.slq;
    row["output_national"] = s.output_national;
    row["output_regional"] = s.output_regional;
    row["value_added_national"] = s.value_added_national;
    row["value_added_regional"] = s.value_added_regional;
    row["demand_block_column_sum"] = s.demand_block_column_sum;
    sectors.append(row);
  }
  py::dict doc;
  doc["scenario"] = report.scenario;
  doc["flq_delta"] = report.flq_delta;
  doc["lambda"] = report.lambda;
  doc["spectral_radius_national"] = report.radius_national;
  doc["spectral_radius_regional"] = report.radius_regional;
  doc["leontief_national"] = report.leontief_national;
  doc["leontief_regional"] = report.leontief_regional;
  doc["sectors"] = sectors;
  return doc;
}

}  // namespace

PYBIND11_MODULE(_regiosim, m) {
  m.doc() = "regiosim engine bindings (private: use the regiosim package)";
  py::register_exception_translator(translate);

  py::class_<regiosim::ScenarioSpec>(m, "ScenarioSpec")
      .def_property_readonly("name",
                             [](const regiosim::ScenarioSpec& s) { return s.metadata.name; })
      .def_readonly("source_file", &regiosim::ScenarioSpec::source_file)
      .def_readonly("resolved_yaml", &regiosim::ScenarioSpec::resolved_yaml)
      .def_readonly("base_year", &regiosim::ScenarioSpec::base_year)
      .def_readonly("end_year", &regiosim::ScenarioSpec::end_year);

  py::class_<RunOutput>(m, "RunOutput")
      .def_property_readonly("paths", [](const RunOutput& r) { return r.header.paths; })
      .def_property_readonly("seed", [](const RunOutput& r) { return r.header.seed; })
      .def_property_readonly("threads", [](const RunOutput& r) { return r.result.threads; })
      .def_property_readonly("store",
                             [](const RunOutput& r) {
                               return r.header.store == regiosim::StoreMode::Full ? "full"
                                                                                  : "summary";
                             })
      .def_property_readonly("parameter_sets",
                             [](const RunOutput& r) { return r.header.parameter_sets; })
      .def_property_readonly("years", [](const RunOutput& r) { return r.header.years; })
      .def_property_readonly("sectors", [](const RunOutput& r) { return r.header.sector_codes; })
      .def_property_readonly("satellites",
                             [](const RunOutput& r) { return r.header.satellite_ids; })
      .def_property_readonly("satellite_units",
                             [](const RunOutput& r) { return r.header.satellite_units; })
      .def_property_readonly("satellite_labels",
                             [](const RunOutput& r) { return r.header.satellite_labels; })
      .def_property_readonly("scenario_name",
                             [](const RunOutput& r) { return r.header.scenario_name; })
      .def_property_readonly("elapsed_s", [](const RunOutput& r) { return r.result.elapsed_s; })
      .def("values",
           [](py::object self, const std::string& name) {
             return path_values(self.cast<const RunOutput&>(), name, self);
           })
      .def("quantiles",
           [](py::object self, const std::string& name) {
             return quantile_values(self.cast<const RunOutput&>(), name, self);
           })
      .def("targets",
           [](const RunOutput& r) {
             py::list rows;
             for (const regiosim::TargetResult& t : r.result.scorecard.targets)
               rows.append(target_row(t));
             return rows;
           })
      .def_property_readonly("joint_p_meet",
                             [](const RunOutput& r) { return r.result.scorecard.joint_p_meet; })
      .def_property_readonly("passage_years",
                             [](const RunOutput& r) { return r.result.scorecard.passage_years; });

  py::list variables;
  for (const regiosim::VarInfo& v : regiosim::VARIABLES) {
    variables.append(py::make_tuple(std::string(v.name), std::string(v.units),
                                    std::string(v.long_name),
                                    v.extent == regiosim::Extent::Sector      ? "sector"
                                    : v.extent == regiosim::Extent::Satellite ? "satellite"
                                                                              : ""));
  }
  m.attr("VARIABLES") = variables;
  m.attr("DEFAULT_SCENARIO") = REGIOSIM_DEFAULT_SCENARIO;
  m.attr("QUANTILES") = std::vector<double>(std::begin(regiosim::QuantileTable::QUANTILES),
                                            std::end(regiosim::QuantileTable::QUANTILES));

  m.def("load_scenario", &regiosim::load_scenario, py::arg("path"), py::arg("overrides"));
  m.def("run", &run, py::arg("spec"), py::arg("paths"), py::arg("seed"), py::arg("threads"),
        py::arg("batch_size"), py::arg("parameter_sets"), py::arg("store"), py::arg("out"));
  m.def("audit", &audit, py::arg("spec"));
  m.def("multipliers", &multipliers, py::arg("spec"));
}
