"""The regiosim model in NumPy, vectorised over paths, as an economist fluent in NumPy writes it.

Every state variable is an array over paths, (paths,) or (paths, sectors); the only Python loop
runs over the years. The equations (the block functions of engine/src/model/year_blocks.cpp), their
order within the year (PathSimulator::step, engine/src/model/path_simulator.cpp) and the calibrated
model (from regiosim.model_arrays) are the engine's for a scenario without jumps, Student-t
innovations or priors (bench/peers/peer-scenario.yaml). The random numbers are NumPy's (PCG64), so
the paths agree with the engine's in distribution, not draw by draw.

    /usr/bin/python3 bench/peers/numpy_peer.py --paths 10000
"""
if __name__ == "__main__":
    import single_core  # noqa: F401  (one core: before numpy is imported)

import numpy as np

import common


def loaded(b, f, own):
    """A unit-variance innovation with loading b on the regional factor f (M1 macro blocks)."""
    return b * f + np.sqrt(1.0 - b * b) * own


def run(m, paths, seed):
    """Simulates `paths` paths of the model `m` (common.load_model); returns the variables of
    common.SCALARS, PER_SECTOR and PER_SATELLITE by name, (paths, years[, width])."""
    rng = np.random.default_rng(seed)
    years, groups = m["years"], m["groups"]
    sectors = len(m["sector_codes"])
    blocks = len(m["base_fai_blocks"])
    S, D = m["supply_sectors"], m["demand_sectors"]
    v = m["sector_va_ratio"]
    alpha = m["sector_capital_share"]
    theta = m["sector_capacity_weight"][D]
    pass_through = m["utilisation_pass_through"] * m["sector_capacity_weight"]
    is_supply = m["sector_is_supply"].astype(float)
    b, c = m["sector_loading_regional"], m["sector_loading_group"]
    idiosyncratic = np.sqrt(1.0 - b * b - c * c)
    group = m["sector_group"]
    weights = m["build_weights"]
    kappa = m["conversion_share"]
    public_block = m["public_capital_block"]
    property_block = m["property_block"]
    base_population = m["base_population"]
    tax_rate_h = m["income_tax_rate"]
    driver_coefficients = common.driver_coefficients(m)
    class_matrix = np.eye(3)[m["sector_industry_class"]]  # (sectors, 3) one-hot
    satellite_va = m["satellite_content"] * ~m["satellite_gross_output"][:, None]
    satellite_go = m["satellite_content"] * m["satellite_gross_output"][:, None]
    satellite_share = m["satellite_share_of_gdp"]
    satellite_ts = m["satellite_add_tourist_spending"].astype(float)

    def full(value, width=None):
        return np.full(paths if width is None else (paths, width), value, dtype=float)

    # ---- base year: the calibrated state ----
    shock = full(0.0, sectors)
    log_tfp = np.tile(m["base_log_tfp"], (paths, 1))
    capital = np.tile(m["base_capital"], (paths, 1))
    value_added = np.tile(m["base_value_added"], (paths, 1))
    log_value_added = np.log(value_added)
    gap = full(0.0, sectors)  # utilisation gap z_j (M7), 0 for supply sectors
    price = full(1.0, sectors)
    employment = np.tile(m["base_employment"], (paths, 1))
    labour_share = employment / employment.sum(axis=1, keepdims=True)
    growth_previous = full(0.0, sectors)
    fai = np.tile(m["base_fai_blocks"], (paths, 1))
    dln_fai = np.tile(m["block_growth_mean"], (paths, 1))
    # Pre-sample investment grows at g_I (M4).
    discount = (1.0 + m["initial_growth"]) ** -np.arange(len(weights))
    investment_history = discount[:, None, None] * m["base_investment"] * np.ones((paths, 1))
    public_history = discount[:, None] * kappa * m["base_fai_blocks"][public_block] * np.ones(paths)
    public_capital = full(m["base_public_capital"])
    investment_price = full(1.0)
    inflation = full(m["base_inflation"])
    population = full(base_population)
    population_previous = full(m["base_population_previous"])
    urbanisation = full(m["base_urbanisation"])
    labour_compensation = full(m["base_labour_compensation"])
    income = full(m["base_income_per_capita"])
    consumption = full(m["base_consumption"])
    retail_others = full(m["base_retail_others"])
    retail = full(m["base_retail_sales"])
    revenue = full(m["base_budget_revenue"])
    tax_base = full(m["base_tax_base"])
    government_spending = full(m["base_budget_revenue"] + m["base_government_transfers"])
    gdp_nominal = full(m["base_gdp"])
    gdp_real = full(m["base_gdp"])
    real_per_capita_growth = full(m["migration_reference_growth"])  # no gap before year 1 (M9)
    real_growth = full(m["growth_target"])  # no shortfall before year 1 (M2)
    consumer_price = full(1.0)
    visits = full(m["tourism_base_visits"])
    spend_per_visit = full(m["tourism_base_revenue"] * 1e8 / m["tourism_base_visits"])
    tourist_spending = full(m["tourism_base_revenue"])
    rd = full(m["rd_base_intensity"])
    final_demand = np.tile(m["base_final_demand"], (paths, 1))
    drivers = np.empty((paths, len(m["base_drivers"])))

    out = common.outputs_by_name(*common.allocate_outputs(m, paths))
    # Columns of one year's normal draws: f, h_g, e_j, eta_j, eps_b, then the macro blocks.
    macro = 1 + groups + 2 * sectors + blocks
    draws_per_year = macro + 8

    for t in range(years):
        if t > 0:
            # M7's lagged drivers: last year's household consumption, retail sales and government
            # spending, real, grown by the base-year trend (the year is recursive).
            deflate = m["lagged_driver_trend"] / consumer_price
            drivers[:, 1] = consumption * deflate
            drivers[:, 2] = retail * deflate
            drivers[:, 5] = government_spending * deflate
            z = rng.standard_normal((paths, draws_per_year))
            f = z[:, 0]
            h = z[:, 1:1 + groups]
            e = z[:, 1 + groups:1 + groups + sectors]
            eta = z[:, 1 + groups + sectors:1 + groups + 2 * sectors]
            eps_blocks = z[:, 1 + groups + 2 * sectors:macro]
            (z_inflation, z_investment_price, z_visits, z_migration, z_income, z_retail, z_revenue,
             z_rd) = z[:, macro:].T

            # ---- M1: sector shocks ----
            innovation = b * f[:, None] + c * h[:, group] + idiosyncratic * e
            shock = m["sector_volatility"] * innovation + m["shock_persistence"] * shock

            # ---- M8: inflation and sector prices (last year's utilisation gap passed through as
            # far as capacity binds output); M3 investment price ----
            mu_pi = m["inflation_mean"][t]
            inflation = (mu_pi + m["inflation_persistence"] * (inflation - mu_pi)
                         + m["inflation_volatility"]
                         * loaded(m["inflation_loading"], f, z_inflation))
            price_previous = price
            price = price * np.exp(inflation[:, None] + m["sector_price_drift"]
                                   + pass_through * gap + m["sector_price_volatility"] * eta)
            investment_price *= np.exp(inflation + m["investment_price_markup"]
                                       + m["investment_price_volatility"] * z_investment_price)
            consumer_price *= np.exp(inflation)

            # ---- M11: tourist visits and spending per visit ----
            visits *= np.exp(m["tourism_visits_growth"]
                             + m["tourism_volatility"] * loaded(m["tourism_loading"], f, z_visits))
            spend_per_visit *= np.exp(inflation + m["tourism_spend_real_growth"])
            tourist_spending_previous = tourist_spending
            tourist_spending = visits * spend_per_visit / 1e8

            # ---- M2: FAI blocks ----
            shortfall = np.maximum(0.0, m["growth_target"] - real_growth)
            mu_b = m["block_growth_mean"]
            dln_fai = (mu_b + m["block_persistence"] * (dln_fai - mu_b)
                       + m["block_policy_reaction"] * shortfall[:, None]
                       + m["block_volatility"] * loaded(m["investment_loading"], f[:, None],
                                                        eps_blocks))
            fai *= np.exp(dln_fai)

            # ---- M3-M4: real investment, time to build, capital ----
            investment_history[1:] = investment_history[:-1]
            public_history[1:] = public_history[:-1]
            real_fai = kappa * fai / investment_price[:, None]
            investment_history[0] = real_fai @ m["block_allocation"]
            public_history[0] = real_fai[:, public_block]
            capital = ((1.0 - m["sector_depreciation"]) * capital
                       + np.tensordot(weights, investment_history, axes=1))
            public_capital_previous = public_capital
            public_capital = ((1.0 - m["public_capital_depreciation"]) * public_capital
                              + weights @ public_history)
            dln_public_capital = np.log(public_capital / public_capital_previous)

            # ---- M9: population (migration answers to last year's real per-capita growth),
            # urbanisation, labour ----
            migration = (m["migration_mean"]
                         + m["migration_response"]
                         * (real_per_capita_growth - m["migration_reference_growth"])
                         + m["migration_volatility"] * loaded(m["migration_loading"], f,
                                                              z_migration))
            population_previous = population
            population = population * (1.0 + m["natural_increase"] + migration)
            urbanisation = (m["urbanisation_ceiling"] - (m["urbanisation_ceiling"] - urbanisation)
                            * np.exp(-m["urbanisation_speed"]))
            # Labour shares drift toward sectors that grew faster than average last year.
            mean_growth = (labour_share * growth_previous).sum(axis=1, keepdims=True)
            labour_share = labour_share * np.exp(m["labour_reallocation"]
                                                 * (growth_previous - mean_growth))
            labour_share /= labour_share.sum(axis=1, keepdims=True)
            employment = labour_share * (m["employment_rate"] * 0.5
                                         * (population + population_previous))[:, None]

            # ---- M5: capacity of every sector (M1's shock moves a supply sector's TFP, a demand
            # sector's final demand); supply sectors produce it ----
            log_tfp += (m["tfp_drift"][t] + m["public_capital_elasticity"]
                        * dln_public_capital[:, None] + is_supply * shock)
            log_potential = (log_tfp + alpha * np.log(capital)
                             + (1.0 - alpha) * np.log(employment))
            log_y = log_potential[:, S]
            growth_previous[:, S] = log_y - log_value_added[:, S]
            log_value_added[:, S] = log_y
            value_added[:, S] = np.exp(log_y)

            # ---- M7: demand sectors: the mixed input-output model's Y^D blended with capacity ----
            real_fai_total = fai / investment_price[:, None]
            drivers[:, 0] = real_fai_total.sum(axis=1)
            drivers[:, 3] = tourist_spending / consumer_price
            drivers[:, 4] = value_added[:, S].sum(axis=1)
            drivers[:, 6:] = real_fai_total
            final_demand[:, D] = (m["base_final_demand"][D] * (drivers @ driver_coefficients.T)
                                  * np.exp(shock[:, D]))
            x_demand = (final_demand[:, D] @ m["leontief_dd"].T
                        + (value_added[:, S] / v[S]) @ m["supply_to_demand"].T)
            log_demand = np.log(v[D] * x_demand)  # ln Y^D
            gap[:, D] = log_demand - log_potential[:, D]
            log_y = (1.0 - theta) * log_demand + theta * log_potential[:, D]
            growth_previous[:, D] = log_y - log_value_added[:, D]
            log_value_added[:, D] = log_y
            value_added[:, D] = np.exp(log_y)

            # ---- M8: nominal GDP; real GDP chain-linked at last year's prices (Laspeyres) ----
            gdp_nominal_previous = gdp_nominal
            volume_index = (price_previous * value_added).sum(axis=1) / gdp_nominal_previous
            real_growth = np.log(volume_index)
            gdp_real = gdp_real * volume_index
            nominal = price * value_added
            gdp_nominal = nominal.sum(axis=1)
            real_per_capita_growth = real_growth - np.log(population / population_previous)

            # ---- M10: labour compensation, transfers, disposable income, consumption ----
            labour_compensation = nominal @ (1.0 - alpha)
            # A negative TR (non-residents' labour income) moves with the wage bill (M10).
            driver = (population / base_population * consumer_price
                      if m["base_household_transfers"] >= 0
                      else labour_compensation / m["base_labour_compensation"])
            household_transfers = (m["base_household_transfers"] * driver
                                   * np.exp(m["income_transfer_real_growth"] * t))
            disposable = (((1.0 - tax_rate_h) * labour_compensation + household_transfers)
                          * np.exp(m["income_volatility"] * loaded(m["income_loading"], f,
                                                                   z_income)))
            income = disposable * 1e8 / population
            consumption = m["propensity_to_consume"] * disposable

            # ---- M11: retail sales, residents' consumption plus sales to non-residents Q (in
            # current prices: inflation plus real terms) ----
            retail_others = retail_others * np.exp(
                inflation + m["retail_drift"] + m["retail_demand_elasticity"] * real_growth
                + m["retail_tourism_elasticity"] * (np.log(tourist_spending
                                                           / tourist_spending_previous)
                                                    - inflation)
                + m["retail_volatility"] * loaded(m["retail_loading"], f, z_retail))
            retail = consumption + retail_others

            # ---- M12: budget revenue, transfers from above, government spending ----
            tax_base_now = (m["land_tax_rate"] * fai[:, property_block]
                            + nominal @ m["sector_tax_rate"])
            revenue = (revenue * np.exp(m["revenue_elasticity"] * np.log(tax_base_now / tax_base)
                                        + m["revenue_volatility"]
                                        * loaded(m["revenue_loading"], f, z_revenue)))
            tax_base = tax_base_now
            government_transfers = (m["base_government_transfers"] * population / base_population
                                    * consumer_price
                                    * np.exp(m["government_transfer_real_growth"] * t))
            government_spending = revenue + government_transfers

            # ---- M13: R&D intensity, AR(1) around a linear path ----
            trend_now = m["rd_base_intensity"] + m["rd_trend"] * t
            trend_before = m["rd_base_intensity"] + m["rd_trend"] * (t - 1)
            rd = trend_now + m["rd_persistence"] * (rd - trend_before) + m["rd_volatility"] * z_rd

        # ---- outputs of year t ----
        nominal = price * value_added
        gross_output = value_added / v
        employment_total = employment.sum(axis=1)
        shares = nominal @ class_matrix / gdp_nominal[:, None]
        satellites = (nominal @ satellite_va.T + (price * gross_output) @ satellite_go.T
                      + tourist_spending[:, None] * satellite_ts)
        satellites = np.where(satellite_share, satellites / gdp_nominal[:, None], satellites)
        year_values = {
            "gdp_nominal": gdp_nominal, "gdp_real": gdp_real,
            "gdp_deflator": gdp_nominal / gdp_real,
            "gdp_per_capita": gdp_nominal * 1e8 / population, "population": population,
            "employment_total": employment_total,
            "labour_productivity": gdp_real * 1e8 / employment_total / 1e4,
            "fai_nominal": fai.sum(axis=1), "income_per_capita": income,
            "urbanisation": urbanisation, "inflation": inflation, "retail_sales": retail,
            "budget_revenue": revenue, "primary_share": shares[:, 0],
            "secondary_share": shares[:, 1], "tertiary_share": shares[:, 2],
            "tourist_visits": visits, "tourist_spending": tourist_spending, "rd_intensity": rd,
            "labour_compensation": labour_compensation, "household_consumption": consumption,
            "government_spending": government_spending,
            "value_added_real": value_added, "value_added_nominal": nominal, "capital": capital,
            "employment": employment, "price": price, "gross_output_real": gross_output,
            "final_demand_real": final_demand, "sector_shock": shock,
            "utilisation_gap": gap,
            "satellite_value": m["satellite_scale"] * satellites,
        }
        for name, values in year_values.items():
            out[name][:, t] = values
    common.check_finite(out)
    return out


if __name__ == "__main__":
    common.main("numpy", run)
