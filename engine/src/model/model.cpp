#include "regiosim/model.hpp"

#include <cmath>
#include <utility>

#include "model/elementary.hpp"
#include "regiosim/error.hpp"

namespace regiosim {

namespace {

// Real investment by sector, M3: I_j = kappa * sum_b s_{j|b} FAI_b / P^I.
Eigen::VectorXd sector_investment(const ScenarioSpec& spec, const Eigen::VectorXd& fai_blocks,
                                  double investment_price) {
  Eigen::VectorXd investment = Eigen::VectorXd::Zero(spec.sector_count());
  for (std::size_t b = 0; b < spec.investment.blocks.size(); ++b) {
    const auto& allocation = spec.investment.blocks[b].allocation;
    for (int j = 0; j < spec.sector_count(); ++j) {
      investment[j] +=
          allocation[static_cast<std::size_t>(j)] * fai_blocks[static_cast<Eigen::Index>(b)];
    }
  }
  return spec.investment.conversion_share * investment / investment_price;
}

}  // namespace

InputOutputCalibration calibrate_input_output(const ScenarioSpec& s) {
  const int n = s.sector_count();
  Eigen::VectorXd value_added(n), va_ratio(n);
  std::vector<bool> is_supply(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) {
    const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
    value_added[j] = sector.va_share * s.base.gdp;
    va_ratio[j] = sector.va_ratio;
    is_supply[static_cast<std::size_t>(j)] = sector.type == SectorType::Supply;
  }
  const InputOutputSpec& io = s.input_output;
  // M6: Flegg's location quotient with lambda from the region's size relative to the nation.
  Eigen::VectorXd slq = simple_location_quotients(value_added, io.national_value_added);
  const double lambda = flq_lambda(s.base.gdp / io.national_value_added.sum(), io.flq_delta);
  Eigen::MatrixXd regional = flq_regional_coefficients(io.national_coefficients, slq, lambda);
  MixedInputOutput mixed(regional, is_supply);
  // M7 calibration: gross output X = VA / v, and the f_D that reproduces the demand sectors' X.
  const Eigen::VectorXd gross_output = value_added.cwiseQuotient(va_ratio);
  Eigen::VectorXd x_supply(mixed.supply_count()), x_demand(mixed.demand_count());
  for (Eigen::Index k = 0; k < mixed.supply_count(); ++k)
    x_supply[k] = gross_output[mixed.supply_sectors()[static_cast<std::size_t>(k)]];
  for (Eigen::Index k = 0; k < mixed.demand_count(); ++k)
    x_demand[k] = gross_output[mixed.demand_sectors()[static_cast<std::size_t>(k)]];
  Eigen::VectorXd final_demand = mixed.calibrate_final_demand(x_supply, x_demand);
  return {std::move(slq),   lambda,       std::move(regional),
          std::move(mixed), gross_output, std::move(final_demand)};
}

Model::Model(ScenarioSpec spec) : spec_(std::move(spec)), io_(calibrate_input_output(spec_)) {
  const ScenarioSpec& s = spec_;
  const int n = s.sector_count();
  const BaseYearData& data = s.base;

  // M2: FAI blocks in the base year.
  base_.fai_blocks.resize(blocks());
  for (int b = 0; b < blocks(); ++b) {
    base_.fai_blocks[b] = s.investment.blocks[static_cast<std::size_t>(b)].base_share * data.fai;
  }
  // M3-M4: investment, and capital from the sectors' capital-output ratios, K = k Y (not the
  // steady state I / (g + delta), which would make capital growth independent of the allocation).
  base_.investment = sector_investment(s, base_.fai_blocks, 1.0);
  base_.capital.resize(n);
  for (int j = 0; j < n; ++j) {
    const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
    base_.capital[j] = sector.capital_output_ratio * sector.va_share * data.gdp;
  }
  const double public_investment =
      s.investment.conversion_share * base_.fai_blocks[s.investment.public_capital_block];
  base_.public_capital =
      public_investment / (s.investment.initial_growth + s.investment.public_capital_depreciation);

  // M9: population from GDP and GDP per capita, so both base figures hold exactly; employment from
  // labour productivity (1e4 yuan per person): L = GDP * 1e8 / (productivity * 1e4).
  base_.population = data.gdp * 1e8 / data.gdp_per_capita;
  base_.population_previous =
      base_.population / (1.0 + s.population.natural_increase + s.population.migration_mean);
  const double employment_total = data.gdp * 1e8 / (data.labour_productivity * 1e4);
  base_.employment_rate = employment_total / (0.5 * (base_.population + base_.population_previous));

  // Sector employment: proportional to labour intensity times VA (equal wages per unit of labour
  // intensity, an assumption until local employment data arrive).
  base_.value_added.resize(n);
  base_.employment.resize(n);
  double weight_sum = 0;
  for (int j = 0; j < n; ++j) {
    const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
    base_.value_added[j] = sector.va_share * data.gdp;
    base_.employment[j] = sector.labour_intensity * sector.va_share;
    weight_sum += base_.employment[j];
  }
  base_.employment *= employment_total / weight_sum;

  // M5: ln A calibrated so Y = A K^alpha L^(1-alpha) holds exactly in the base year.
  base_.log_tfp.resize(n);
  base_.tax_base = 0;
  for (int j = 0; j < n; ++j) {
    const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
    const double alpha = sector.capital_share;
    base_.log_tfp[j] = std::log(base_.value_added[j]) - alpha * std::log(base_.capital[j]) -
                       (1.0 - alpha) * std::log(base_.employment[j]);
    base_.tax_base += sector.tax_rate * base_.value_added[j];  // M12, prices = 1 in the base year
  }

  // M12: the property-transaction term is land_tax_share of the base (tau_L from it), and
  // government spending GS = R / (1 - chi) of which TG = chi GS are transfers from above.
  const double property_sales = base_.fai_blocks[s.shocks.property_bust.block];
  const double land_share = s.fiscal.land_tax_share;
  base_.land_tax_rate = land_share / (1.0 - land_share) * base_.tax_base / property_sales;
  base_.tax_base += base_.land_tax_rate * property_sales;
  const double government_spending = data.budget_revenue / (1.0 - s.fiscal.transfer_share);
  base_.government_transfers = s.fiscal.transfer_share * government_spending;
  // M10: disposable income YD = N y; labour compensation W = sum_j (1 - alpha_j) Y_j; the
  // transfers and other net income TR are the residual (negative when residents earn less than
  // the district's labour compensation, e.g. commuters from outside).
  base_.disposable_income = base_.population * data.income_per_capita / 1e8;
  double labour_compensation = 0;
  for (int j = 0; j < n; ++j) {
    labour_compensation +=
        (1.0 - s.sectors[static_cast<std::size_t>(j)].capital_share) * base_.value_added[j];
  }
  base_.labour_compensation = labour_compensation;
  base_.household_transfers =
      base_.disposable_income - (1.0 - s.income.tax_rate) * labour_compensation;
  base_.consumption = s.income.propensity_to_consume * base_.disposable_income;
  base_.retail_others = data.retail_sales - base_.consumption;  // >= 0, checked by the loader
  base_.lagged_driver_trend = elementary::exp(
      s.population.natural_increase + s.population.migration_mean + s.population.reference_growth);

  // M7: gross output and final demand by sector.
  base_.gross_output = io_.gross_output;
  base_.final_demand = Eigen::VectorXd::Zero(n);
  const auto& demand = io_.mixed.demand_sectors();
  for (std::size_t k = 0; k < demand.size(); ++k) {
    base_.final_demand[demand[k]] = io_.final_demand[static_cast<Eigen::Index>(k)];
  }
  // Base-year values of the final-demand drivers (M7); all prices are 1 in the base year.
  base_.drivers.assign(DRIVER_BLOCKS + s.investment.blocks.size(), 0.0);
  base_.drivers[static_cast<std::size_t>(DemandDriver::Investment)] = data.fai;
  base_.drivers[static_cast<std::size_t>(DemandDriver::HouseholdConsumption)] = base_.consumption;
  base_.drivers[static_cast<std::size_t>(DemandDriver::RetailSales)] = data.retail_sales;
  base_.drivers[static_cast<std::size_t>(DemandDriver::TouristSpending)] = s.tourism.base_revenue;
  for (int j = 0; j < n; ++j) {
    if (s.sectors[static_cast<std::size_t>(j)].type == SectorType::Supply) {
      base_.drivers[static_cast<std::size_t>(DemandDriver::SupplyOutput)] += base_.value_added[j];
    }
  }
  base_.drivers[static_cast<std::size_t>(DemandDriver::Government)] = government_spending;
  for (int b = 0; b < blocks(); ++b)
    base_.drivers[DRIVER_BLOCKS + static_cast<std::size_t>(b)] = base_.fai_blocks[b];

  // Section 8: psi_k makes each satellite's base year equal the plan's base.
  base_.satellite_scale = Eigen::VectorXd::Ones(satellites());
  base_.satellite_sectors.resize(static_cast<std::size_t>(satellites()));
  for (int k = 0; k < satellites(); ++k) {
    const SatelliteSpec& sat = s.satellites[static_cast<std::size_t>(k)];
    std::vector<int>& sectors = base_.satellite_sectors[static_cast<std::size_t>(k)];
    for (int j = 0; j < n; ++j) {
      if (sat.content[static_cast<std::size_t>(j)] != 0) sectors.push_back(j);
    }
    if (!sat.base) continue;
    base_.satellite_scale[k] =
        *sat.base / satellite_value(sat, sectors, base_.value_added, base_.gross_output,
                                    Eigen::VectorXd::Ones(n), s.tourism.base_revenue, data.gdp);
  }

  if (s.shocks.correlation) {
    // S with S S' = C for a positive semi-definite C: V diag(sqrt(max(lambda, 0))) from the
    // symmetric eigendecomposition (a Cholesky factor would fail on a singular C).
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(*s.shocks.correlation);
    const Eigen::VectorXd root = eigen.eigenvalues().cwiseMax(0.0).cwiseSqrt();
    correlation_factor_ = eigen.eigenvectors() * root.asDiagonal();
  }

  urbanisation_decay_ = elementary::exp(-s.population.urbanisation_speed);
  bust_revenue_factor_ = elementary::exp(s.shocks.property_bust.revenue_impact);

  // M5: mu_{j,t} = d_R + mu_LR + (mu_j - mu_LR) exp(-(year - (base + 1)) / tau), d_R the
  // region's drift relative to the sector drifts (what `calibrate` estimates from real growth).
  tfp_drift_.resize(n, years());
  for (int j = 0; j < n; ++j) {
    const double mu_j = s.sectors[static_cast<std::size_t>(j)].tfp_drift;
    const double mu_lr = s.productivity.long_run_drift;
    tfp_drift_(j, 0) = 0;
    for (int t = 1; t < years(); ++t) {
      tfp_drift_(j, t) = s.productivity.regional_drift + mu_lr +
                         (mu_j - mu_lr) * std::exp(-(t - 1) / s.productivity.convergence_years);
    }
  }
}

double satellite_value(const SatelliteSpec& sat, const std::vector<int>& sectors,
                       const Eigen::VectorXd& value_added, const Eigen::VectorXd& gross_output,
                       const Eigen::VectorXd& prices, double tourist_spending, double gdp_nominal) {
  const Eigen::VectorXd& measure =
      sat.measure == SatelliteMeasure::ValueAdded ? value_added : gross_output;
  double value = 0;
  for (const int j : sectors)
    value += sat.content[static_cast<std::size_t>(j)] * prices[j] * measure[j];
  if (sat.add_tourist_spending) value += tourist_spending;
  return sat.share_of_gdp ? value / gdp_nominal : value;
}

double Model::inflation_mean(int year) const {
  double mean = spec_.prices.inflation_mean.front().mean;
  for (const InflationRegime& regime : spec_.prices.inflation_mean) {
    if (year >= regime.from_year) mean = regime.mean;
  }
  return mean;
}

double Model::tfp_drift(int sector, int t) const {
  return tfp_drift_(sector, t);
}

}  // namespace regiosim
