#include "regiosim/multipliers.hpp"

#include <charconv>
#include <stdexcept>

#include "regiosim/error.hpp"
#include "regiosim/input_output.hpp"

namespace regiosim {

namespace {

// Four significant digits: enough to see how far a radius is above 1.
std::string number(double x) {
  char buffer[32];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::general, 4);
  return std::string(buffer, result.ptr);
}

}  // namespace

HouseholdClosure household_closure(const ScenarioSpec& spec, const BaseState& base) {
  const int n = spec.sector_count();
  HouseholdClosure households{Eigen::VectorXd(n), Eigen::VectorXd::Zero(n)};
  for (int j = 0; j < n; ++j) {
    const SectorSpec& sector = spec.sectors[static_cast<std::size_t>(j)];
    households.income[j] =
        (1.0 - spec.income.tax_rate) * (1.0 - sector.capital_share) * sector.va_ratio;
  }
  // The household parts w_i f_i,2020 of the demand sectors' base-year final demand (M7); supply
  // sectors have no drivers and keep 0.
  const std::vector<std::vector<DemandWeight>>& drivers = spec.input_output.drivers;
  for (std::size_t i = 0; i < drivers.size(); ++i) {
    for (const DemandWeight& w : drivers[i]) {
      if (w.driver != DemandDriver::HouseholdConsumption) continue;
      const auto k = static_cast<Eigen::Index>(i);
      households.spending[k] += w.weight * base.final_demand[k];
    }
  }
  const double total = households.spending.sum();
  if (total > 0) households.spending *= spec.income.propensity_to_consume / total;
  return households;
}

RegionalMultipliers regional_multipliers(const Eigen::MatrixXd& ar,
                                         const HouseholdClosure& households,
                                         const Eigen::VectorXd& va_ratio,
                                         const Eigen::VectorXd& employment_per_output,
                                         const Eigen::VectorXd& tax_rate) {
  const Eigen::Index n = ar.rows();
  if (ar.cols() != n || households.income.size() != n || households.spending.size() != n ||
      va_ratio.size() != n || employment_per_output.size() != n || tax_rate.size() != n) {
    throw std::invalid_argument("regional_multipliers: Ar, h, c, v, e and tau differ in size");
  }
  RegionalMultipliers m;
  m.leontief = leontief_inverse(ar);
  Eigen::MatrixXd closed = Eigen::MatrixXd::Zero(n + 1, n + 1);
  closed.topLeftCorner(n, n) = ar;
  closed.topRightCorner(n, 1) = households.spending;
  closed.bottomLeftCorner(1, n) = households.income.transpose();
  m.radius_closed = spectral_radius(closed);
  if (m.radius_closed >= 1) {
    // The Schur complement 1 - h' Lr c of I - Abar is what turns non-positive: the economic cause.
    const double round_trip = households.income.dot(m.leontief * households.spending);
    throw ModelError(
        "the regional table closed with households is not productive: spectral radius " +
        number(m.radius_closed) +
        " >= 1, a unit of household spending returns h' Lr c = " + number(round_trip) +
        " units of disposable income (expected < 1: a lower income.propensity_to_consume, a "
        "higher income.tax_rate or capital_share, or va_ratio no larger than 1 - the column sum "
        "of the coefficients; MODEL.md M6, M10)");
  }
  m.closed = leontief_inverse(closed);
  // Multipliers count the n sectors' rows of Lbar; the household row is income, not output.
  const Eigen::MatrixXd sectors = m.closed.topLeftCorner(n, n);
  const Eigen::VectorXd tax_base = tax_rate.cwiseProduct(va_ratio);  // tau_j v_j (M12)
  m.output_i = output_multipliers(m.leontief);
  m.output_ii = output_multipliers(sectors);
  m.value_added_i = value_added_multipliers(m.leontief, va_ratio);
  m.value_added_ii = value_added_multipliers(sectors, va_ratio);
  m.employment_i = value_added_multipliers(m.leontief, employment_per_output);
  m.employment_ii = value_added_multipliers(sectors, employment_per_output);
  m.revenue_i = value_added_multipliers(m.leontief, tax_base);
  m.revenue_ii = value_added_multipliers(sectors, tax_base);
  return m;
}

MultiplierReport multiplier_report(const ScenarioSpec& spec) {
  const Model model(spec);
  const InputOutputCalibration& io = model.input_output();
  const BaseState& base = model.base();
  const Eigen::MatrixXd& national = spec.input_output.national_coefficients;
  MultiplierReport report;
  report.scenario = spec.metadata.name;
  report.flq_delta = spec.input_output.flq_delta;
  report.lambda = io.lambda;
  report.radius_national = spectral_radius(national);
  report.radius_regional = spectral_radius(io.regional);
  report.propensity_to_consume = spec.income.propensity_to_consume;
  report.income_tax_rate = spec.income.tax_rate;
  report.leontief_national = leontief_inverse(national);

  const int n = spec.sector_count();
  Eigen::VectorXd va_ratio(n), tax_rate(n);
  for (int j = 0; j < n; ++j) {
    va_ratio[j] = spec.sectors[static_cast<std::size_t>(j)].va_ratio;
    tax_rate[j] = spec.sectors[static_cast<std::size_t>(j)].tax_rate;
  }
  // e_j: base-year persons employed per 亿元 of gross output (M9 employment, M7 X = Y / v).
  const Eigen::VectorXd employment_per_output = base.employment.cwiseQuotient(base.gross_output);
  const HouseholdClosure households = household_closure(spec, base);
  RegionalMultipliers regional;
  try {
    regional =
        regional_multipliers(io.regional, households, va_ratio, employment_per_output, tax_rate);
  } catch (const ModelError& e) {
    // The scenario's values cause it (the loader has already checked Ar), so it is invalid input;
    // no single key is at fault, so no line.
    throw ConfigError({spec.source_file, 0, 0}, "income.propensity_to_consume", e.what());
  }
  report.radius_closed = regional.radius_closed;
  report.leontief_regional = regional.leontief;
  report.leontief_closed = regional.closed;

  const Eigen::VectorXd output_national = output_multipliers(report.leontief_national);
  const Eigen::VectorXd va_national = value_added_multipliers(report.leontief_national, va_ratio);
  const Eigen::VectorXd demand_block = output_multipliers(io.mixed.leontief_dd());
  for (int j = 0; j < n; ++j) {
    const SectorSpec& sector = spec.sectors[static_cast<std::size_t>(j)];
    MultiplierSector row;
    row.code = sector.code;
    row.type = to_string(sector.type);
    row.slq = io.location_quotients[j];
    row.output_national = output_national[j];
    row.output_regional = regional.output_i[j];
    row.value_added_national = va_national[j];
    row.value_added_regional = regional.value_added_i[j];
    row.household_income = households.income[j];
    row.household_spending = households.spending[j];
    row.employment_per_output = employment_per_output[j];
    row.output_type_ii = regional.output_ii[j];
    row.output_ratio = regional.output_ii[j] / regional.output_i[j];
    row.value_added_type_ii = regional.value_added_ii[j];
    row.employment_type_i = regional.employment_i[j];
    row.employment_type_ii = regional.employment_ii[j];
    row.revenue_type_i = regional.revenue_i[j];
    row.revenue_type_ii = regional.revenue_ii[j];
    report.sectors.push_back(std::move(row));
  }
  const std::vector<Eigen::Index>& demand = io.mixed.demand_sectors();
  for (std::size_t k = 0; k < demand.size(); ++k) {
    report.sectors[static_cast<std::size_t>(demand[k])].demand_block_column_sum =
        demand_block[static_cast<Eigen::Index>(k)];
  }
  return report;
}

}  // namespace regiosim
