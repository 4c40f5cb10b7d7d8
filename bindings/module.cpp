// _regiosim: the compiled half of the Python package (bindings/python/regiosim). It converts types
// and calls the engine, nothing more: scenario loading, the Monte Carlo run (GIL released, Ctrl-C
// turned into the engine's cancel flag), the audit, the multipliers and the calibrated model's
// arrays. Engine exceptions become the package's Python exceptions (regiosim/errors.py).
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
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
  row["p_meet_unrevised"] = r.p_meet_unrevised;  // NaN without J4 (scorecard.hpp)
  row["implied_deflator"] = t.implied_deflator;
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
    row["household_income"] = s.household_income;
    row["household_spending"] = s.household_spending;
    row["employment_per_output"] = s.employment_per_output;
    row["output_type_ii"] = s.output_type_ii;
    row["output_ratio"] = s.output_ratio;
    row["value_added_type_ii"] = s.value_added_type_ii;
    row["employment_type_i"] = s.employment_type_i;
    row["employment_type_ii"] = s.employment_type_ii;
    row["revenue_type_i"] = s.revenue_type_i;
    row["revenue_type_ii"] = s.revenue_type_ii;
    sectors.append(row);
  }
  py::dict doc;
  doc["scenario"] = report.scenario;
  doc["flq_delta"] = report.flq_delta;
  doc["lambda"] = report.lambda;
  doc["spectral_radius_national"] = report.radius_national;
  doc["spectral_radius_regional"] = report.radius_regional;
  doc["spectral_radius_closed"] = report.radius_closed;
  doc["propensity_to_consume"] = report.propensity_to_consume;
  doc["income_tax_rate"] = report.income_tax_rate;
  doc["leontief_national"] = report.leontief_national;
  doc["leontief_regional"] = report.leontief_regional;
  doc["leontief_closed"] = report.leontief_closed;
  doc["sectors"] = sectors;
  return doc;
}

// A numpy array of value(i) for i < count.
template <typename Value, typename Function>
py::array_t<Value> array_of(std::size_t count, Function value) {
  py::array_t<Value> out(static_cast<py::ssize_t>(count));
  for (std::size_t i = 0; i < count; ++i)
    out.mutable_at(static_cast<py::ssize_t>(i)) = value(i);
  return out;
}

// One value per element of `items` (sectors, FAI blocks or satellites).
template <typename Item, typename Value>
py::array_t<Value> field(const std::vector<Item>& items, Value Item::*member) {
  return array_of<Value>(items.size(), [&](std::size_t i) { return items[i].*member; });
}

py::array_t<double> numbers(const std::vector<double>& values) {
  return py::array_t<double>(static_cast<py::ssize_t>(values.size()), values.data());
}

// The calibrated model of a scenario as numpy arrays and numbers, for re-implementations of the
// path simulator outside the engine (bench/peers: NumPy and Numba versions of the same model).
// Read-only: every value is what the path simulator reads from Model and ScenarioSpec; the only
// arithmetic is gathering them into arrays and L_DD Ar_DS (M7). What the re-implementations leave
// out (jumps J1-J3, Student-t innovations, a correlation matrix, a backtest's factor path, priors)
// is reported as switches, not as values.
py::dict model_arrays(const regiosim::ScenarioSpec& spec) {
  const regiosim::Model model(spec);
  const regiosim::BaseState& base = model.base();
  const regiosim::MixedInputOutput& mixed = model.input_output().mixed;
  const int n = model.sectors();
  const int years = model.years();
  const auto& sectors = spec.sectors;
  const auto& blocks = spec.investment.blocks;
  const auto& satellites = spec.satellites;
  using regiosim::SectorSpec;
  py::dict d;
  d["base_year"] = spec.base_year;
  d["years"] = years;
  d["groups"] = model.groups();
  std::vector<std::string> codes;
  for (const SectorSpec& sector : sectors)
    codes.push_back(sector.code);
  d["sector_codes"] = codes;

  d["student_t"] = spec.shocks.student_t;
  d["pandemic_enabled"] = spec.shocks.pandemic.enabled;
  d["property_bust_enabled"] = spec.shocks.property_bust.enabled;
  d["projects_enabled"] = spec.shocks.projects.enabled;
  d["revision_enabled"] = spec.shocks.revision.enabled;
  d["has_correlation"] = model.has_correlation();
  d["has_regional_factor_history"] = !spec.shocks.regional_factor_history.empty();
  d["prior_count"] = spec.priors.size();

  // Sectors: M1 shocks, M4-M5 production, M7 v_j, M8 prices, M12 tax, section 8 classes.
  d["shock_persistence"] = spec.shocks.persistence;
  d["sector_group"] = field(sectors, &SectorSpec::shock_group);
  d["sector_volatility"] = field(sectors, &SectorSpec::volatility);
  d["sector_loading_regional"] = field(sectors, &SectorSpec::loading_regional);
  d["sector_loading_group"] = field(sectors, &SectorSpec::loading_group);
  d["sector_capital_share"] = field(sectors, &SectorSpec::capital_share);
  d["sector_depreciation"] = field(sectors, &SectorSpec::depreciation);
  d["sector_va_ratio"] = field(sectors, &SectorSpec::va_ratio);
  d["sector_price_drift"] = field(sectors, &SectorSpec::price_drift);
  d["sector_price_volatility"] = field(sectors, &SectorSpec::price_volatility);
  d["sector_tax_rate"] = field(sectors, &SectorSpec::tax_rate);
  d["sector_capacity_weight"] = field(sectors, &SectorSpec::capacity_weight);
  d["sector_impact"] = numbers(spec.shocks.pandemic.sector_impact);
  d["sector_is_supply"] = array_of<bool>(sectors.size(), [&](std::size_t j) {
    return sectors[j].type == regiosim::SectorType::Supply;
  });
  // 0 primary, 1 secondary, 2 tertiary (IndustryClass).
  d["sector_industry_class"] = array_of<int>(
      sectors.size(), [&](std::size_t j) { return static_cast<int>(sectors[j].industry_class); });
  // M5 mu_{j,t} and M8 mu_pi by year index (row 0, the base year, is never used).
  Eigen::MatrixXd tfp_drift(years, n);
  std::vector<double> inflation_mean(static_cast<std::size_t>(years));
  for (int t = 0; t < years; ++t) {
    for (int j = 0; j < n; ++j)
      tfp_drift(t, j) = model.tfp_drift(j, t);
    inflation_mean[static_cast<std::size_t>(t)] = model.inflation_mean(spec.base_year + t);
  }
  d["tfp_drift"] = tfp_drift;
  d["inflation_mean"] = numbers(inflation_mean);

  // The calibrated base year.
  d["base_value_added"] = base.value_added;
  d["base_capital"] = base.capital;
  d["base_investment"] = base.investment;
  d["base_employment"] = base.employment;
  d["base_log_tfp"] = base.log_tfp;
  d["base_fai_blocks"] = base.fai_blocks;
  d["base_public_capital"] = base.public_capital;
  d["base_population"] = base.population;
  d["base_population_previous"] = base.population_previous;
  d["employment_rate"] = base.employment_rate;
  d["base_tax_base"] = base.tax_base;
  d["land_tax_rate"] = base.land_tax_rate;
  d["base_government_transfers"] = base.government_transfers;
  d["base_household_transfers"] = base.household_transfers;
  d["base_labour_compensation"] = base.labour_compensation;
  d["base_disposable_income"] = base.disposable_income;
  d["base_consumption"] = base.consumption;
  d["base_retail_others"] = base.retail_others;
  d["lagged_driver_trend"] = base.lagged_driver_trend;
  d["base_final_demand"] = base.final_demand;
  d["base_drivers"] = numbers(base.drivers);
  d["base_gdp"] = spec.base.gdp;
  d["base_income_per_capita"] = spec.base.income_per_capita;
  d["base_retail_sales"] = spec.base.retail_sales;
  d["base_budget_revenue"] = spec.base.budget_revenue;
  d["base_urbanisation"] = spec.base.urbanisation;

  // M2-M4: FAI blocks, allocation s_{j|b} (blocks, sectors), time to build, public capital.
  using regiosim::InvestmentBlockSpec;
  d["block_growth_mean"] = field(blocks, &InvestmentBlockSpec::growth_mean);
  d["block_persistence"] = field(blocks, &InvestmentBlockSpec::persistence);
  d["block_volatility"] = field(blocks, &InvestmentBlockSpec::volatility);
  d["block_policy_reaction"] = field(blocks, &InvestmentBlockSpec::policy_reaction);
  Eigen::MatrixXd allocation(model.blocks(), n);
  for (int b = 0; b < model.blocks(); ++b) {
    for (int j = 0; j < n; ++j)
      allocation(b, j) =
          blocks[static_cast<std::size_t>(b)].allocation[static_cast<std::size_t>(j)];
  }
  d["block_allocation"] = allocation;
  d["conversion_share"] = spec.investment.conversion_share;
  d["build_weights"] = numbers(spec.investment.build_weights);
  d["initial_growth"] = spec.investment.initial_growth;
  d["investment_price_markup"] = spec.investment.price_markup;
  d["investment_price_volatility"] = spec.investment.price_volatility;
  d["investment_loading"] = spec.investment.shock_loading;
  d["public_capital_block"] = spec.investment.public_capital_block;
  d["public_capital_depreciation"] = spec.investment.public_capital_depreciation;
  d["public_capital_elasticity"] = spec.productivity.public_capital_elasticity;
  d["growth_target"] = spec.investment.growth_target;

  // M8 inflation, M9 population, M10 income, M11 retail and tourism, M12 revenue, M13 R&D.
  d["inflation_persistence"] = spec.prices.persistence;
  d["inflation_volatility"] = spec.prices.volatility;
  d["inflation_loading"] = spec.shocks.inflation_loading;
  d["base_inflation"] = spec.prices.base_inflation;
  d["utilisation_pass_through"] = spec.prices.utilisation_pass_through;
  d["natural_increase"] = spec.population.natural_increase;
  d["migration_mean"] = spec.population.migration_mean;
  d["migration_response"] = spec.population.migration_response;
  d["migration_volatility"] = spec.population.migration_volatility;
  d["migration_loading"] = spec.shocks.migration_loading;
  d["urbanisation_ceiling"] = spec.population.urbanisation_ceiling;
  d["urbanisation_speed"] = spec.population.urbanisation_speed;
  d["labour_reallocation"] = spec.population.labour_reallocation;
  d["migration_reference_growth"] = spec.population.reference_growth;
  d["income_tax_rate"] = spec.income.tax_rate;
  d["propensity_to_consume"] = spec.income.propensity_to_consume;
  d["income_transfer_real_growth"] = spec.income.transfer_real_growth;
  d["income_volatility"] = spec.income.volatility;
  d["income_loading"] = spec.shocks.income_loading;
  d["retail_drift"] = spec.retail.drift;
  d["retail_demand_elasticity"] = spec.retail.demand_elasticity;
  d["retail_tourism_elasticity"] = spec.retail.tourism_elasticity;
  d["retail_volatility"] = spec.retail.volatility;
  d["retail_loading"] = spec.shocks.retail_loading;
  d["tourism_base_visits"] = spec.tourism.base_visits;
  d["tourism_base_revenue"] = spec.tourism.base_revenue;
  d["tourism_visits_growth"] = spec.tourism.visits_growth;
  d["tourism_spend_real_growth"] = spec.tourism.spend_real_growth;
  d["tourism_volatility"] = spec.tourism.volatility;
  d["tourism_loading"] = spec.tourism.shock_loading;
  d["revenue_elasticity"] = spec.fiscal.elasticity;
  d["revenue_volatility"] = spec.fiscal.volatility;
  d["revenue_loading"] = spec.shocks.revenue_loading;
  d["property_block"] = spec.shocks.property_bust.block;
  d["government_transfer_real_growth"] = spec.fiscal.transfer_real_growth;
  d["rd_base_intensity"] = spec.rd.base_intensity;
  d["rd_trend"] = spec.rd.trend;
  d["rd_persistence"] = spec.rd.persistence;
  d["rd_volatility"] = spec.rd.volatility;

  // M7: the mixed model over the demand sectors D and supply sectors S (increasing sector index),
  // and final demand's driver weights gathered by BaseState::drivers slot (demand sectors, slots).
  const auto index_array = [](const std::vector<Eigen::Index>& indices) {
    return array_of<std::int64_t>(indices.size(), [&](std::size_t k) { return indices[k]; });
  };
  d["supply_sectors"] = index_array(mixed.supply_sectors());
  d["demand_sectors"] = index_array(mixed.demand_sectors());
  d["leontief_dd"] = mixed.leontief_dd();
  d["supply_to_demand"] = Eigen::MatrixXd(mixed.leontief_dd() * mixed.ar_ds());
  Eigen::MatrixXd driver_weights =
      Eigen::MatrixXd::Zero(mixed.demand_count(), static_cast<Eigen::Index>(base.drivers.size()));
  for (Eigen::Index k = 0; k < mixed.demand_count(); ++k) {
    const auto j = static_cast<std::size_t>(mixed.demand_sectors()[static_cast<std::size_t>(k)]);
    for (const regiosim::DemandWeight& w : spec.input_output.drivers[j])
      driver_weights(k, static_cast<Eigen::Index>(regiosim::driver_slot(w))) += w.weight;
  }
  d["driver_weights"] = driver_weights;

  // Section 8 satellites: psi_k, content (satellites, sectors) and how each is measured.
  using regiosim::SatelliteSpec;
  std::vector<std::string> ids;
  Eigen::MatrixXd content(model.satellites(), n);
  for (int k = 0; k < model.satellites(); ++k) {
    const SatelliteSpec& sat = satellites[static_cast<std::size_t>(k)];
    ids.push_back(sat.id);
    for (int j = 0; j < n; ++j)
      content(k, j) = sat.content[static_cast<std::size_t>(j)];
  }
  d["satellite_ids"] = ids;
  d["satellite_scale"] = base.satellite_scale;
  d["satellite_content"] = content;
  d["satellite_gross_output"] = array_of<bool>(satellites.size(), [&](std::size_t k) {
    return satellites[k].measure == regiosim::SatelliteMeasure::GrossOutput;
  });
  d["satellite_share_of_gdp"] = field(satellites, &SatelliteSpec::share_of_gdp);
  d["satellite_add_tourist_spending"] = field(satellites, &SatelliteSpec::add_tourist_spending);
  return d;
}

}  // namespace

PYBIND11_MODULE(_regiosim, m) {
  m.doc() = "regiosim engine bindings (private: use the regiosim package)";
  // As the CLI: no HDF5 cleanup from an exit handler, which crashed after a failed write. If h5py
  // has already started the same HDF5 library, this is refused and nothing changes.
  regiosim::disable_hdf5_exit_cleanup();
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
  m.attr("DEFAULT_BATCH_SIZE") = regiosim::RunOptions{}.batch_size;
  m.attr("QUANTILES") = std::vector<double>(std::begin(regiosim::QuantileTable::QUANTILES),
                                            std::end(regiosim::QuantileTable::QUANTILES));

  m.def("load_scenario", &regiosim::load_scenario, py::arg("path"), py::arg("overrides"));
  m.def("run", &run, py::arg("spec"), py::arg("paths"), py::arg("seed"), py::arg("threads"),
        py::arg("batch_size"), py::arg("parameter_sets"), py::arg("store"), py::arg("out"));
  m.def("audit", &audit, py::arg("spec"));
  m.def("multipliers", &multipliers, py::arg("spec"));
  m.def("model_arrays", &model_arrays, py::arg("spec"));
}
