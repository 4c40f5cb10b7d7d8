#include "regiosim/path_simulator.hpp"

#include <cmath>
#include <string>

#include "regiosim/error.hpp"
#include "regiosim/random_stream.hpp"

namespace regiosim {

namespace {

// Innovation with loading `b` on the regional factor f and the rest idiosyncratic: unit variance.
inline double loaded(double b, double f, double own) {
  return b * f + std::sqrt(1.0 - b * b) * own;
}

[[noreturn]] void not_finite(std::uint64_t path, int year, const std::string& sector, Var var,
                             double value) {
  throw ModelError("path " + std::to_string(path) + ", year " + std::to_string(year) +
                   (sector.empty() ? std::string() : ", sector " + sector) + ", variable " +
                   std::string(info(var).name) + ": value " + std::to_string(value) +
                   " is not finite (MODEL.md section 10)");
}

}  // namespace

PathSimulator::PathSimulator(const Model& model) : model_(model) {
  const int n = model.sectors();
  const int lags = static_cast<int>(model.spec().investment.build_weights.size());
  group_factor_.resize(model.groups());
  sector_noise_.resize(n);
  correlated_noise_.resize(n);
  price_noise_.resize(n);
  block_noise_.resize(model.blocks());
  shock_.resize(n);
  log_tfp_.resize(n);
  capital_.resize(n);
  value_added_.resize(n);
  log_value_added_.resize(n);
  price_.resize(n);
  labour_share_.resize(n);
  employment_.resize(n);
  growth_previous_.resize(n);
  fai_block_.resize(model.blocks());
  dln_fai_block_.resize(model.blocks());
  investment_history_.resize(n, lags);
  public_investment_history_.resize(lags);
  build_weights_ =
      Eigen::Map<const Eigen::VectorXd>(model.spec().investment.build_weights.data(), lags);
}

void PathSimulator::simulate(std::uint64_t seed, std::uint32_t design_point, std::uint64_t path,
                             TrajectoryBatch& out, std::size_t slot) {
  const ScenarioSpec& s = model_.spec();
  const BaseState& base = model_.base();
  const int n = model_.sectors();
  const int years = model_.years();
  const int lags = static_cast<int>(build_weights_.size());
  const RandomStream rng(seed, path, design_point);

  // ---- base year (t = 0): the calibrated state, reproducing the scenario's base data exactly ----
  shock_.setZero();
  log_tfp_ = base.log_tfp;
  capital_ = base.capital;
  value_added_ = base.value_added;
  log_value_added_ = value_added_.array().log();
  price_.setOnes();
  employment_ = base.employment;
  labour_share_ = employment_ / employment_.sum();
  growth_previous_.setZero();
  fai_block_ = base.fai_blocks;
  for (int b = 0; b < model_.blocks(); ++b)
    dln_fai_block_[b] = s.investment.blocks[static_cast<std::size_t>(b)].growth_mean;
  // Pre-sample investment grows at g_I, as in the steady-state capital start (M4).
  const double public_investment_0 =
      s.investment.conversion_share * base.fai_blocks[s.investment.public_capital_block];
  for (int lag = 0; lag < lags; ++lag) {
    const double discount = std::pow(1.0 + s.investment.initial_growth, -lag);
    investment_history_.col(lag) = base.investment * discount;
    public_investment_history_[lag] = public_investment_0 * discount;
  }
  double public_capital = base.public_capital;
  double investment_price = 1.0;
  double inflation = s.prices.base_inflation;
  double population = base.population;
  double population_previous = base.population_previous;
  double urbanisation = s.base.urbanisation;
  double income = s.base.income_per_capita;
  double retail = s.base.retail_sales;
  double revenue = s.base.budget_revenue;
  double tax_base = base.tax_base;
  double gdp_nominal = s.base.gdp;
  double gdp_real = s.base.gdp;
  double gdp_per_capita_growth = s.income.reference_growth;  // no gap before the first year (M9)
  double real_growth = s.investment.growth_target;  // no shortfall before the first year (M2)
  double tourism_nominal = 0;
  for (int j : s.retail.tourism_sectors)
    tourism_nominal += value_added_[j];

  double* gdp_nominal_out = out.path_data(Var::GdpNominal, slot);
  double* gdp_real_out = out.path_data(Var::GdpReal, slot);
  double* deflator_out = out.path_data(Var::GdpDeflator, slot);
  double* gdp_pc_out = out.path_data(Var::GdpPerCapita, slot);
  double* population_out = out.path_data(Var::Population, slot);
  double* employment_total_out = out.path_data(Var::EmploymentTotal, slot);
  double* productivity_out = out.path_data(Var::LabourProductivity, slot);
  double* fai_out = out.path_data(Var::FaiNominal, slot);
  double* income_out = out.path_data(Var::IncomePerCapita, slot);
  double* urbanisation_out = out.path_data(Var::Urbanisation, slot);
  double* inflation_out = out.path_data(Var::Inflation, slot);
  double* retail_out = out.path_data(Var::RetailSales, slot);
  double* revenue_out = out.path_data(Var::BudgetRevenue, slot);
  double* primary_out = out.path_data(Var::PrimaryShare, slot);
  double* secondary_out = out.path_data(Var::SecondaryShare, slot);
  double* tertiary_out = out.path_data(Var::TertiaryShare, slot);
  double* va_real_out = out.path_data(Var::ValueAddedReal, slot);
  double* va_nominal_out = out.path_data(Var::ValueAddedNominal, slot);
  double* capital_out = out.path_data(Var::Capital, slot);
  double* employment_out = out.path_data(Var::Employment, slot);
  double* price_out = out.path_data(Var::Price, slot);

  for (int t = 0; t < years; ++t) {
    const int year = s.base_year + t;
    if (t > 0) {
      const auto ut = static_cast<std::uint64_t>(t);
      // ---- M1: factor shocks ----
      const double f = rng.normal(Stream::RegionalFactor, ut);
      rng.normals(Stream::GroupFactor, ut * static_cast<std::uint64_t>(model_.groups()),
                  group_factor_.data(), static_cast<std::size_t>(model_.groups()));
      rng.normals(Stream::SectorShock, ut * static_cast<std::uint64_t>(n), sector_noise_.data(),
                  static_cast<std::size_t>(n));
      if (model_.has_correlation())
        correlated_noise_.noalias() = model_.correlation_factor() * sector_noise_;
      for (int j = 0; j < n; ++j) {
        const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
        double innovation;
        if (model_.has_correlation()) {
          innovation = correlated_noise_[j];
        } else {
          const double b = sector.loading_regional;
          const double c = sector.loading_group;
          innovation = b * f + c * group_factor_[sector.shock_group] +
                       std::sqrt(1.0 - b * b - c * c) * sector_noise_[j];
        }
        shock_[j] = sector.volatility * innovation + s.shocks.persistence * shock_[j];
      }

      // ---- M8: inflation and sector prices ----
      const double mu_pi = model_.inflation_mean(year);
      inflation = mu_pi + s.prices.persistence * (inflation - mu_pi) +
                  s.prices.volatility *
                      loaded(s.shocks.inflation_loading, f, rng.normal(Stream::Inflation, ut));
      rng.normals(Stream::SectorPrice, ut * static_cast<std::uint64_t>(n), price_noise_.data(),
                  static_cast<std::size_t>(n));
      for (int j = 0; j < n; ++j) {
        const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
        price_[j] *=
            std::exp(inflation + sector.price_drift + sector.price_volatility * price_noise_[j]);
      }
      // M3: investment price, dln P^I = pi + markup + noise.
      investment_price *=
          std::exp(inflation + s.investment.price_markup +
                   s.investment.price_volatility * rng.normal(Stream::InvestmentPrice, ut));

      // ---- M2: FAI blocks ----
      rng.normals(Stream::Investment, ut * static_cast<std::uint64_t>(model_.blocks()),
                  block_noise_.data(), static_cast<std::size_t>(model_.blocks()));
      const double shortfall = std::max(0.0, s.investment.growth_target - real_growth);
      for (int b = 0; b < model_.blocks(); ++b) {
        const InvestmentBlockSpec& block = s.investment.blocks[static_cast<std::size_t>(b)];
        dln_fai_block_[b] =
            block.growth_mean + block.persistence * (dln_fai_block_[b] - block.growth_mean) +
            block.policy_reaction * shortfall +
            block.volatility * loaded(s.investment.shock_loading, f, block_noise_[b]);
        fai_block_[b] *= std::exp(dln_fai_block_[b]);
      }

      // ---- M3-M4: real investment, time-to-build, capital ----
      for (int lag = lags - 1; lag > 0; --lag) {
        investment_history_.col(lag) = investment_history_.col(lag - 1);
        public_investment_history_[lag] = public_investment_history_[lag - 1];
      }
      investment_history_.col(0).setZero();
      for (int b = 0; b < model_.blocks(); ++b) {
        const auto& allocation = s.investment.blocks[static_cast<std::size_t>(b)].allocation;
        const double real_block = s.investment.conversion_share * fai_block_[b] / investment_price;
        for (int j = 0; j < n; ++j)
          investment_history_(j, 0) += allocation[static_cast<std::size_t>(j)] * real_block;
      }
      public_investment_history_[0] = s.investment.conversion_share *
                                      fai_block_[s.investment.public_capital_block] /
                                      investment_price;
      for (int j = 0; j < n; ++j) {
        capital_[j] = (1.0 - s.sectors[static_cast<std::size_t>(j)].depreciation) * capital_[j] +
                      investment_history_.row(j).dot(build_weights_);
      }
      const double public_capital_previous = public_capital;
      public_capital = (1.0 - s.investment.public_capital_depreciation) * public_capital +
                       public_investment_history_.dot(build_weights_);
      const double dln_public_capital = std::log(public_capital / public_capital_previous);

      // ---- M9: population, labour, urbanisation ----
      const double migration =
          s.population.migration_mean +
          s.population.migration_response * (gdp_per_capita_growth - s.income.reference_growth) +
          s.population.migration_volatility *
              loaded(s.shocks.migration_loading, f, rng.normal(Stream::Migration, ut));
      population_previous = population;
      population *= 1.0 + s.population.natural_increase + migration;
      urbanisation =
          s.population.urbanisation_ceiling - (s.population.urbanisation_ceiling - urbanisation) *
                                                  std::exp(-s.population.urbanisation_speed);
      // Labour shares drift toward sectors that grew faster than average last year.
      const double mean_growth = labour_share_.dot(growth_previous_);
      for (int j = 0; j < n; ++j) {
        labour_share_[j] *=
            std::exp(s.population.labour_reallocation * (growth_previous_[j] - mean_growth));
      }
      labour_share_ /= labour_share_.sum();
      employment_ =
          labour_share_ * (base.employment_rate * 0.5 * (population + population_previous));

      // ---- M5: supply sectors; demand sectors by the placeholder (until M6-M7) ----
      double supply_value_added = 0;
      for (int j = 0; j < n; ++j) {
        const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
        if (sector.type != SectorType::Supply) continue;
        log_tfp_[j] += model_.tfp_drift(j, t) +
                       s.productivity.public_capital_elasticity * dln_public_capital + shock_[j];
        const double alpha = sector.capital_share;
        const double log_y =
            log_tfp_[j] + alpha * std::log(capital_[j]) + (1.0 - alpha) * std::log(employment_[j]);
        growth_previous_[j] = log_y - log_value_added_[j];
        log_value_added_[j] = log_y;
        value_added_[j] = std::exp(log_y);
        // Checked here, where it arises: the demand sectors below inherit any overflow.
        if (!std::isfinite(value_added_[j])) {
          not_finite(path, year, sector.code, Var::ValueAddedReal, value_added_[j]);
        }
        supply_value_added += value_added_[j];
      }
      // PLACEHOLDER (replaced by the mixed input-output model M6-M7): demand-sector real VA follows
      // real supply-sector VA with elasticity eta, times the M1 final-demand shock exp(u_j).
      const double supply_ratio_log = std::log(supply_value_added / base.supply_value_added);
      for (int j = 0; j < n; ++j) {
        if (s.sectors[static_cast<std::size_t>(j)].type != SectorType::Demand) continue;
        const double log_y = std::log(base.value_added[j]) +
                             s.demand_placeholder.output_elasticity * supply_ratio_log + shock_[j];
        growth_previous_[j] = log_y - log_value_added_[j];
        log_value_added_[j] = log_y;
        value_added_[j] = std::exp(log_y);
      }

      // ---- M8: nominal GDP, chain-linked real growth with previous-year nominal weights ----
      const double gdp_nominal_previous = gdp_nominal;
      real_growth = 0;
      for (int j = 0; j < n; ++j)
        real_growth += va_nominal_out[(t - 1) * n + j] / gdp_nominal_previous * growth_previous_[j];
      gdp_real *= std::exp(real_growth);
      gdp_nominal = price_.dot(value_added_);
      const double gdp_per_capita_previous = gdp_pc_out[t - 1];
      gdp_per_capita_growth = std::log(gdp_nominal * 1e8 / population / gdp_per_capita_previous);

      // ---- M10: nominal disposable income per capita ----
      income *= std::exp(
          s.income.growth_mean +
          s.income.gdp_elasticity * (gdp_per_capita_growth - s.income.reference_growth) +
          s.income.volatility * loaded(s.shocks.income_loading, f, rng.normal(Stream::Income, ut)));

      // ---- M11: retail sales: household spending, regional demand and the tourism proxy ----
      double tourism_now = 0;
      for (int j : s.retail.tourism_sectors)
        tourism_now += price_[j] * value_added_[j];
      const double dln_households =
          std::log(population / population_previous) + std::log(income / income_out[t - 1]);
      const double dln_tourism =
          tourism_nominal > 0 ? std::log(tourism_now / tourism_nominal) : 0.0;
      tourism_nominal = tourism_now;
      retail *= std::exp(s.retail.income_elasticity * dln_households +
                         s.retail.demand_elasticity * std::log(gdp_nominal / gdp_nominal_previous) +
                         s.retail.tourism_elasticity * dln_tourism +
                         s.retail.volatility *
                             loaded(s.shocks.retail_loading, f, rng.normal(Stream::Retail, ut)));

      // ---- M12: budget revenue from the tax base with elasticity eps_R ----
      double tax_base_now = 0;
      for (int j = 0; j < n; ++j)
        tax_base_now +=
            s.sectors[static_cast<std::size_t>(j)].tax_rate * price_[j] * value_added_[j];
      revenue *= std::pow(tax_base_now / tax_base, s.fiscal.elasticity) *
                 std::exp(s.fiscal.volatility *
                          loaded(s.shocks.revenue_loading, f, rng.normal(Stream::Revenue, ut)));
      tax_base = tax_base_now;
    }

    // ---- outputs of year t ----
    double fai = fai_block_.sum();
    double employment_total = employment_.sum();
    double class_share[3] = {0, 0, 0};
    for (int j = 0; j < n; ++j) {
      const double nominal = price_[j] * value_added_[j];
      class_share[static_cast<int>(s.sectors[static_cast<std::size_t>(j)].industry_class)] +=
          nominal / gdp_nominal;
      va_real_out[t * n + j] = value_added_[j];
      va_nominal_out[t * n + j] = nominal;
      capital_out[t * n + j] = capital_[j];
      employment_out[t * n + j] = employment_[j];
      price_out[t * n + j] = price_[j];
    }
    gdp_nominal_out[t] = gdp_nominal;
    gdp_real_out[t] = gdp_real;
    deflator_out[t] = gdp_nominal / gdp_real;
    gdp_pc_out[t] = gdp_nominal * 1e8 / population;
    population_out[t] = population;
    employment_total_out[t] = employment_total;
    productivity_out[t] = gdp_real * 1e8 / employment_total / 1e4;  // 1e4 yuan per person
    fai_out[t] = fai;
    income_out[t] = income;
    urbanisation_out[t] = urbanisation;
    inflation_out[t] = inflation;
    retail_out[t] = retail;
    revenue_out[t] = revenue;
    primary_out[t] = class_share[static_cast<int>(IndustryClass::Primary)];
    secondary_out[t] = class_share[static_cast<int>(IndustryClass::Secondary)];
    tertiary_out[t] = class_share[static_cast<int>(IndustryClass::Tertiary)];

    // MODEL.md section 10: a NaN or Inf stops the run, naming where it arose. One sum per year is
    // cheap; only a non-finite sum pays for the search.
    double check =
        gdp_nominal + gdp_real + population + fai + income + retail + revenue + employment_total;
    for (int j = 0; j < n; ++j)
      check += va_nominal_out[t * n + j] + capital_[j];
    if (!std::isfinite(check)) {
      // Per-sector variables first: that is where a non-finite value arises and what it names.
      for (const bool per_sector : {true, false}) {
        for (const VarInfo& v : VARIABLES) {
          if (v.per_sector != per_sector) continue;
          const double* values = out.path_data(v.var, slot);
          const int width = v.per_sector ? n : 1;
          for (int j = 0; j < width; ++j) {
            const double x = values[t * width + j];
            if (!std::isfinite(x)) {
              not_finite(path, year,
                         v.per_sector ? s.sectors[static_cast<std::size_t>(j)].code : std::string(),
                         v.var, x);
            }
          }
        }
      }
      not_finite(path, year, std::string(), Var::GdpNominal, check);
    }
  }
}

}  // namespace regiosim
