// The model blocks of the year step (year_blocks.hpp). The order of floating-point operations in
// each block is part of the engine's reproducibility promise: tests/integration/test_golden.cpp
// checks every variable bit for bit.
#include "model/year_blocks.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include "model/elementary.hpp"
#include "regiosim/error.hpp"

namespace regiosim::blocks {

namespace {

std::size_t index(int j) {
  return static_cast<std::size_t>(j);
}

}  // namespace

void throw_not_finite(std::uint64_t path, int year, const std::string& where, Var var,
                      double value) {
  throw ModelError("path " + std::to_string(path) + ", year " + std::to_string(year) +
                   (where.empty() ? std::string() : ", sector " + where) + ", variable " +
                   std::string(info(var).name) + ": value " + std::to_string(value) +
                   " is not finite (MODEL.md section 10)");
}

InnovationLayout::InnovationLayout(int groups, int sectors, int blocks)
    : groups_(static_cast<std::uint64_t>(groups)),
      macro_(1 + static_cast<std::uint64_t>(groups) + static_cast<std::uint64_t>(sectors)),
      blocks_(static_cast<std::uint64_t>(blocks)) {}

void draw_innovations(const ScenarioSpec& s, const InnovationLayout& layout,
                      const RandomStream& rng, int t, int year, Innovations& z) {
  const auto ut = static_cast<std::uint64_t>(t);
  const auto groups = static_cast<std::uint64_t>(z.group.size());
  const auto sectors = static_cast<std::uint64_t>(z.sector.size());
  const auto blocks = static_cast<std::uint64_t>(z.block.size());
  double* const macro = z.macro;
  const auto m = [](Macro k) { return static_cast<int>(k); };
  double regional = 0;
  // The year's normals in one batch, so that they share Philox blocks (RandomStream).
  const RandomStream::Draws draws[] = {
      {Stream::RegionalFactor, ut, 1, &regional},
      {Stream::GroupFactor, ut * groups, groups, z.group.data()},
      {Stream::SectorShock, ut * sectors, sectors, z.sector.data()},
      {Stream::Inflation, ut, 1, &macro[m(Macro::Inflation)]},
      {Stream::SectorPrice, ut * sectors, sectors, z.price.data()},
      {Stream::InvestmentPrice, ut, 1, &z.investment_price},
      {Stream::TouristVisits, ut, 1, &macro[m(Macro::Visits)]},
      {Stream::Investment, ut * blocks, blocks, z.block.data()},
      {Stream::Migration, ut, 1, &macro[m(Macro::Migration)]},
      {Stream::Income, ut, 1, &macro[m(Macro::Income)]},
      {Stream::Retail, ut, 1, &macro[m(Macro::Retail)]},
      {Stream::Revenue, ut, 1, &macro[m(Macro::Revenue)]},
      {Stream::RdIntensity, ut, 1, &z.rd},
  };
  rng.normals(draws, std::size(draws));
  z.regional = regional;
  if (s.shocks.student_t) {
    // Student-t innovations are the same normals times a chi-square mixing factor from their own
    // stream (variate t * count + index), so switching t on keeps every normal draw.
    const auto mixing = [&](std::uint64_t k) {
      return student_t_mixing(rng, Stream::StudentMixing, ut * layout.count() + k,
                              s.shocks.degrees_of_freedom);
    };
    z.regional *= mixing(InnovationLayout::regional());
    for (Eigen::Index g = 0; g < z.group.size(); ++g)
      z.group[g] *= mixing(layout.group(static_cast<int>(g)));
    for (Eigen::Index j = 0; j < z.sector.size(); ++j)
      z.sector[j] *= mixing(layout.sector(static_cast<int>(j)));
    for (int k = 0; k < m(Macro::Count); ++k)
      macro[k] *= mixing(layout.macro(static_cast<Macro>(k)));
    for (Eigen::Index b = 0; b < z.block.size(); ++b)
      z.block[b] *= mixing(layout.block(static_cast<int>(b)));
  }
  for (const auto& [history_year, value] : s.shocks.regional_factor_history) {
    if (history_year == year) z.regional = value;  // a backtest's historical shock path
  }
}

void sector_shocks(const ScenarioSpec& s, const Model& model, const Innovations& z,
                   Eigen::VectorXd& correlated_scratch, Eigen::VectorXd& u) {
  const bool correlated = model.has_correlation();
  if (correlated) correlated_scratch.noalias() = model.correlation_factor() * z.sector;
  for (Eigen::Index j = 0; j < u.size(); ++j) {
    const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
    double innovation;
    if (correlated) {
      innovation = correlated_scratch[j];
    } else {
      const double b = sector.loading_regional;
      const double c = sector.loading_group;
      innovation = b * z.regional + c * z.group[sector.shock_group] +
                   std::sqrt(1.0 - b * b - c * c) * z.sector[j];
    }
    u[j] = sector.volatility * innovation + s.shocks.persistence * u[j];
  }
}

void pandemic_onset(const PandemicSpec& pandemic, int t, double severity, JumpState& jumps) {
  const auto years = jumps.pandemic_loss.size();
  for (std::size_t i = 0; i < pandemic.profile.size() && index(t) + i < years; ++i)
    jumps.pandemic_loss[index(t) + i] += pandemic.profile[i] * severity;
}

void schedule_project(const ProjectSpec& projects, int sector, int start, double size,
                      JumpState& jumps) {
  const int ramp = projects.ramp_years;
  const auto years = static_cast<int>(jumps.project_schedule.cols());
  for (int t = std::max(start, 0); t < years; ++t) {
    jumps.project_schedule(sector, t) +=
        size * std::min(1.0, static_cast<double>(t - start + 1) / ramp);
  }
}

void prices(const ScenarioSpec& s, double mu_pi, const Eigen::VectorXd& gap_previous,
            const Innovations& z, double* scratch, PriceState& p) {
  p.inflation =
      mu_pi + s.prices.persistence * (p.inflation - mu_pi) +
      s.prices.volatility * loaded(s.shocks.inflation_loading, z.regional, z.own(Macro::Inflation));
  const auto n = p.price.size();
  for (Eigen::Index j = 0; j < n; ++j) {
    const SectorSpec& sector = s.sectors[static_cast<std::size_t>(j)];
    // The gap moves a demand sector's price as far as capacity binds its output (theta_j); a
    // supply sector's output is its capacity, and it has no gap.
    const double pressure =
        sector.type == SectorType::Demand
            ? s.prices.utilisation_pass_through * sector.capacity_weight * gap_previous[j]
            : 0.0;
    scratch[j] = p.inflation + sector.price_drift + pressure + sector.price_volatility * z.price[j];
  }
  elementary::exp(scratch, scratch, static_cast<std::size_t>(n));
  p.price_previous = p.price;
  p.price.array() *= Eigen::Map<const Eigen::ArrayXd>(scratch, n);
  // M3: investment price, dln P^I = pi + markup + noise.
  p.investment_price *= elementary::exp(p.inflation + s.investment.price_markup +
                                        s.investment.price_volatility * z.investment_price);
  p.consumer_price *= elementary::exp(p.inflation);
}

void tourism(const ScenarioSpec& s, double inflation, double loss, const Innovations& z,
             TourismState& ts) {
  const double dln_visits =
      s.tourism.visits_growth +
      s.tourism.volatility * loaded(s.tourism.shock_loading, z.regional, z.own(Macro::Visits));
  ts.visits_trend *= elementary::exp(dln_visits);
  ts.spend_per_visit *= elementary::exp(inflation + s.tourism.spend_real_growth);
  // J1 hits visits as a level loss that recovers along the profile; exp(0) = 1 is skipped in the
  // many years without J1.
  ts.visits = loss == 0 ? ts.visits_trend
                        : ts.visits_trend *
                              elementary::exp(s.shocks.pandemic.tourist_spending_impact * loss);
  ts.spending_previous = ts.spending;
  ts.spending = ts.visits * ts.spend_per_visit / 1e8;
}

void fai_blocks(const ScenarioSpec& s, double real_growth_previous, bool in_bust,
                double bust_drop_z, const Innovations& z, double* scratch, InvestmentState& inv) {
  const PropertyBustSpec& bust = s.shocks.property_bust;
  const double shortfall = std::max(0.0, s.investment.growth_target - real_growth_previous);
  const auto blocks = inv.fai_block.size();
  for (Eigen::Index b = 0; b < blocks; ++b) {
    const InvestmentBlockSpec& block = s.investment.blocks[static_cast<std::size_t>(b)];
    if (in_bust && b == bust.block) {
      // J2: in a bust the block falls by drop ~ N(drop_mean, drop_sd) a year.
      inv.dln_fai_block[b] = -(bust.drop_mean + bust.drop_sd * bust_drop_z);
    } else {
      inv.dln_fai_block[b] =
          block.growth_mean + block.persistence * (inv.dln_fai_block[b] - block.growth_mean) +
          block.policy_reaction * shortfall +
          block.volatility * loaded(s.investment.shock_loading, z.regional, z.block[b]);
    }
  }
  elementary::exp(inv.dln_fai_block.data(), scratch, static_cast<std::size_t>(blocks));
  inv.fai_block.array() *= Eigen::Map<const Eigen::ArrayXd>(scratch, blocks);
}

void capital(const ScenarioSpec& s, const Eigen::VectorXd& build_weights, double investment_price,
             InvestmentState& inv) {
  const auto lags = inv.history.cols();
  const auto n = inv.history.rows();
  for (Eigen::Index lag = lags - 1; lag > 0; --lag) {
    inv.history.col(lag) = inv.history.col(lag - 1);
    inv.public_history[lag] = inv.public_history[lag - 1];
  }
  inv.history.col(0).setZero();
  for (Eigen::Index b = 0; b < inv.fai_block.size(); ++b) {
    const auto& allocation = s.investment.blocks[static_cast<std::size_t>(b)].allocation;
    const double real_block = s.investment.conversion_share * inv.fai_block[b] / investment_price;
    for (Eigen::Index j = 0; j < n; ++j)
      inv.history(j, 0) += allocation[static_cast<std::size_t>(j)] * real_block;
  }
  inv.public_history[0] = s.investment.conversion_share *
                          inv.fai_block[s.investment.public_capital_block] / investment_price;
  for (Eigen::Index j = 0; j < n; ++j) {
    inv.capital[j] = (1.0 - s.sectors[static_cast<std::size_t>(j)].depreciation) * inv.capital[j] +
                     inv.history.row(j).dot(build_weights);
  }
  const double public_capital_previous = inv.public_capital;
  inv.public_capital = (1.0 - s.investment.public_capital_depreciation) * inv.public_capital +
                       inv.public_history.dot(build_weights);
  inv.dln_public_capital = elementary::log(inv.public_capital / public_capital_previous);
}

void population_labour(const ScenarioSpec& s, double employment_rate, double urbanisation_decay,
                       double real_per_capita_growth, const Eigen::VectorXd& growth_previous,
                       const Innovations& z, double* scratch, PopulationState& pop) {
  const PopulationSpec& ps = s.population;
  const double migration =
      ps.migration_mean + ps.migration_response * (real_per_capita_growth - ps.reference_growth) +
      ps.migration_volatility *
          loaded(s.shocks.migration_loading, z.regional, z.own(Macro::Migration));
  pop.population_previous = pop.population;
  pop.population *= 1.0 + ps.natural_increase + migration;
  pop.urbanisation =
      ps.urbanisation_ceiling - (ps.urbanisation_ceiling - pop.urbanisation) * urbanisation_decay;
  // Labour shares drift toward sectors that grew faster than average last year.
  const double mean_growth = pop.labour_share.dot(growth_previous);
  const auto n = pop.labour_share.size();
  for (Eigen::Index j = 0; j < n; ++j)
    scratch[j] = ps.labour_reallocation * (growth_previous[j] - mean_growth);
  elementary::exp(scratch, scratch, static_cast<std::size_t>(n));
  pop.labour_share.array() *= Eigen::Map<const Eigen::ArrayXd>(scratch, n);
  pop.labour_share /= pop.labour_share.sum();
  pop.employment =
      pop.labour_share * (employment_rate * 0.5 * (pop.population + pop.population_previous));
}

void supply(const ScenarioSpec& s, const Model& model, int t, const Eigen::VectorXd& capital,
            const Eigen::VectorXd& employment, double dln_public_capital, const Eigen::VectorXd& u,
            double loss, const JumpState& jumps, Where where, double* scratch, OutputState& out) {
  const auto n = static_cast<std::size_t>(capital.size());
  for (std::size_t j = 0; j < n; ++j) {
    scratch[j] = capital[static_cast<Eigen::Index>(j)];
    scratch[n + j] = employment[static_cast<Eigen::Index>(j)];
  }
  elementary::log(scratch, scratch, 2 * n);  // ln K_j, then ln L_j
  for (std::size_t j = 0; j < n; ++j) {
    const SectorSpec& sector = s.sectors[j];
    const auto i = static_cast<Eigen::Index>(j);
    const bool is_supply = sector.type == SectorType::Supply;
    out.log_tfp[i] += model.tfp_drift(static_cast<int>(j), t) +
                      s.productivity.public_capital_elasticity * dln_public_capital +
                      (is_supply ? u[i] : 0.0);
    const double alpha = sector.capital_share;
    out.log_potential[i] = out.log_tfp[i] + alpha * scratch[j] + (1.0 - alpha) * scratch[n + j] +
                           (is_supply ? s.shocks.pandemic.sector_impact[j] * loss : 0.0);
  }
  const auto& supply = model.input_output().mixed.supply_sectors();
  const std::size_t supplies = supply.size();
  for (std::size_t k = 0; k < supplies; ++k)
    scratch[k] = out.log_potential[supply[k]];
  elementary::exp(scratch, scratch, supplies);
  out.supply_value_added = 0;
  for (std::size_t k = 0; k < supplies; ++k) {
    const auto j = supply[k];
    // J3's project output on top of M5's potential. Without one (the common case) ln Y is the
    // potential's log, and its exp is Y, already computed.
    const double project = jumps.project_schedule(j, t);
    out.value_added[j] = scratch[k] + project;
    const double log_y = project == 0 ? out.log_potential[j] : elementary::log(out.value_added[j]);
    out.growth[j] = log_y - out.log_value_added[j];
    out.log_value_added[j] = log_y;
    // Checked here, where it arises: the demand sectors inherit any overflow.
    if (!std::isfinite(out.value_added[j])) {
      throw_not_finite(where.path, where.year, s.sectors[static_cast<std::size_t>(j)].code,
                       Var::ValueAddedReal, out.value_added[j]);
    }
    out.supply_value_added += out.value_added[j];
  }
}

void lagged_drivers(const DriverInputs& last_year, double trend, std::vector<double>& drivers) {
  const double deflate = trend / last_year.consumer_price;
  drivers[static_cast<std::size_t>(DemandDriver::HouseholdConsumption)] =
      last_year.consumption * deflate;
  drivers[static_cast<std::size_t>(DemandDriver::RetailSales)] = last_year.retail * deflate;
  drivers[static_cast<std::size_t>(DemandDriver::Government)] =
      last_year.government_spending * deflate;
}

void current_drivers(const InvestmentState& inv, double investment_price, double consumer_price,
                     double tourist_spending, double supply_value_added,
                     std::vector<double>& drivers) {
  drivers[static_cast<std::size_t>(DemandDriver::Investment)] =
      inv.fai_block.sum() / investment_price;
  for (Eigen::Index b = 0; b < inv.fai_block.size(); ++b)
    drivers[DRIVER_BLOCKS + static_cast<std::size_t>(b)] = inv.fai_block[b] / investment_price;
  drivers[static_cast<std::size_t>(DemandDriver::TouristSpending)] =
      tourist_spending / consumer_price;
  drivers[static_cast<std::size_t>(DemandDriver::SupplyOutput)] = supply_value_added;
}

void demand(const ScenarioSpec& s, const Model& model, const std::vector<double>& drivers,
            const Eigen::VectorXd& u, double loss, double* scratch, OutputState& out) {
  const BaseState& base = model.base();
  const MixedInputOutput& mixed = model.input_output().mixed;
  const auto& supply = mixed.supply_sectors();
  const auto& demand = mixed.demand_sectors();
  const std::vector<double>& impact = s.shocks.pandemic.sector_impact;
  for (std::size_t k = 0; k < supply.size(); ++k) {
    out.x_supply[static_cast<Eigen::Index>(k)] =
        out.value_added[supply[k]] / s.sectors[static_cast<std::size_t>(supply[k])].va_ratio;
  }
  const std::size_t demands = demand.size();
  for (std::size_t k = 0; k < demands; ++k)
    scratch[k] = u[demand[k]] + impact[static_cast<std::size_t>(demand[k])] * loss;
  elementary::exp(scratch, scratch, demands);  // exp(u_j + d_j L_t)
  for (std::size_t k = 0; k < demands; ++k) {
    const auto j = static_cast<std::size_t>(demand[k]);
    double pull = 0;
    for (const DemandWeight& w : s.input_output.drivers[j])
      pull += w.weight * drivers[driver_slot(w)] / base.drivers[driver_slot(w)];
    out.f_demand[static_cast<Eigen::Index>(k)] = base.final_demand[demand[k]] * pull * scratch[k];
    out.final_demand[demand[k]] = out.f_demand[static_cast<Eigen::Index>(k)];
  }
  mixed.demand_output(out.x_supply, out.f_demand, out.x_demand);
  // ln Y^D = ln(v X_D), then the blend with capacity and its exp.
  for (std::size_t k = 0; k < demands; ++k) {
    scratch[k] = s.sectors[static_cast<std::size_t>(demand[k])].va_ratio *
                 out.x_demand[static_cast<Eigen::Index>(k)];
  }
  elementary::log(scratch, scratch, demands);
  for (std::size_t k = 0; k < demands; ++k) {
    const auto j = demand[k];
    const double theta = s.sectors[static_cast<std::size_t>(j)].capacity_weight;
    out.gap[j] = scratch[k] - out.log_potential[j];
    const double log_y = (1.0 - theta) * scratch[k] + theta * out.log_potential[j];
    out.growth[j] = log_y - out.log_value_added[j];
    out.log_value_added[j] = log_y;
    scratch[k] = log_y;
  }
  elementary::exp(scratch, scratch, demands);
  for (std::size_t k = 0; k < demands; ++k)
    out.value_added[demand[k]] = scratch[k];
}

void gdp(const PriceState& p, const OutputState& out, const PopulationState& pop,
         AccountsState& acc) {
  const double gdp_nominal_previous = acc.gdp_nominal;
  // sum_j P_j,t-1 Y_j,t / sum_j P_j,t-1 Y_j,t-1: this year's volume at last year's prices.
  const double volume_index = p.price_previous.dot(out.value_added) / gdp_nominal_previous;
  acc.real_growth = elementary::log(volume_index);
  acc.gdp_real *= volume_index;
  acc.gdp_nominal = p.price.dot(out.value_added);
  acc.value_added_nominal = p.price.cwiseProduct(out.value_added);
  acc.gdp_per_capita = acc.gdp_nominal * 1e8 / pop.population;
  acc.real_per_capita_growth =
      acc.real_growth - elementary::log(pop.population / pop.population_previous);
}

void income(const ScenarioSpec& s, const BaseState& base, int t, const Eigen::VectorXd& va_nominal,
            double population, double consumer_price, const Innovations& z, HouseholdState& h) {
  h.labour_compensation = 0;
  for (Eigen::Index j = 0; j < va_nominal.size(); ++j)
    h.labour_compensation +=
        (1.0 - s.sectors[static_cast<std::size_t>(j)].capital_share) * va_nominal[j];
  // TR per resident keeps its real value and grows at its own real rate. A negative TR_2020 is
  // labour income earned here by non-residents (commuters): it moves with the wage bill, so YD
  // stays positive whatever W does (docs/domains.md; the loader checks the growth term).
  const double driver = base.household_transfers >= 0
                            ? population / base.population * consumer_price
                            : h.labour_compensation / base.labour_compensation;
  const double transfers =
      base.household_transfers * driver * elementary::exp(s.income.transfer_real_growth * t);
  h.disposable = ((1.0 - s.income.tax_rate) * h.labour_compensation + transfers) *
                 elementary::exp(s.income.volatility *
                                 loaded(s.shocks.income_loading, z.regional, z.own(Macro::Income)));
  h.income = h.disposable * 1e8 / population;
  h.consumption = s.income.propensity_to_consume * h.disposable;
}

void retail(const ScenarioSpec& s, double inflation, double real_growth, double dln_tourism,
            double loss_change, const Innovations& z, HouseholdState& h) {
  // Q in current prices: inflation plus real terms, so that inflation alone leaves real Q as it is.
  h.retail_others *= elementary::exp(
      inflation + s.retail.drift + s.retail.demand_elasticity * real_growth +
      s.retail.tourism_elasticity * (dln_tourism - inflation) +
      s.shocks.pandemic.retail_impact * loss_change +
      s.retail.volatility * loaded(s.shocks.retail_loading, z.regional, z.own(Macro::Retail)));
  h.retail = h.consumption + h.retail_others;
}

void fiscal(const ScenarioSpec& s, const BaseState& base, int t, const PriceState& p,
            const Eigen::VectorXd& value_added, double property_sales, double population,
            double bust_factor, const Innovations& z, FiscalState& fs) {
  double tax_base = base.land_tax_rate * property_sales;
  for (Eigen::Index j = 0; j < value_added.size(); ++j)
    tax_base += s.sectors[static_cast<std::size_t>(j)].tax_rate * p.price[j] * value_added[j];
  // (B_t / B_t-1)^eps_R exp(nu_t) as one exponential (glibc's pow is machine-dependent).
  fs.revenue *= bust_factor *
                elementary::exp(s.fiscal.elasticity * elementary::log(tax_base / fs.tax_base) +
                                s.fiscal.volatility * loaded(s.shocks.revenue_loading, z.regional,
                                                             z.own(Macro::Revenue)));
  fs.tax_base = tax_base;
  fs.transfers = base.government_transfers * population / base.population * p.consumer_price *
                 elementary::exp(s.fiscal.transfer_real_growth * t);
  fs.spending = fs.revenue + fs.transfers;
}

double rd_intensity(const RdSpec& rd, int t, double previous, double innovation) {
  const double path_now = rd.base_intensity + rd.trend * t;
  const double path_before = rd.base_intensity + rd.trend * (t - 1);
  return path_now + rd.persistence * (previous - path_before) + rd.volatility * innovation;
}

void PathState::resize(const Model& model) {
  const int n = model.sectors();
  const auto lags = static_cast<Eigen::Index>(model.spec().investment.build_weights.size());
  const MixedInputOutput& mixed = model.input_output().mixed;
  z.group.resize(model.groups());
  z.sector.resize(n);
  z.price.resize(n);
  z.block.resize(model.blocks());
  u.resize(n);
  correlated.resize(n);
  jumps.pandemic_loss.assign(static_cast<std::size_t>(model.years()), 0.0);
  jumps.project_schedule.resize(n, model.years());
  prices.price.resize(n);
  prices.price_previous.resize(n);
  investment.fai_block.resize(model.blocks());
  investment.dln_fai_block.resize(model.blocks());
  investment.history.resize(n, lags);
  investment.public_history.resize(lags);
  investment.capital.resize(n);
  population.labour_share.resize(n);
  population.employment.resize(n);
  output.log_tfp.resize(n);
  output.value_added.resize(n);
  output.log_value_added.resize(n);
  output.growth.resize(n);
  output.log_potential.resize(n);
  output.gap.resize(n);
  output.final_demand.resize(n);
  output.x_supply.resize(mixed.supply_count());
  output.x_demand.resize(mixed.demand_count());
  output.f_demand.resize(mixed.demand_count());
  drivers.assign(model.base().drivers.size(), 0.0);
  accounts.value_added_nominal.resize(n);
  gross_output.resize(n);
}

std::size_t PathState::scratch_size(const Model& model) {
  return static_cast<std::size_t>(std::max(2 * model.sectors(), model.blocks()));
}

}  // namespace regiosim::blocks
