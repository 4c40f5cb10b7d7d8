// The `input_output` block (MODEL.md M6-M7): the national coefficient table, the FLQ parameter and
// the final-demand drivers of each demand sector. The table is validated entry by entry so an error
// names the row, column and value where it was written.
#include <cmath>
#include <cstdio>
#include <map>

#include "regiosim/error.hpp"
#include "regiosim/input_output.hpp"
#include "regiosim/model.hpp"
#include "scenario/reader_support.hpp"
#include "scenario/scenario_validation.hpp"

namespace regiosim::scenario {

namespace {

using config::Bounds;

std::string number_text(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}
using config::MapReader;
using config::Node;

// The driver named by a final-demand key: a fixed name, or "investment_<block>" for one FAI block.
bool parse_driver(const std::string& key, const ScenarioSpec& spec, DemandWeight& out) {
  static const std::map<std::string, DemandDriver> NAMES = {
      {"investment", DemandDriver::Investment},
      {"household_consumption", DemandDriver::HouseholdConsumption},
      {"retail_sales", DemandDriver::RetailSales},
      {"tourist_spending", DemandDriver::TouristSpending},
      {"supply_output", DemandDriver::SupplyOutput},
      {"government", DemandDriver::Government}};
  const auto named = NAMES.find(key);
  if (named != NAMES.end()) {
    out.driver = named->second;
    out.block = -1;
    return true;
  }
  const std::string prefix = "investment_";
  if (key.rfind(prefix, 0) != 0) return false;
  for (std::size_t b = 0; b < spec.investment.blocks.size(); ++b) {
    if (spec.investment.blocks[b].name == key.substr(prefix.size())) {
      out.driver = DemandDriver::Investment;
      out.block = static_cast<int>(b);
      return true;
    }
  }
  return false;
}

std::vector<std::string> driver_names(const ScenarioSpec& spec) {
  std::vector<std::string> names = {"investment",       "household_consumption", "retail_sales",
                                    "tourist_spending", "supply_output",         "government"};
  for (const InvestmentBlockSpec& b : spec.investment.blocks)
    names.push_back("investment_" + b.name);
  return names;
}

void read_final_demand(MapReader& io, ScenarioSpec& spec) {
  MapReader r = io.map("final_demand");
  spec.input_output.drivers.assign(spec.sectors.size(), {});
  const std::vector<std::string> names = driver_names(spec);
  for (std::size_t j = 0; j < spec.sectors.size(); ++j) {
    const SectorSpec& sector = spec.sectors[j];
    if (sector.type != SectorType::Demand) continue;
    if (!r.has(sector.code)) {
      r.fail(sector.code, "demand sector " + sector.code +
                              " has no final-demand drivers (expected a map driver: weight, M7)");
    }
    MapReader weights = r.map(sector.code);
    std::vector<double> shares;
    for (const auto& entry : weights.node().entries()) {
      const std::string& key = entry.first;
      DemandWeight w;
      if (!parse_driver(key, spec, w)) continue;  // finish() reports it with a did-you-mean
      w.weight = weights.number(key, Bounds::unit());
      shares.push_back(w.weight);
      spec.input_output.drivers[j].push_back(w);
    }
    for (const std::string& name : names)
      weights.has(name);  // the known keys for finish()
    weights.finish();
    if (shares.empty()) r.fail(sector.code, "no drivers (expected at least one, M7)");
    check_sums_to_one(shares, r.at(sector.code), weights.key_path(), "driver weights");
  }
  // A supply sector listed here is an error: its output comes from M5, not from demand.
  for (const SectorSpec& sector : spec.sectors) {
    if (sector.type == SectorType::Supply && r.has(sector.code)) {
      r.fail(sector.code, "sector " + sector.code +
                              " is a supply sector (expected final-demand drivers only for "
                              "demand sectors, M7)");
    }
  }
  r.finish();
}

}  // namespace

void read_input_output(MapReader& root, ScenarioSpec& spec) {
  MapReader io = root.map("input_output");
  InputOutputSpec& out = spec.input_output;
  const auto n = static_cast<Eigen::Index>(spec.sectors.size());
  out.flq_delta =
      io.number("flq_delta", 0.15, Bounds{0.0, 1.0, false, false, "a number in [0, 1]"});

  MapReader national = io.map("national");
  national.string("source", "");
  const std::vector<double> va = national.number_list(
      "value_added", Bounds{1e-3, 1e9, false, false, "a value added in [0.001, 1e9] (1e8 yuan)"});
  if (static_cast<Eigen::Index>(va.size()) != n) {
    national.fail("value_added", "has " + std::to_string(va.size()) + " entries (expected " +
                                     std::to_string(n) + ", one per sector in sector order)");
  }
  out.national_value_added = Eigen::Map<const Eigen::VectorXd>(va.data(), n);
  out.national_coefficients = national.matrix("coefficients");
  Node& coefficients = national.at("coefficients");
  const std::string path = national.child_path("coefficients");
  if (out.national_coefficients.rows() != n || out.national_coefficients.cols() != n) {
    config::fail_at(coefficients, path,
                    "matrix is " + std::to_string(out.national_coefficients.rows()) + "x" +
                        std::to_string(out.national_coefficients.cols()) + " (expected " +
                        std::to_string(n) + "x" + std::to_string(n) +
                        ", rows and columns in sector order)");
  }
  if (const auto problem = check_coefficients(out.national_coefficients)) {
    // Point at the entry where the file has it (the matrix itself for whole-matrix problems).
    const Node* at = &coefficients;
    if (problem->row >= 0 && problem->column >= 0) {
      at = &coefficients.items()[static_cast<std::size_t>(problem->row)]
                .items()[static_cast<std::size_t>(problem->column)];
    }
    config::fail_at(*at, path, problem->message());
  }
  national.finish();
  // MODEL.md section 10: v_j = 1 - sum_i a_ij. The default matches the shared table's own check
  // ("to 1e-3"); the default scenario's rounded ratios are within 5e-5.
  const double tolerance =
      io.number("va_ratio_tolerance", 1e-3, Bounds{0.0, 1.0, true, false, "a tolerance in (0, 1]"});
  check_va_ratios(spec, tolerance, root.at("sectors"), root.child_path("sectors"));
  read_final_demand(io, spec);

  // The regional table must leave room for final demand: with M7 calibrated to the base year,
  // every demand sector's f_D must come out positive, and I - Ar_DD must be invertible.
  try {
    const InputOutputCalibration calibration = calibrate_input_output(spec);
    const auto& demand = calibration.mixed.demand_sectors();
    for (std::size_t k = 0; k < demand.size(); ++k) {
      const double f = calibration.final_demand[static_cast<Eigen::Index>(k)];
      if (f > 0) continue;
      const std::string& code = spec.sectors[static_cast<std::size_t>(demand[k])].code;
      config::fail_at(
          coefficients, path,
          "calibrated base-year final demand of " + code + " is " + number_text(f) +
              " (expected > 0: intermediate demand from the regional table already exceeds its "
              "output; check va_share, va_ratio, flq_delta or the coefficients, M7)");
    }
  } catch (const ModelError& e) {
    io.fail("national", std::string("the regional table cannot be solved: ") + e.what() +
                            " (expected I - Ar_DD invertible, M7)");
  }
  io.finish();
}

}  // namespace regiosim::scenario
