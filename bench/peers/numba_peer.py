"""The regiosim model in Numba: a plain loop over paths and years, compiled with @njit, as a user
fluent in Numba would write it.

The equations (the block functions of engine/src/model/year_blocks.cpp), their order within the year
(PathSimulator::step, engine/src/model/path_simulator.cpp) and the calibrated model (from
regiosim.model_arrays) are the engine's for a scenario without jumps, Student-t innovations or
priors (bench/peers/peer-scenario.yaml). Like the engine, the per-path state lives in scratch arrays
allocated once, and the year step allocates nothing. The random numbers are Numba's (Mersenne
Twister, seeded inside the compiled code), so the paths agree with the engine's in distribution, not
draw by draw. The command line runs it once on 2 paths before timing, so the JIT compilation is not
timed.

    /usr/bin/python3 bench/peers/numba_peer.py --paths 10000
"""
if __name__ == "__main__":
    import single_core  # noqa: F401  (one core: before numpy and numba are imported)

import collections
import functools
import math

import numba
import numpy as np

import common

# Positions in the output stacks of common.allocate_outputs (compile-time constants for Numba).
(GDP_NOMINAL, GDP_REAL, GDP_DEFLATOR, GDP_PER_CAPITA, POPULATION, EMPLOYMENT_TOTAL, PRODUCTIVITY,
 FAI, INCOME, URBANISATION, INFLATION, RETAIL, REVENUE, PRIMARY, SECONDARY, TERTIARY, VISITS,
 TOURIST_SPENDING, RD, LABOUR_COMPENSATION, CONSUMPTION,
 GOVERNMENT_SPENDING) = range(len(common.SCALARS))
(VA_REAL, VA_NOMINAL, CAPITAL, EMPLOYMENT, PRICE, GROSS_OUTPUT, FINAL_DEMAND, SECTOR_SHOCK,
 UTILISATION_GAP) = range(len(common.PER_SECTOR))


@functools.lru_cache(maxsize=None)
def model_type(fields):
    """One namedtuple class per set of fields: Numba compiles once per argument type, and a new
    class, even with the same fields, would be a new type."""
    return collections.namedtuple("Model", fields)


def model_tuple(m):
    """The numeric entries of the model as a namedtuple (one argument for a compiled function),
    with M7's driver coefficients added."""
    numeric = {name: value for name, value in m.items() if not isinstance(value, list)}
    numeric["driver_coefficients"] = common.driver_coefficients(m)
    return model_type(tuple(sorted(numeric)))(**numeric)


@numba.njit
def loaded(b, f, own):
    """A unit-variance innovation with loading b on the regional factor f (M1 macro blocks)."""
    return b * f + math.sqrt(1.0 - b * b) * own


@numba.njit
def simulate(m, paths, seed, scalars, per_sector, per_satellite):
    """Fills the output stacks of common.allocate_outputs with `paths` paths of the model tuple m."""
    np.random.seed(seed)
    years = m.years
    n = m.sector_va_ratio.shape[0]
    groups = m.groups
    blocks = m.base_fai_blocks.shape[0]
    lags = m.build_weights.shape[0]
    satellites = m.satellite_scale.shape[0]
    S, D = m.supply_sectors, m.demand_sectors
    n_supply, n_demand = S.shape[0], D.shape[0]
    slots = m.base_drivers.shape[0]
    kappa = m.conversion_share
    public_block = m.public_capital_block
    property_block = m.property_block
    # Scratch, allocated once: one row per sector variable.
    (shock, log_tfp, capital, value_added, log_value_added, log_potential, gap, price,
     labour_share, employment, growth_previous, final_demand) = np.empty((12, n))
    h = np.empty(groups)
    fai, dln_fai = np.empty((2, blocks))
    investment_history = np.empty((lags, n))
    public_history = np.empty(lags)
    drivers = np.zeros(slots)
    price_previous = np.empty(n)
    x_supply = np.empty(n_supply)
    class_share = np.empty(3)
    employment_base = m.base_employment.sum()

    for p in range(paths):
        # ---- base year: the calibrated state ----
        for j in range(n):
            shock[j] = 0.0
            log_tfp[j] = m.base_log_tfp[j]
            capital[j] = m.base_capital[j]
            value_added[j] = m.base_value_added[j]
            log_value_added[j] = math.log(value_added[j])
            log_potential[j] = log_value_added[j]  # M5 calibrated: Y* = Y in the base year
            gap[j] = 0.0
            price[j] = 1.0
            employment[j] = m.base_employment[j]
            labour_share[j] = employment[j] / employment_base
            growth_previous[j] = 0.0
            final_demand[j] = m.base_final_demand[j]
        for b in range(blocks):
            fai[b] = m.base_fai_blocks[b]
            dln_fai[b] = m.block_growth_mean[b]
        # Pre-sample investment grows at g_I (M4).
        for lag in range(lags):
            discount = (1.0 + m.initial_growth) ** -lag
            for j in range(n):
                investment_history[lag, j] = m.base_investment[j] * discount
            public_history[lag] = kappa * m.base_fai_blocks[public_block] * discount
        public_capital = m.base_public_capital
        investment_price = 1.0
        inflation = m.base_inflation
        population = m.base_population
        population_previous = m.base_population_previous
        urbanisation = m.base_urbanisation
        labour_compensation = m.base_labour_compensation
        income = m.base_income_per_capita
        consumption = m.base_consumption
        retail_others = m.base_retail_others
        retail = m.base_retail_sales
        revenue = m.base_budget_revenue
        tax_base = m.base_tax_base
        government_spending = m.base_budget_revenue + m.base_government_transfers
        gdp_nominal = m.base_gdp
        gdp_real = m.base_gdp
        real_per_capita_growth = m.migration_reference_growth  # no gap before year 1 (M9)
        real_growth = m.growth_target  # no shortfall before year 1 (M2)
        consumer_price = 1.0
        visits = m.tourism_base_visits
        spend_per_visit = m.tourism_base_revenue * 1e8 / m.tourism_base_visits
        tourist_spending = m.tourism_base_revenue
        rd = m.rd_base_intensity

        for t in range(years):
            if t > 0:
                # M7's lagged drivers: last year's household consumption, retail sales and
                # government spending, real, grown by the base-year trend.
                deflate = m.lagged_driver_trend / consumer_price
                drivers[1] = consumption * deflate
                drivers[2] = retail * deflate
                drivers[5] = government_spending * deflate

                # ---- M1: sector shocks ----
                f = np.random.standard_normal()
                for g in range(groups):
                    h[g] = np.random.standard_normal()
                for j in range(n):
                    b = m.sector_loading_regional[j]
                    c = m.sector_loading_group[j]
                    innovation = (b * f + c * h[m.sector_group[j]]
                                  + math.sqrt(1.0 - b * b - c * c) * np.random.standard_normal())
                    shock[j] = m.sector_volatility[j] * innovation + m.shock_persistence * shock[j]

                # ---- M8: inflation and sector prices (last year's utilisation gap passed
                # through as far as capacity binds output); M3 investment price ----
                mu_pi = m.inflation_mean[t]
                inflation = (mu_pi + m.inflation_persistence * (inflation - mu_pi)
                             + m.inflation_volatility
                             * loaded(m.inflation_loading, f, np.random.standard_normal()))
                for j in range(n):
                    price_previous[j] = price[j]
                    price[j] *= math.exp(inflation + m.sector_price_drift[j]
                                         + m.utilisation_pass_through * m.sector_capacity_weight[j]
                                         * gap[j]
                                         + m.sector_price_volatility[j]
                                         * np.random.standard_normal())
                investment_price *= math.exp(inflation + m.investment_price_markup
                                             + m.investment_price_volatility
                                             * np.random.standard_normal())
                consumer_price *= math.exp(inflation)

                # ---- M11: tourist visits and spending per visit ----
                visits *= math.exp(m.tourism_visits_growth + m.tourism_volatility
                                   * loaded(m.tourism_loading, f, np.random.standard_normal()))
                spend_per_visit *= math.exp(inflation + m.tourism_spend_real_growth)
                tourist_spending_previous = tourist_spending
                tourist_spending = visits * spend_per_visit / 1e8

                # ---- M2: FAI blocks ----
                shortfall = max(0.0, m.growth_target - real_growth)
                for b in range(blocks):
                    mu_b = m.block_growth_mean[b]
                    dln_fai[b] = (mu_b + m.block_persistence[b] * (dln_fai[b] - mu_b)
                                  + m.block_policy_reaction[b] * shortfall
                                  + m.block_volatility[b]
                                  * loaded(m.investment_loading, f, np.random.standard_normal()))
                    fai[b] *= math.exp(dln_fai[b])

                # ---- M3-M4: real investment, time to build, capital ----
                for lag in range(lags - 1, 0, -1):
                    public_history[lag] = public_history[lag - 1]
                    for j in range(n):
                        investment_history[lag, j] = investment_history[lag - 1, j]
                for j in range(n):
                    investment_history[0, j] = 0.0
                for b in range(blocks):
                    real_block = kappa * fai[b] / investment_price
                    for j in range(n):
                        investment_history[0, j] += m.block_allocation[b, j] * real_block
                public_history[0] = kappa * fai[public_block] / investment_price
                for j in range(n):
                    built = 0.0
                    for lag in range(lags):
                        built += m.build_weights[lag] * investment_history[lag, j]
                    capital[j] = (1.0 - m.sector_depreciation[j]) * capital[j] + built
                public_capital_previous = public_capital
                built = 0.0
                for lag in range(lags):
                    built += m.build_weights[lag] * public_history[lag]
                public_capital = (1.0 - m.public_capital_depreciation) * public_capital + built
                dln_public_capital = math.log(public_capital / public_capital_previous)

                # ---- M9: population (migration answers to last year's real per-capita
                # growth), urbanisation, labour ----
                migration = (m.migration_mean + m.migration_response
                             * (real_per_capita_growth - m.migration_reference_growth)
                             + m.migration_volatility
                             * loaded(m.migration_loading, f, np.random.standard_normal()))
                population_previous = population
                population *= 1.0 + m.natural_increase + migration
                urbanisation = (m.urbanisation_ceiling - (m.urbanisation_ceiling - urbanisation)
                                * math.exp(-m.urbanisation_speed))
                # Labour shares drift toward sectors that grew faster than average last year.
                mean_growth = 0.0
                for j in range(n):
                    mean_growth += labour_share[j] * growth_previous[j]
                share_sum = 0.0
                for j in range(n):
                    labour_share[j] *= math.exp(m.labour_reallocation
                                                * (growth_previous[j] - mean_growth))
                    share_sum += labour_share[j]
                labour = m.employment_rate * 0.5 * (population + population_previous)
                for j in range(n):
                    labour_share[j] /= share_sum
                    employment[j] = labour_share[j] * labour

                # ---- M5: capacity of every sector (M1's shock moves a supply sector's TFP, a
                # demand sector's final demand); supply sectors produce it ----
                for j in range(n):
                    log_tfp[j] += (m.tfp_drift[t, j]
                                   + m.public_capital_elasticity * dln_public_capital)
                    if m.sector_is_supply[j]:
                        log_tfp[j] += shock[j]
                    alpha = m.sector_capital_share[j]
                    log_potential[j] = (log_tfp[j] + alpha * math.log(capital[j])
                                        + (1.0 - alpha) * math.log(employment[j]))
                supply_value_added = 0.0
                for k in range(n_supply):
                    j = S[k]
                    log_y = log_potential[j]
                    growth_previous[j] = log_y - log_value_added[j]
                    log_value_added[j] = log_y
                    value_added[j] = math.exp(log_y)
                    supply_value_added += value_added[j]
                    x_supply[k] = value_added[j] / m.sector_va_ratio[j]

                # ---- M7: demand sectors: the mixed input-output model's Y^D blended with
                # capacity ----
                drivers[0] = 0.0
                for b in range(blocks):
                    drivers[6 + b] = fai[b] / investment_price
                    drivers[0] += drivers[6 + b]
                drivers[3] = tourist_spending / consumer_price
                drivers[4] = supply_value_added
                for k in range(n_demand):
                    pull = 0.0
                    for slot in range(slots):
                        pull += m.driver_coefficients[k, slot] * drivers[slot]
                    j = D[k]
                    final_demand[j] = m.base_final_demand[j] * pull * math.exp(shock[j])
                for k in range(n_demand):
                    x_demand = 0.0
                    for i in range(n_demand):
                        x_demand += m.leontief_dd[k, i] * final_demand[D[i]]
                    for i in range(n_supply):
                        x_demand += m.supply_to_demand[k, i] * x_supply[i]
                    j = D[k]
                    log_demand = math.log(m.sector_va_ratio[j] * x_demand)  # ln Y^D
                    theta = m.sector_capacity_weight[j]
                    gap[j] = log_demand - log_potential[j]
                    log_y = (1.0 - theta) * log_demand + theta * log_potential[j]
                    growth_previous[j] = log_y - log_value_added[j]
                    log_value_added[j] = log_y
                    value_added[j] = math.exp(log_y)

                # ---- M8: nominal GDP; real GDP chain-linked at last year's prices (Laspeyres);
                # M10 labour compensation and M12 tax base from the same sums ----
                gdp_nominal_previous = gdp_nominal
                volume = 0.0
                gdp_nominal = 0.0
                labour_compensation = 0.0
                tax_base_now = m.land_tax_rate * fai[property_block]
                for j in range(n):
                    nominal = price[j] * value_added[j]
                    volume += price_previous[j] * value_added[j]
                    gdp_nominal += nominal
                    labour_compensation += (1.0 - m.sector_capital_share[j]) * nominal
                    tax_base_now += m.sector_tax_rate[j] * nominal
                volume_index = volume / gdp_nominal_previous
                real_growth = math.log(volume_index)
                gdp_real *= volume_index
                real_per_capita_growth = real_growth - math.log(population / population_previous)

                # ---- M10: transfers, disposable income, consumption ----
                # Transfers keep their real value per resident, growing at their own real rate;
                # a negative TR (non-residents' labour income) moves with the wage bill.
                per_resident = population / m.base_population * consumer_price
                if m.base_household_transfers >= 0:
                    driver = per_resident
                else:
                    driver = labour_compensation / m.base_labour_compensation
                household_transfers = (m.base_household_transfers * driver
                                       * math.exp(m.income_transfer_real_growth * t))
                disposable = (((1.0 - m.income_tax_rate) * labour_compensation
                               + household_transfers)
                              * math.exp(m.income_volatility
                                         * loaded(m.income_loading, f,
                                                  np.random.standard_normal())))
                income = disposable * 1e8 / population
                consumption = m.propensity_to_consume * disposable

                # ---- M11: retail sales, residents' consumption plus sales to non-residents Q
                # (in current prices: inflation plus real terms) ----
                retail_others *= math.exp(inflation + m.retail_drift
                                          + m.retail_demand_elasticity * real_growth
                                          + m.retail_tourism_elasticity
                                          * (math.log(tourist_spending / tourist_spending_previous)
                                             - inflation)
                                          + m.retail_volatility
                                          * loaded(m.retail_loading, f,
                                                   np.random.standard_normal()))
                retail = consumption + retail_others

                # ---- M12: budget revenue, transfers from above, government spending ----
                revenue *= math.exp(m.revenue_elasticity * math.log(tax_base_now / tax_base)
                                    + m.revenue_volatility
                                    * loaded(m.revenue_loading, f, np.random.standard_normal()))
                tax_base = tax_base_now
                government_spending = (revenue + m.base_government_transfers * per_resident
                                       * math.exp(m.government_transfer_real_growth * t))

                # ---- M13: R&D intensity, AR(1) around a linear path ----
                trend_now = m.rd_base_intensity + m.rd_trend * t
                trend_before = m.rd_base_intensity + m.rd_trend * (t - 1)
                rd = (trend_now + m.rd_persistence * (rd - trend_before)
                      + m.rd_volatility * np.random.standard_normal())

            # ---- outputs of year t ----
            fai_total = 0.0
            for b in range(blocks):
                fai_total += fai[b]
            employment_total = 0.0
            class_share[:] = 0.0
            for j in range(n):
                nominal = price[j] * value_added[j]
                employment_total += employment[j]
                class_share[m.sector_industry_class[j]] += nominal / gdp_nominal
                per_sector[VA_REAL, p, t, j] = value_added[j]
                per_sector[VA_NOMINAL, p, t, j] = nominal
                per_sector[CAPITAL, p, t, j] = capital[j]
                per_sector[EMPLOYMENT, p, t, j] = employment[j]
                per_sector[PRICE, p, t, j] = price[j]
                per_sector[GROSS_OUTPUT, p, t, j] = value_added[j] / m.sector_va_ratio[j]
                per_sector[FINAL_DEMAND, p, t, j] = final_demand[j]
                per_sector[SECTOR_SHOCK, p, t, j] = shock[j]
                per_sector[UTILISATION_GAP, p, t, j] = gap[j]
            scalars[GDP_NOMINAL, p, t] = gdp_nominal
            scalars[GDP_REAL, p, t] = gdp_real
            scalars[GDP_DEFLATOR, p, t] = gdp_nominal / gdp_real
            scalars[GDP_PER_CAPITA, p, t] = gdp_nominal * 1e8 / population
            scalars[POPULATION, p, t] = population
            scalars[EMPLOYMENT_TOTAL, p, t] = employment_total
            scalars[PRODUCTIVITY, p, t] = gdp_real * 1e8 / employment_total / 1e4
            scalars[FAI, p, t] = fai_total
            scalars[INCOME, p, t] = income
            scalars[URBANISATION, p, t] = urbanisation
            scalars[INFLATION, p, t] = inflation
            scalars[RETAIL, p, t] = retail
            scalars[REVENUE, p, t] = revenue
            scalars[PRIMARY, p, t] = class_share[0]
            scalars[SECONDARY, p, t] = class_share[1]
            scalars[TERTIARY, p, t] = class_share[2]
            scalars[VISITS, p, t] = visits
            scalars[TOURIST_SPENDING, p, t] = tourist_spending
            scalars[RD, p, t] = rd
            scalars[LABOUR_COMPENSATION, p, t] = labour_compensation
            scalars[CONSUMPTION, p, t] = consumption
            scalars[GOVERNMENT_SPENDING, p, t] = government_spending
            # Section 8 satellites: psi_k sum_j content_kj P_j (VA_j or X_j) [+ TS] [/ GDP].
            for k in range(satellites):
                value = 0.0
                for j in range(n):
                    measure = value_added[j]
                    if m.satellite_gross_output[k]:
                        measure = value_added[j] / m.sector_va_ratio[j]
                    value += m.satellite_content[k, j] * price[j] * measure
                if m.satellite_add_tourist_spending[k]:
                    value += tourist_spending
                if m.satellite_share_of_gdp[k]:
                    value /= gdp_nominal
                per_satellite[0, p, t, k] = m.satellite_scale[k] * value


def run(m, paths, seed):
    """Simulates `paths` paths of the model `m` (common.load_model); returns the variables of
    common.SCALARS, PER_SECTOR and PER_SATELLITE by name, (paths, years[, width])."""
    stacks = common.allocate_outputs(m, paths)
    simulate(model_tuple(m), paths, seed, *stacks)
    out = common.outputs_by_name(*stacks)
    common.check_finite(out)
    return out


if __name__ == "__main__":
    common.main("numba", run)
