#include "regiosim/model.hpp"

#include <cmath>
#include <utility>

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

Model::Model(ScenarioSpec spec) : spec_(std::move(spec)) {
  const ScenarioSpec& s = spec_;
  const int n = s.sector_count();
  const BaseYearData& data = s.base;

  // M2: FAI blocks in the base year.
  base_.fai_blocks.resize(blocks());
  for (int b = 0; b < blocks(); ++b) {
    base_.fai_blocks[b] = s.investment.blocks[static_cast<std::size_t>(b)].base_share * data.fai;
  }
  // M3-M4: investment and steady-state perpetual-inventory capital, K = I / (g_I + delta).
  base_.investment = sector_investment(s, base_.fai_blocks, 1.0);
  base_.capital.resize(n);
  for (int j = 0; j < n; ++j) {
    base_.capital[j] = base_.investment[j] / (s.investment.initial_growth +
                                              s.sectors[static_cast<std::size_t>(j)].depreciation);
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
  base_.supply_value_added = 0;
  base_.tax_base = 0;
  for (int j = 0; j < n; ++j) {
    const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
    const double alpha = sector.capital_share;
    base_.log_tfp[j] = std::log(base_.value_added[j]) - alpha * std::log(base_.capital[j]) -
                       (1.0 - alpha) * std::log(base_.employment[j]);
    if (sector.type == SectorType::Supply) base_.supply_value_added += base_.value_added[j];
    base_.tax_base += sector.tax_rate * base_.value_added[j];  // M12, prices = 1 in the base year
  }

  if (s.shocks.correlation) {
    // S with S S' = C for a positive semi-definite C: V diag(sqrt(max(lambda, 0))) from the
    // symmetric eigendecomposition (a Cholesky factor would fail on a singular C).
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(*s.shocks.correlation);
    const Eigen::VectorXd root = eigen.eigenvalues().cwiseMax(0.0).cwiseSqrt();
    correlation_factor_ = eigen.eigenvectors() * root.asDiagonal();
  }

  // M5: mu_{j,t} = mu_LR + (mu_j - mu_LR) exp(-(year - (base + 1)) / tau).
  tfp_drift_.resize(n, years());
  for (int j = 0; j < n; ++j) {
    const double mu_j = s.sectors[static_cast<std::size_t>(j)].tfp_drift;
    const double mu_lr = s.productivity.long_run_drift;
    tfp_drift_(j, 0) = 0;
    for (int t = 1; t < years(); ++t) {
      tfp_drift_(j, t) =
          mu_lr + (mu_j - mu_lr) * std::exp(-(t - 1) / s.productivity.convergence_years);
    }
  }
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
