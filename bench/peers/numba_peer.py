"""The regiosim model in Numba: a plain loop over paths and years, compiled with @njit, as a user
fluent in Numba would write it.

The equations, their order within the year and the calibrated model (from regiosim.model_arrays)
are the engine's (engine/src/model/path_simulator.cpp) for a scenario without jumps, Student-t
innovations or priors (bench/peers/peer-scenario.yaml). Like the engine, the per-path state lives in
scratch arrays allocated once, and the year step allocates nothing. The random numbers are Numba's
(Mersenne Twister, seeded inside the compiled code), so the paths agree with the engine's in
distribution, not draw by draw. The command line runs it once on 2 paths before timing, so the JIT
compilation is not timed.

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
 TOURIST_SPENDING, RD) = range(len(common.SCALARS))
(VA_REAL, VA_NOMINAL, CAPITAL, EMPLOYMENT, PRICE, GROSS_OUTPUT, FINAL_DEMAND,
 SECTOR_SHOCK) = range(len(common.PER_SECTOR))


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
    # Scratch, allocated once: one row per sector variable.
    (shock, log_tfp, capital, value_added, log_value_added, price, labour_share, employment,
     growth_previous, final_demand) = np.empty((10, n))
    h = np.empty(groups)
    fai, dln_fai = np.empty((2, blocks))
    investment_history = np.empty((lags, n))
    public_history = np.empty(lags)
    drivers = np.zeros(slots)
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
            price[j] = 1.0
            employment[j] = m.base_employment[j]
            labour_share[j] = employment[j] / employment_base
            growth_previous[j] = 0.0
            final_demand[j] = m.base_final_demand[j]
        for b in range(blocks):
            fai[b] = m.base_fai_blocks[b]
            dln_fai[b] = m.block_growth_mean[b]
        # Pre-sample investment grows at g_I, as in the steady-state capital start (M4).
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
        income = m.base_income_per_capita
        retail = m.base_retail_sales
        revenue = m.base_budget_revenue
        tax_base = m.base_tax_base
        gdp_nominal = m.base_gdp
        gdp_real = m.base_gdp
        gdp_per_capita_growth = m.income_reference_growth  # no gap before year 1 (M9)
        real_growth = m.growth_target  # no shortfall before year 1 (M2)
        consumer_price = 1.0
        visits = m.tourism_base_visits
        spend_per_visit = m.tourism_base_revenue * 1e8 / m.tourism_base_visits
        tourist_spending = m.tourism_base_revenue
        rd = m.rd_base_intensity

        for t in range(years):
            if t > 0:
                # M7 drivers from last year's income, retail sales and revenue.
                drivers[1] = population * income / consumer_price / 1e8
                drivers[2] = retail / consumer_price
                drivers[5] = revenue / consumer_price

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

                # ---- M8: inflation and sector prices; M3 investment price ----
                mu_pi = m.inflation_mean[t]
                inflation = (mu_pi + m.inflation_persistence * (inflation - mu_pi)
                             + m.inflation_volatility
                             * loaded(m.inflation_loading, f, np.random.standard_normal()))
                for j in range(n):
                    price[j] *= math.exp(inflation + m.sector_price_drift[j]
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

                # ---- M9: population, urbanisation, labour ----
                migration = (m.migration_mean + m.migration_response
                             * (gdp_per_capita_growth - m.income_reference_growth)
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

                # ---- M5: supply sectors ----
                supply_value_added = 0.0
                for k in range(n_supply):
                    j = S[k]
                    log_tfp[j] += (m.tfp_drift[t, j]
                                   + m.public_capital_elasticity * dln_public_capital + shock[j])
                    alpha = m.sector_capital_share[j]
                    log_y = (log_tfp[j] + alpha * math.log(capital[j])
                             + (1.0 - alpha) * math.log(employment[j]))
                    growth_previous[j] = log_y - log_value_added[j]
                    log_value_added[j] = log_y
                    value_added[j] = math.exp(log_y)
                    supply_value_added += value_added[j]
                    x_supply[k] = value_added[j] / m.sector_va_ratio[j]

                # ---- M7: demand sectors from the mixed input-output model ----
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
                    log_y = math.log(m.sector_va_ratio[j] * x_demand)
                    growth_previous[j] = log_y - log_value_added[j]
                    log_value_added[j] = log_y
                    value_added[j] = math.exp(log_y)

                # ---- M8: nominal GDP, chain-linked real growth with last year's weights ----
                gdp_nominal_previous = gdp_nominal
                real_growth = 0.0
                gdp_nominal = 0.0
                tax_base_now = 0.0
                for j in range(n):
                    real_growth += (per_sector[VA_NOMINAL, p, t - 1, j] / gdp_nominal_previous
                                    * growth_previous[j])
                    gdp_nominal += price[j] * value_added[j]
                    tax_base_now += m.sector_tax_rate[j] * price[j] * value_added[j]
                gdp_real *= math.exp(real_growth)
                gdp_per_capita_growth = math.log(gdp_nominal * 1e8 / population
                                                 / scalars[GDP_PER_CAPITA, p, t - 1])

                # ---- M10: nominal disposable income per capita ----
                income_previous = income
                income *= math.exp(m.income_growth_mean + m.income_gdp_elasticity
                                   * (gdp_per_capita_growth - m.income_reference_growth)
                                   + m.income_volatility
                                   * loaded(m.income_loading, f, np.random.standard_normal()))

                # ---- M11: retail sales ----
                dln_households = (math.log(population / population_previous)
                                  + math.log(income / income_previous))
                retail *= math.exp(m.retail_drift + m.retail_income_elasticity * dln_households
                                   + m.retail_demand_elasticity
                                   * math.log(gdp_nominal / gdp_nominal_previous)
                                   + m.retail_tourism_elasticity
                                   * math.log(tourist_spending / tourist_spending_previous)
                                   + m.retail_volatility
                                   * loaded(m.retail_loading, f, np.random.standard_normal()))

                # ---- M12: budget revenue ----
                revenue *= ((tax_base_now / tax_base) ** m.revenue_elasticity
                            * math.exp(m.revenue_volatility
                                       * loaded(m.revenue_loading, f,
                                                np.random.standard_normal())))
                tax_base = tax_base_now

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
