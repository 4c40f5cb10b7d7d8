#include "regiosim/path_simulator.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>

#include "model/elementary.hpp"
#include "regiosim/error.hpp"
#include "regiosim/random_stream.hpp"
#include "run/distributions.hpp"

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
  gross_output_.resize(n);
  final_demand_.resize(n);
  x_supply_.resize(model.input_output().mixed.supply_count());
  x_demand_.resize(model.input_output().mixed.demand_count());
  f_demand_.resize(model.input_output().mixed.demand_count());
  transcendental_.resize(std::max(2 * n, model.blocks()));
  log_potential_.resize(n);
  drivers_.assign(model.base().drivers.size(), 0.0);
  pandemic_loss_.assign(static_cast<std::size_t>(model.years()), 0.0);
  project_schedule_.resize(n, model.years());
  jump_draws_.resize(2 + model.spec().shocks.projects.sectors.size());
  jump_uniforms_.resize(model.spec().shocks.projects.sectors.size());
  arrival_sectors_.resize(model.spec().shocks.projects.sectors.size());
  project_size_uniforms_.resize(model.spec().shocks.projects.sectors.size() *
                                MAX_PROJECTS_PER_YEAR);
  innovation_count_ = 1 + static_cast<std::uint64_t>(model.groups()) +
                      static_cast<std::uint64_t>(n) + 6 +
                      static_cast<std::uint64_t>(model.blocks());
  build_weights_ =
      Eigen::Map<const Eigen::VectorXd>(model.spec().investment.build_weights.data(), lags);
  // Pre-sample investment grows at g_I, as in the steady-state capital start (M4): the same on
  // every path.
  const ScenarioSpec& s = model.spec();
  const double public_investment_0 =
      s.investment.conversion_share * model.base().fai_blocks[s.investment.public_capital_block];
  initial_investment_history_.resize(n, lags);
  initial_public_investment_history_.resize(lags);
  for (int lag = 0; lag < lags; ++lag) {
    const double discount = std::pow(1.0 + s.investment.initial_growth, -lag);
    initial_investment_history_.col(lag) = model.base().investment * discount;
    initial_public_investment_history_[lag] = public_investment_0 * discount;
  }
}

void PathSimulator::schedule_project(int sector, int start, double size) {
  const int ramp = model_.spec().shocks.projects.ramp_years;
  for (int t = std::max(start, 0); t < model_.years(); ++t) {
    project_schedule_(sector, t) += size * std::min(1.0, static_cast<double>(t - start + 1) / ramp);
  }
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
  elementary::log(value_added_.data(), log_value_added_.data(), static_cast<std::size_t>(n));
  price_.setOnes();
  employment_ = base.employment;
  labour_share_ = employment_ / employment_.sum();
  growth_previous_.setZero();
  fai_block_ = base.fai_blocks;
  for (int b = 0; b < model_.blocks(); ++b)
    dln_fai_block_[b] = s.investment.blocks[static_cast<std::size_t>(b)].growth_mean;
  investment_history_ = initial_investment_history_;
  public_investment_history_ = initial_public_investment_history_;
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
  double consumer_price = 1.0;  // exp(sum of pi): deflates the nominal drivers of M7
  double visits_trend = s.tourism.base_visits;  // visits without J1 losses
  double visits = visits_trend;
  double spend_per_visit = s.tourism.base_revenue * 1e8 / s.tourism.base_visits;  // 元
  double tourist_spending = s.tourism.base_revenue;
  bool in_bust =
      s.shocks.property_bust.enabled && s.shocks.property_bust.start_in_bust;  // J2 regime
  // Constant factors of the year step (M9 urbanisation, J2 revenue), computed once per path.
  const double urbanisation_decay = elementary::exp(-s.population.urbanisation_speed);
  const double bust_revenue_factor = elementary::exp(s.shocks.property_bust.revenue_impact);
  const TruncatedLognormal severity_distribution(s.shocks.pandemic.severity_mean,
                                                 s.shocks.pandemic.severity_sd,
                                                 s.shocks.pandemic.severity_max);
  const Poisson project_arrivals(s.shocks.projects.arrivals);  // J3, exp(-lambda) once
  std::fill(pandemic_loss_.begin(), pandemic_loss_.end(), 0.0);
  project_schedule_.setZero();
  // J3 named projects: each completes (or not) once per path, from its own draw.
  for (std::size_t k = 0; k < s.shocks.projects.named.size(); ++k) {
    const NamedProject& project = s.shocks.projects.named[k];
    if (s.shocks.projects.enabled &&
        bernoulli(project.probability, rng.uniform(Stream::NamedProjects, k))) {
      schedule_project(project.sector, project.year - s.base_year, project.size);
    }
  }
  double rd = s.rd.base_intensity;
  gross_output_ = base.gross_output;
  final_demand_ = base.final_demand;
  const MixedInputOutput& mixed = model_.input_output().mixed;
  const auto& supply = mixed.supply_sectors();
  const auto& demand = mixed.demand_sectors();
  // Per-sector exp and log go through this scratch, arguments in and results out, so that
  // elementary.hpp does two sectors at a time.
  double* const scratch = transcendental_.data();

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
  double* visits_out = out.path_data(Var::TouristVisits, slot);
  double* tourist_spending_out = out.path_data(Var::TouristSpending, slot);
  double* rd_out = out.path_data(Var::RdIntensity, slot);
  double* gross_output_out = out.path_data(Var::GrossOutputReal, slot);
  double* final_demand_out = out.path_data(Var::FinalDemandReal, slot);
  double* satellite_out = out.path_data(Var::SatelliteValue, slot);
  double* pandemic_loss_out = out.path_data(Var::PandemicLoss, slot);
  double* bust_out = out.path_data(Var::PropertyBust, slot);
  double* sector_shock_out = out.path_data(Var::SectorShock, slot);
  double* project_out = out.path_data(Var::ProjectOutput, slot);
  const int satellites = model_.satellites();

  for (int t = 0; t < years; ++t) {
    const int year = s.base_year + t;
    if (t > 0) {
      const auto ut = static_cast<std::uint64_t>(t);
      // M7 drivers that depend on this year's GDP enter with last year's value (the year step is
      // recursive: demand output first, then GDP, income, retail sales and revenue).
      drivers_[static_cast<std::size_t>(DemandDriver::HouseholdConsumption)] =
          population * income / consumer_price / 1e8;
      drivers_[static_cast<std::size_t>(DemandDriver::RetailSales)] = retail / consumer_price;
      drivers_[static_cast<std::size_t>(DemandDriver::Government)] = revenue / consumer_price;
      // ---- M1: factor shocks ----
      // Student-t innovations are the same normals times a chi-square mixing factor from their own
      // stream (variate t * M + k for innovation k), so switching t on keeps every normal draw.
      const auto mixing = [&](std::uint64_t k) {
        return s.shocks.student_t
                   ? student_t_mixing(rng, Stream::StudentMixing, ut * innovation_count_ + k,
                                      s.shocks.degrees_of_freedom)
                   : 1.0;
      };
      const auto groups = static_cast<std::uint64_t>(model_.groups());
      const auto un = static_cast<std::uint64_t>(n);
      const auto blocks = static_cast<std::uint64_t>(model_.blocks());
      // The year's normals, drawn in one batch so that they share Philox blocks (RandomStream).
      double z_f, z_inflation, z_investment_price, z_visits, z_migration, z_income, z_retail,
          z_revenue, z_rd;
      const RandomStream::Draws draws[] = {
          {Stream::RegionalFactor, ut, 1, &z_f},
          {Stream::GroupFactor, ut * groups, groups, group_factor_.data()},
          {Stream::SectorShock, ut * un, un, sector_noise_.data()},
          {Stream::Inflation, ut, 1, &z_inflation},
          {Stream::SectorPrice, ut * un, un, price_noise_.data()},
          {Stream::InvestmentPrice, ut, 1, &z_investment_price},
          {Stream::TouristVisits, ut, 1, &z_visits},
          {Stream::Investment, ut * blocks, blocks, block_noise_.data()},
          {Stream::Migration, ut, 1, &z_migration},
          {Stream::Income, ut, 1, &z_income},
          {Stream::Retail, ut, 1, &z_retail},
          {Stream::Revenue, ut, 1, &z_revenue},
          {Stream::RdIntensity, ut, 1, &z_rd},
      };
      rng.normals(draws, std::size(draws));
      double f = z_f * mixing(0);
      for (const auto& [history_year, value] : s.shocks.regional_factor_history) {
        if (history_year == year) f = value;  // a backtest's historical shock path
      }
      if (s.shocks.student_t) {
        for (int g = 0; g < model_.groups(); ++g)
          group_factor_[g] *= mixing(1 + static_cast<std::uint64_t>(g));
        for (int j = 0; j < n; ++j)
          sector_noise_[j] *= mixing(1 + groups + static_cast<std::uint64_t>(j));
      }
      // Macro innovations: their own draw (mixed like the others), loaded on f.
      const std::uint64_t macro = 1 + groups + static_cast<std::uint64_t>(n);
      const auto own = [&](double z, std::uint64_t k) { return z * mixing(macro + k); };
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

      // The year's jump uniforms in one pooled call (RandomStream::uniforms): J1 onset, J2 regime
      // and J3 arrivals by project sector. The draws that depend on them (severity, sizes) follow.
      const PandemicSpec& pandemic = s.shocks.pandemic;
      const PropertyBustSpec& bust = s.shocks.property_bust;
      const ProjectSpec& projects = s.shocks.projects;
      double onset_u = 0, bust_u = 0;
      std::size_t runs = 0;
      if (pandemic.enabled) jump_draws_[runs++] = {Stream::PandemicOnset, ut, 1, &onset_u};
      if (bust.enabled) jump_draws_[runs++] = {Stream::BustRegime, ut, 1, &bust_u};
      if (projects.enabled) {
        for (std::size_t i = 0; i < projects.sectors.size(); ++i) {
          const auto j = static_cast<std::uint64_t>(projects.sectors[i]);
          jump_draws_[runs++] = {Stream::ProjectArrivals, ut * static_cast<std::uint64_t>(n) + j, 1,
                                 &jump_uniforms_[i]};
        }
      }
      rng.uniforms(jump_draws_.data(), runs);

      // ---- J1 pandemic: onset, severity, and the level-loss profile it adds to coming years ----
      const bool forced_onset = std::find(pandemic.onset_years.begin(), pandemic.onset_years.end(),
                                          year) != pandemic.onset_years.end();
      if (pandemic.enabled && (bernoulli(pandemic.probability, onset_u) || forced_onset)) {
        const double severity =
            severity_distribution.quantile(rng.uniform(Stream::PandemicSeverity, ut));
        for (std::size_t i = 0; i < pandemic.profile.size() && t + static_cast<int>(i) < years;
             ++i) {
          pandemic_loss_[static_cast<std::size_t>(t) + i] += pandemic.profile[i] * severity;
        }
      }
      const double loss = pandemic_loss_[static_cast<std::size_t>(t)];
      const double loss_change = loss - pandemic_loss_[static_cast<std::size_t>(t) - 1];

      // ---- J2 property bust: a Markov regime ----
      if (bust.enabled) in_bust = next_regime(in_bust, bust.enter, bust.stay, bust_u);

      // ---- J3 projects: Poisson arrivals with Pareto sizes, ramping up into later years ----
      if (projects.enabled) {
        // The sizes of all the year's arrivals in one more pooled call.
        runs = 0;
        for (std::size_t i = 0; i < projects.sectors.size(); ++i) {
          const int arrivals = std::min(project_arrivals(jump_uniforms_[i]), MAX_PROJECTS_PER_YEAR);
          if (arrivals == 0) continue;
          const std::uint64_t cell =
              ut * static_cast<std::uint64_t>(n) + static_cast<std::uint64_t>(projects.sectors[i]);
          arrival_sectors_[runs] = projects.sectors[i];
          jump_draws_[runs++] = {Stream::ProjectSize, cell * MAX_PROJECTS_PER_YEAR,
                                 static_cast<std::size_t>(arrivals),
                                 &project_size_uniforms_[i * MAX_PROJECTS_PER_YEAR]};
        }
        rng.uniforms(jump_draws_.data(), runs);
        for (std::size_t r = 0; r < runs; ++r) {
          const int j = arrival_sectors_[r];
          for (std::size_t k = 0; k < jump_draws_[r].count; ++k) {
            schedule_project(
                j, t,
                pareto(projects.pareto_alpha, projects.min_size_share * base.value_added[j],
                       jump_draws_[r].out[k]));
          }
        }
      }

      // ---- M8: inflation and sector prices ----
      const double mu_pi = model_.inflation_mean(year);
      inflation = mu_pi + s.prices.persistence * (inflation - mu_pi) +
                  s.prices.volatility * loaded(s.shocks.inflation_loading, f, own(z_inflation, 0));
      for (int j = 0; j < n; ++j) {
        const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
        scratch[j] = inflation + sector.price_drift + sector.price_volatility * price_noise_[j];
      }
      elementary::exp(scratch, scratch, static_cast<std::size_t>(n));
      price_.array() *= transcendental_.head(n).array();
      // M3: investment price, dln P^I = pi + markup + noise.
      investment_price *= elementary::exp(inflation + s.investment.price_markup +
                                          s.investment.price_volatility * z_investment_price);
      consumer_price *= elementary::exp(inflation);

      // ---- M11: tourist visits and spending per visit (prices move with inflation) ----
      const double dln_visits =
          s.tourism.visits_growth +
          s.tourism.volatility * loaded(s.tourism.shock_loading, f, own(z_visits, 5));
      visits_trend *= elementary::exp(dln_visits);
      spend_per_visit *= elementary::exp(inflation + s.tourism.spend_real_growth);
      // J1 hits visits as a level loss that recovers along the profile.
      visits = loss == 0 ? visits_trend  // exp(0) = 1: skipped in the many years without J1
                         : visits_trend * elementary::exp(pandemic.tourist_spending_impact * loss);
      const double tourist_spending_previous = tourist_spending;
      tourist_spending = visits * spend_per_visit / 1e8;

      // ---- M2: FAI blocks ----
      const double shortfall = std::max(0.0, s.investment.growth_target - real_growth);
      for (int b = 0; b < model_.blocks(); ++b) {
        const InvestmentBlockSpec& block = s.investment.blocks[static_cast<std::size_t>(b)];
        const double noise = block_noise_[b] * mixing(macro + 6 + static_cast<std::uint64_t>(b));
        if (in_bust && b == bust.block) {
          // J2: in a bust the block falls by drop ~ N(drop_mean, drop_sd) a year.
          dln_fai_block_[b] = -(bust.drop_mean + bust.drop_sd * rng.normal(Stream::BustDrop, ut));
        } else {
          dln_fai_block_[b] = block.growth_mean +
                              block.persistence * (dln_fai_block_[b] - block.growth_mean) +
                              block.policy_reaction * shortfall +
                              block.volatility * loaded(s.investment.shock_loading, f, noise);
        }
      }
      elementary::exp(dln_fai_block_.data(), scratch, static_cast<std::size_t>(model_.blocks()));
      fai_block_.array() *= transcendental_.head(model_.blocks()).array();

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
      const double dln_public_capital = elementary::log(public_capital / public_capital_previous);

      // ---- M9: population, labour, urbanisation ----
      const double migration =
          s.population.migration_mean +
          s.population.migration_response * (gdp_per_capita_growth - s.income.reference_growth) +
          s.population.migration_volatility *
              loaded(s.shocks.migration_loading, f, own(z_migration, 1));
      population_previous = population;
      population *= 1.0 + s.population.natural_increase + migration;
      urbanisation = s.population.urbanisation_ceiling -
                     (s.population.urbanisation_ceiling - urbanisation) * urbanisation_decay;
      // Labour shares drift toward sectors that grew faster than average last year.
      const double mean_growth = labour_share_.dot(growth_previous_);
      for (int j = 0; j < n; ++j)
        scratch[j] = s.population.labour_reallocation * (growth_previous_[j] - mean_growth);
      elementary::exp(scratch, scratch, static_cast<std::size_t>(n));
      labour_share_.array() *= transcendental_.head(n).array();
      labour_share_ /= labour_share_.sum();
      employment_ =
          labour_share_ * (base.employment_rate * 0.5 * (population + population_previous));

      // ---- M5: supply sectors (supply[k] = j, in increasing j) ----
      const std::size_t supplies = supply.size();
      for (std::size_t k = 0; k < supplies; ++k) {
        scratch[k] = capital_[supply[k]];
        scratch[supplies + k] = employment_[supply[k]];
      }
      elementary::log(scratch, scratch, 2 * supplies);  // ln K_j, then ln L_j
      for (std::size_t k = 0; k < supplies; ++k) {
        const auto j = supply[k];
        const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
        log_tfp_[j] += model_.tfp_drift(static_cast<int>(j), t) +
                       s.productivity.public_capital_elasticity * dln_public_capital + shock_[j];
        const double alpha = sector.capital_share;
        // M5, with J1's temporary level loss.
        log_potential_[static_cast<Eigen::Index>(k)] =
            log_tfp_[j] + alpha * scratch[k] + (1.0 - alpha) * scratch[supplies + k] +
            pandemic.sector_impact[static_cast<std::size_t>(j)] * loss;
      }
      elementary::exp(log_potential_.data(), scratch, supplies);
      double supply_value_added = 0;
      for (std::size_t k = 0; k < supplies; ++k) {
        const auto j = supply[k];
        // J3's project output on top of M5's potential. Without one (the common case) ln Y is
        // the potential's log, and its exp is Y, already computed.
        const double project = project_schedule_(j, t);
        value_added_[j] = scratch[k] + project;
        const double log_y = project == 0 ? log_potential_[static_cast<Eigen::Index>(k)]
                                          : elementary::log(value_added_[j]);
        growth_previous_[j] = log_y - log_value_added_[j];
        log_value_added_[j] = log_y;
        // Checked here, where it arises: the demand sectors below inherit any overflow.
        if (!std::isfinite(value_added_[j])) {
          not_finite(path, year, s.sectors[static_cast<std::size_t>(j)].code, Var::ValueAddedReal,
                     value_added_[j]);
        }
        supply_value_added += value_added_[j];
      }
      // ---- M7: demand sectors from the mixed input-output model ----
      // f_D,j = f_D,j,2020 * sum_k w_jk (driver_k / driver_k,2020) * exp(u_j): final demand moves
      // with its real drivers and the sector's M1 demand shock.
      drivers_[static_cast<std::size_t>(DemandDriver::Investment)] =
          fai_block_.sum() / investment_price;
      for (int b = 0; b < model_.blocks(); ++b)
        drivers_[6 + static_cast<std::size_t>(b)] = fai_block_[b] / investment_price;
      drivers_[static_cast<std::size_t>(DemandDriver::TouristSpending)] =
          tourist_spending / consumer_price;
      drivers_[static_cast<std::size_t>(DemandDriver::SupplyOutput)] = supply_value_added;
      for (std::size_t k = 0; k < supplies; ++k) {
        x_supply_[static_cast<Eigen::Index>(k)] =
            value_added_[supply[k]] / s.sectors[static_cast<std::size_t>(supply[k])].va_ratio;
      }
      const std::size_t demands = demand.size();
      for (std::size_t k = 0; k < demands; ++k)
        scratch[k] = shock_[demand[k]];
      elementary::exp(scratch, scratch, demands);  // exp(u_j)
      for (std::size_t k = 0; k < demands; ++k) {
        const auto j = static_cast<std::size_t>(demand[k]);
        double pull = 0;
        for (const DemandWeight& w : s.input_output.drivers[j]) {
          pull += w.weight * drivers_[driver_slot(w)] / base.drivers[driver_slot(w)];
        }
        f_demand_[static_cast<Eigen::Index>(k)] = base.final_demand[demand[k]] * pull * scratch[k];
        final_demand_[demand[k]] = f_demand_[static_cast<Eigen::Index>(k)];
      }
      mixed.demand_output(x_supply_, f_demand_, x_demand_);
      // M7: value added is the VA ratio times gross output; its log gives the year's growth.
      for (std::size_t k = 0; k < demands; ++k) {
        const auto j = demand[k];
        value_added_[j] = s.sectors[static_cast<std::size_t>(j)].va_ratio *
                          x_demand_[static_cast<Eigen::Index>(k)];
        scratch[k] = value_added_[j];
      }
      elementary::log(scratch, scratch, demands);
      for (std::size_t k = 0; k < demands; ++k) {
        const auto j = demand[k];
        growth_previous_[j] = scratch[k] - log_value_added_[j];
        log_value_added_[j] = scratch[k];
      }

      // ---- M8: nominal GDP, chain-linked real growth with previous-year nominal weights ----
      const double gdp_nominal_previous = gdp_nominal;
      real_growth = 0;
      for (int j = 0; j < n; ++j)
        real_growth += va_nominal_out[(t - 1) * n + j] / gdp_nominal_previous * growth_previous_[j];
      gdp_real *= elementary::exp(real_growth);
      gdp_nominal = price_.dot(value_added_);
      const double gdp_per_capita_previous = gdp_pc_out[t - 1];
      gdp_per_capita_growth =
          elementary::log(gdp_nominal * 1e8 / population / gdp_per_capita_previous);

      // ---- M10: nominal disposable income per capita ----
      income *= elementary::exp(
          s.income.growth_mean +
          s.income.gdp_elasticity * (gdp_per_capita_growth - s.income.reference_growth) +
          s.income.volatility * loaded(s.shocks.income_loading, f, own(z_income, 2)));

      // ---- M11: retail sales: household spending, regional demand and tourist spending ----
      const double dln_households = elementary::log(population / population_previous) +
                                    elementary::log(income / income_out[t - 1]);
      const double dln_tourism = elementary::log(tourist_spending / tourist_spending_previous);
      retail *= elementary::exp(
          s.retail.drift + s.retail.income_elasticity * dln_households +
          s.retail.demand_elasticity * elementary::log(gdp_nominal / gdp_nominal_previous) +
          s.retail.tourism_elasticity * dln_tourism + pandemic.retail_impact * loss_change +
          s.retail.volatility * loaded(s.shocks.retail_loading, f, own(z_retail, 3)));

      // ---- M12: budget revenue from the tax base with elasticity eps_R ----
      double tax_base_now = 0;
      for (int j = 0; j < n; ++j)
        tax_base_now +=
            s.sectors[static_cast<std::size_t>(j)].tax_rate * price_[j] * value_added_[j];
      // (B_t / B_t-1)^eps_R exp(nu_t) as one exponential (glibc's pow is machine-dependent).
      revenue *= (in_bust ? bust_revenue_factor : 1.0) *
                 elementary::exp(s.fiscal.elasticity * elementary::log(tax_base_now / tax_base) +
                                 s.fiscal.volatility *
                                     loaded(s.shocks.revenue_loading, f, own(z_revenue, 4)));
      tax_base = tax_base_now;

      // ---- M13: R&D intensity, AR(1) around the scenario's linear path ----
      const double path_now = s.rd.base_intensity + s.rd.trend * t;
      const double path_before = s.rd.base_intensity + s.rd.trend * (t - 1);
      rd = path_now + s.rd.persistence * (rd - path_before) + s.rd.volatility * z_rd;
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
      gross_output_[j] = value_added_[j] / s.sectors[static_cast<std::size_t>(j)].va_ratio;
      gross_output_out[t * n + j] = gross_output_[j];
      final_demand_out[t * n + j] = final_demand_[j];
      sector_shock_out[t * n + j] = shock_[j];
      project_out[t * n + j] = project_schedule_(j, t);
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
    visits_out[t] = visits;
    pandemic_loss_out[t] = pandemic_loss_[static_cast<std::size_t>(t)];
    bust_out[t] = in_bust ? 1.0 : 0.0;
    tourist_spending_out[t] = tourist_spending;
    rd_out[t] = rd;
    for (int k = 0; k < satellites; ++k) {
      satellite_out[t * satellites + k] =
          base.satellite_scale[k] *
          satellite_value(s.satellites[static_cast<std::size_t>(k)],
                          base.satellite_sectors[static_cast<std::size_t>(k)], value_added_,
                          gross_output_, price_, tourist_spending, gdp_nominal);
    }

    // MODEL.md section 10: a NaN or Inf stops the run, naming where it arose. One sum per year is
    // cheap; only a non-finite sum pays for the search.
    double check = gdp_nominal + gdp_real + population + fai + income + retail + revenue +
                   employment_total + tourist_spending + rd;
    for (int j = 0; j < n; ++j)
      check += va_nominal_out[t * n + j] + capital_[j] + final_demand_[j];
    for (int k = 0; k < satellites; ++k)
      check += satellite_out[t * satellites + k];
    if (!std::isfinite(check)) {
      // Per-sector variables first: that is where a non-finite value arises and what it names.
      for (const Extent extent : {Extent::Sector, Extent::None, Extent::Satellite}) {
        for (const VarInfo& v : VARIABLES) {
          if (v.extent != extent) continue;
          const double* values = out.path_data(v.var, slot);
          const auto width = static_cast<int>(extent_width(extent, n, satellites));
          for (int j = 0; j < width; ++j) {
            const double x = values[t * width + j];
            if (std::isfinite(x)) continue;
            const std::string where =
                extent == Extent::Sector      ? s.sectors[static_cast<std::size_t>(j)].code
                : extent == Extent::Satellite ? s.satellites[static_cast<std::size_t>(j)].id
                                              : std::string();
            not_finite(path, year, where, v.var, x);
          }
        }
      }
      not_finite(path, year, std::string(), Var::GdpNominal, check);
    }
  }
}

}  // namespace regiosim
