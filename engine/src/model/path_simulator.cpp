#include "regiosim/path_simulator.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "model/elementary.hpp"
#include "model/year_blocks.hpp"
#include "regiosim/random_stream.hpp"
#include "run/distributions.hpp"

namespace regiosim {

PathSimulator::PathSimulator(const Model& model)
    : model_(model),
      state_(std::make_unique<blocks::PathState>()),
      layout_(std::make_unique<blocks::InnovationLayout>(model.groups(), model.sectors(),
                                                         model.blocks())),
      jump_distributions_(std::make_unique<blocks::JumpDistributions>(model.spec().shocks)) {
  const ScenarioSpec& s = model.spec();
  const int n = model.sectors();
  const int lags = static_cast<int>(s.investment.build_weights.size());
  state_->resize(model);
  scratch_.assign(blocks::PathState::scratch_size(model), 0.0);
  const std::size_t project_sectors = s.shocks.projects.sectors.size();
  jump_draws_.resize(2 + project_sectors);
  jump_uniforms_.resize(project_sectors);
  arrival_sectors_.resize(project_sectors);
  project_size_uniforms_.resize(project_sectors * MAX_PROJECTS_PER_YEAR);
  build_weights_ = Eigen::Map<const Eigen::VectorXd>(s.investment.build_weights.data(), lags);
  // Pre-sample investment grows at g_I, as in the steady-state capital start (M4): the same on
  // every path.
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

PathSimulator::~PathSimulator() = default;

void PathSimulator::start_path(const RandomStream& rng) {
  const ScenarioSpec& s = model_.spec();
  const BaseState& base = model_.base();
  blocks::PathState& st = *state_;
  st.u.setZero();
  std::fill(st.jumps.pandemic_loss.begin(), st.jumps.pandemic_loss.end(), 0.0);
  st.jumps.in_bust = s.shocks.property_bust.enabled && s.shocks.property_bust.start_in_bust;
  st.jumps.project_schedule.setZero();
  st.jumps.revision = 0;
  // J3 named projects: each completes (or not) once per path, from its own draw.
  for (std::size_t k = 0; k < s.shocks.projects.named.size(); ++k) {
    const NamedProject& project = s.shocks.projects.named[k];
    if (s.shocks.projects.enabled &&
        bernoulli(project.probability, rng.uniform(Stream::NamedProjects, k))) {
      blocks::schedule_project(s.shocks.projects, project.sector, project.year - s.base_year,
                               project.size, st.jumps);
    }
  }
  st.prices.inflation = s.prices.base_inflation;
  st.prices.price.setOnes();
  st.prices.price_previous.setOnes();
  st.prices.investment_price = 1.0;
  st.prices.consumer_price = 1.0;
  st.tourism.visits_trend = s.tourism.base_visits;
  st.tourism.visits = s.tourism.base_visits;
  st.tourism.spend_per_visit = s.tourism.base_revenue * 1e8 / s.tourism.base_visits;  // 元
  st.tourism.spending = s.tourism.base_revenue;
  st.tourism.spending_previous = s.tourism.base_revenue;

  blocks::InvestmentState& inv = st.investment;
  inv.fai_block = base.fai_blocks;
  for (int b = 0; b < model_.blocks(); ++b)
    inv.dln_fai_block[b] = s.investment.blocks[static_cast<std::size_t>(b)].growth_mean;
  inv.history = initial_investment_history_;
  inv.public_history = initial_public_investment_history_;
  inv.capital = base.capital;
  inv.public_capital = base.public_capital;
  inv.dln_public_capital = 0;

  blocks::PopulationState& pop = st.population;
  pop.population = base.population;
  pop.population_previous = base.population_previous;
  pop.urbanisation = s.base.urbanisation;
  pop.employment = base.employment;
  pop.labour_share = pop.employment / pop.employment.sum();

  blocks::OutputState& out = st.output;
  out.log_tfp = base.log_tfp;
  out.value_added = base.value_added;
  elementary::log(out.value_added.data(), out.log_value_added.data(),
                  static_cast<std::size_t>(model_.sectors()));
  out.growth.setZero();
  out.log_potential = out.log_value_added;  // M5 calibrated: Y* = Y in the base year
  out.gap.setZero();
  out.final_demand = base.final_demand;

  blocks::AccountsState& acc = st.accounts;
  acc.gdp_nominal = s.base.gdp;
  acc.gdp_real = s.base.gdp;
  acc.value_added_nominal = st.prices.price.cwiseProduct(out.value_added);
  acc.gdp_per_capita = acc.gdp_nominal * 1e8 / pop.population;
  // No migration gap (M9) and no shortfall (M2) before the first year.
  acc.real_per_capita_growth = s.population.reference_growth;
  acc.real_growth = s.investment.growth_target;

  blocks::HouseholdState& h = st.households;
  h.disposable = base.disposable_income;
  h.labour_compensation = base.labour_compensation;
  h.income = s.base.income_per_capita;
  h.consumption = base.consumption;
  h.retail_others = base.retail_others;
  h.retail = s.base.retail_sales;
  st.fiscal.revenue = s.base.budget_revenue;
  st.fiscal.tax_base = base.tax_base;
  st.fiscal.transfers = base.government_transfers;
  st.fiscal.spending = s.base.budget_revenue + base.government_transfers;
  st.rd = s.rd.base_intensity;
}

void PathSimulator::draw_jumps(const RandomStream& rng, int t) {
  const ScenarioSpec& s = model_.spec();
  const int n = model_.sectors();
  const PandemicSpec& pandemic = s.shocks.pandemic;
  const PropertyBustSpec& bust = s.shocks.property_bust;
  const ProjectSpec& projects = s.shocks.projects;
  blocks::JumpState& jumps = state_->jumps;
  const auto ut = static_cast<std::uint64_t>(t);
  const int year = s.base_year + t;
  // The year's jump uniforms in one pooled call (RandomStream::uniforms): J1 onset, J2 regime and
  // J3 arrivals by project sector. The draws that depend on them (severity, sizes) follow.
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

  // J1 pandemic: onset (random or the scenario's stress years) and severity.
  const bool forced_onset = std::find(pandemic.onset_years.begin(), pandemic.onset_years.end(),
                                      year) != pandemic.onset_years.end();
  if (pandemic.enabled && (bernoulli(pandemic.probability, onset_u) || forced_onset)) {
    const double severity =
        jump_distributions_->severity.quantile(rng.uniform(Stream::PandemicSeverity, ut));
    blocks::pandemic_onset(pandemic, t, severity, jumps);
  }
  // J4 statistical revision: a census year or a random one shifts measured GDP from now on.
  const RevisionSpec& revision = s.shocks.revision;
  if (revision.enabled &&
      (std::find(revision.years.begin(), revision.years.end(), year) != revision.years.end() ||
       (revision.probability > 0 &&
        bernoulli(revision.probability, rng.uniform(Stream::RevisionOnset, ut))))) {
    jumps.revision += revision.size_mean + revision.size_sd * rng.normal(Stream::RevisionSize, ut);
  }
  // J2 property bust: a Markov regime.
  if (bust.enabled) jumps.in_bust = next_regime(jumps.in_bust, bust.enter, bust.stay, bust_u);
  // J3 projects: Poisson arrivals with Pareto sizes, the sizes in one more pooled call.
  if (!projects.enabled) return;
  runs = 0;
  for (std::size_t i = 0; i < projects.sectors.size(); ++i) {
    const int arrivals =
        std::min(jump_distributions_->arrivals(jump_uniforms_[i]), MAX_PROJECTS_PER_YEAR);
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
      const double size =
          pareto(projects.pareto_alpha, projects.min_size_share * model_.base().value_added[j],
                 jump_draws_[r].out[k]);
      blocks::schedule_project(projects, j, t, size, jumps);
    }
  }
}

void PathSimulator::step(const RandomStream& rng, std::uint64_t path, int t) {
  const ScenarioSpec& s = model_.spec();
  const int year = s.base_year + t;
  blocks::PathState& st = *state_;
  double* const scratch = scratch_.data();
  const blocks::Innovations& z = st.z;

  blocks::lagged_drivers({st.households.consumption, st.households.retail, st.fiscal.spending,
                          st.prices.consumer_price},
                         model_.base().lagged_driver_trend, st.drivers);
  // M1 and the jumps.
  blocks::draw_innovations(s, *layout_, rng, t, year, st.z);
  blocks::sector_shocks(s, model_, z, st.correlated, st.u);
  draw_jumps(rng, t);
  const double loss = st.jumps.pandemic_loss[static_cast<std::size_t>(t)];
  const double loss_change = loss - st.jumps.pandemic_loss[static_cast<std::size_t>(t) - 1];
  // M8 prices, M11 tourism.
  blocks::prices(s, model_.inflation_mean(year), st.output.gap, z, scratch, st.prices);
  blocks::tourism(s, st.prices.inflation, loss, z, st.tourism);
  // M2-M4.
  const double bust_drop_z =
      st.jumps.in_bust ? rng.normal(Stream::BustDrop, static_cast<std::uint64_t>(t)) : 0.0;
  blocks::fai_blocks(s, st.accounts.real_growth, st.jumps.in_bust, bust_drop_z, z, scratch,
                     st.investment);
  blocks::capital(s, build_weights_, st.prices.investment_price, st.investment);
  // M9, then M5 and M7.
  blocks::population_labour(s, model_.base().employment_rate, model_.urbanisation_decay(),
                            st.accounts.real_per_capita_growth, st.output.growth, z, scratch,
                            st.population);
  blocks::supply(s, model_, t, st.investment.capital, st.population.employment,
                 st.investment.dln_public_capital, st.u, loss, st.jumps, {path, year}, scratch,
                 st.output);
  blocks::current_drivers(st.investment, st.prices.investment_price, st.prices.consumer_price,
                          st.tourism.spending, st.output.supply_value_added, st.drivers);
  blocks::demand(s, model_, st.drivers, st.u, loss, scratch, st.output);
  // M8 GDP, M10-M13.
  blocks::gdp(st.prices, st.output, st.population, st.accounts);
  blocks::income(s, model_.base(), t, st.accounts.value_added_nominal, st.population.population,
                 st.prices.consumer_price, z, st.households);
  blocks::retail(s, st.prices.inflation, st.accounts.real_growth,
                 elementary::log(st.tourism.spending / st.tourism.spending_previous), loss_change,
                 z, st.households);
  blocks::fiscal(s, model_.base(), t, st.prices, st.output.value_added,
                 st.investment.fai_block[s.shocks.property_bust.block], st.population.population,
                 st.jumps.in_bust ? model_.bust_revenue_factor() : 1.0, z, st.fiscal);
  st.rd = blocks::rd_intensity(s.rd, t, st.rd, z.rd);
}

void PathSimulator::write_year(std::uint64_t path, int t, TrajectoryBatch& out,
                               std::size_t slot) const {
  const ScenarioSpec& s = model_.spec();
  const BaseState& base = model_.base();
  const blocks::PathState& st = *state_;
  const int n = model_.sectors();
  const int satellites = model_.satellites();
  const double gdp_nominal = st.accounts.gdp_nominal;
  const auto at = [&](Var var, int width) { return out.path_data(var, slot) + t * width; };
  double class_share[3] = {0, 0, 0};
  double* const va_real = at(Var::ValueAddedReal, n);
  double* const va_nominal = at(Var::ValueAddedNominal, n);
  double* const capital = at(Var::Capital, n);
  double* const employment = at(Var::Employment, n);
  double* const price = at(Var::Price, n);
  double* const gross_output = at(Var::GrossOutputReal, n);
  double* const final_demand = at(Var::FinalDemandReal, n);
  double* const sector_shock = at(Var::SectorShock, n);
  double* const project = at(Var::ProjectOutput, n);
  double* const gap = at(Var::UtilisationGap, n);
  for (int j = 0; j < n; ++j) {
    const double nominal = st.accounts.value_added_nominal[j];
    class_share[static_cast<int>(s.sectors[static_cast<std::size_t>(j)].industry_class)] +=
        nominal / gdp_nominal;
    va_real[j] = st.output.value_added[j];
    va_nominal[j] = nominal;
    capital[j] = st.investment.capital[j];
    employment[j] = st.population.employment[j];
    price[j] = st.prices.price[j];
    gross_output[j] = st.gross_output[j];
    final_demand[j] = st.output.final_demand[j];
    sector_shock[j] = st.u[j];
    project[j] = st.jumps.project_schedule(j, t);
    gap[j] = st.output.gap[j];
  }
  const double fai = st.investment.fai_block.sum();
  const double employment_total = st.population.employment.sum();
  // J4: the statistics measure GDP with the revisions so far; real activity is the state's.
  const double measured = st.jumps.revision == 0 ? 1.0 : elementary::exp(st.jumps.revision);
  *at(Var::GdpNominal, 1) = gdp_nominal * measured;
  *at(Var::GdpReal, 1) = st.accounts.gdp_real * measured;
  *at(Var::GdpDeflator, 1) = gdp_nominal / st.accounts.gdp_real;
  *at(Var::GdpPerCapita, 1) = st.accounts.gdp_per_capita * measured;
  *at(Var::RevisionFactor, 1) = measured;
  *at(Var::Population, 1) = st.population.population;
  *at(Var::EmploymentTotal, 1) = employment_total;
  // 1e4 yuan per person.
  *at(Var::LabourProductivity, 1) = st.accounts.gdp_real * measured * 1e8 / employment_total / 1e4;
  *at(Var::FaiNominal, 1) = fai;
  *at(Var::IncomePerCapita, 1) = st.households.income;
  *at(Var::Urbanisation, 1) = st.population.urbanisation;
  *at(Var::Inflation, 1) = st.prices.inflation;
  *at(Var::RetailSales, 1) = st.households.retail;
  *at(Var::BudgetRevenue, 1) = st.fiscal.revenue;
  *at(Var::PrimaryShare, 1) = class_share[static_cast<int>(IndustryClass::Primary)];
  *at(Var::SecondaryShare, 1) = class_share[static_cast<int>(IndustryClass::Secondary)];
  *at(Var::TertiaryShare, 1) = class_share[static_cast<int>(IndustryClass::Tertiary)];
  *at(Var::TouristVisits, 1) = st.tourism.visits;
  *at(Var::PandemicLoss, 1) = st.jumps.pandemic_loss[static_cast<std::size_t>(t)];
  *at(Var::PropertyBust, 1) = st.jumps.in_bust ? 1.0 : 0.0;
  *at(Var::TouristSpending, 1) = st.tourism.spending;
  *at(Var::RdIntensity, 1) = st.rd;
  *at(Var::LabourCompensation, 1) = st.households.labour_compensation;
  *at(Var::HouseholdConsumption, 1) = st.households.consumption;
  *at(Var::GovernmentSpending, 1) = st.fiscal.spending;
  double* const satellite = at(Var::SatelliteValue, satellites);
  for (int k = 0; k < satellites; ++k) {
    satellite[k] =
        base.satellite_scale[k] *
        satellite_value(s.satellites[static_cast<std::size_t>(k)],
                        base.satellite_sectors[static_cast<std::size_t>(k)], st.output.value_added,
                        st.gross_output, st.prices.price, st.tourism.spending, gdp_nominal);
  }

  // MODEL.md section 10: a NaN or Inf stops the run, naming where it arose. One sum per year is
  // cheap; only a non-finite sum pays for the search.
  double check = gdp_nominal + st.accounts.gdp_real + st.population.population + fai +
                 st.households.income + st.households.retail + st.fiscal.revenue +
                 employment_total + st.tourism.spending + st.rd;
  for (int j = 0; j < n; ++j)
    check += va_nominal[j] + st.investment.capital[j] + st.output.final_demand[j];
  for (int k = 0; k < satellites; ++k)
    check += satellite[k];
  if (std::isfinite(check)) return;
  const int year = s.base_year + t;
  // Per-sector variables first: that is where a non-finite value arises and what it names.
  for (const Extent extent : {Extent::Sector, Extent::None, Extent::Satellite}) {
    for (const VarInfo& v : VARIABLES) {
      if (v.extent != extent) continue;
      const auto width = static_cast<int>(extent_width(extent, n, satellites));
      const double* values = out.path_data(v.var, slot) + t * width;
      for (int j = 0; j < width; ++j) {
        if (std::isfinite(values[j])) continue;
        const std::string where =
            extent == Extent::Sector      ? s.sectors[static_cast<std::size_t>(j)].code
            : extent == Extent::Satellite ? s.satellites[static_cast<std::size_t>(j)].id
                                          : std::string();
        blocks::throw_not_finite(path, year, where, v.var, values[j]);
      }
    }
  }
  blocks::throw_not_finite(path, year, std::string(), Var::GdpNominal, check);
}

void PathSimulator::simulate(std::uint64_t seed, std::uint32_t design_point, std::uint64_t path,
                             TrajectoryBatch& out, std::size_t slot) {
  const RandomStream rng(seed, path, design_point);
  start_path(rng);
  for (int t = 0; t < model_.years(); ++t) {
    if (t > 0) step(rng, path, t);
    // X_j = Y_j / v_j for the outputs and the gross-output satellites.
    for (int j = 0; j < model_.sectors(); ++j) {
      state_->gross_output[j] = state_->output.value_added[j] /
                                model_.spec().sectors[static_cast<std::size_t>(j)].va_ratio;
    }
    write_year(path, t, out, slot);
  }
}

}  // namespace regiosim
