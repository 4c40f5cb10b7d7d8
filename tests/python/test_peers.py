"""The NumPy and Numba peers of bench/peers implement the engine's model: with every volatility at
zero they follow the engine's path to rounding, and with shocks on their GDP 2025 agrees with the
engine's in distribution (different random number generators, so only statistically)."""
import sys

import numpy as np
import pytest
from scipy import stats

# numba imports llvmlite, which calls importlib.resources.path, deprecated in Python 3.11.
pytestmark = pytest.mark.filterwarnings("ignore:path is deprecated:DeprecationWarning")

PATHS = 5000  # each of engine, NumPy and Numba: about 10 s in all on 2 cores, Numba's JIT included
SEED = 1
YEAR = 2025


@pytest.fixture(scope="module")
def peers(regiosim, source_dir):
    sys.path.insert(0, str(source_dir / "bench" / "peers"))
    import common
    import numba_peer
    import numpy_peer
    return common, {"numpy": numpy_peer, "numba": numba_peer}


@pytest.fixture(scope="module")
def engine(regiosim, peers):
    common, _ = peers
    return regiosim.run(regiosim.load_scenario(common.SCENARIO), paths=PATHS, seed=SEED)


@pytest.fixture(scope="module")
def peer_runs(peers):
    common, modules = peers
    model = common.load_model()
    return {name: module.run(model, PATHS, SEED) for name, module in modules.items()}


def zero_volatility_overrides(model):
    """--set overrides that zero every volatility of the model (M1-M13): sectors and FAI blocks one
    by one, so that a value of their own does not escape the defaults."""
    overrides = [f"sectors.{code}.{key}=0" for code in model["sector_codes"]
                 for key in ("volatility", "price_volatility")]
    overrides += [f"investment.blocks[{b}].volatility=0"
                  for b in range(len(model["base_fai_blocks"]))]
    overrides += [f"{key}=0" for key in (
        "investment.price_volatility", "prices.volatility", "population.migration_volatility",
        "income.volatility", "retail.volatility", "tourism.volatility", "rd.volatility",
        "fiscal.volatility")]
    return overrides


@pytest.fixture(scope="module")
def calm(regiosim, peers):
    """The model with every volatility at zero and the engine's one path of it."""
    common, _ = peers
    overrides = zero_volatility_overrides(common.load_model())
    model = common.load_model(common.SCENARIO, overrides)
    engine = regiosim.run(regiosim.load_scenario(common.SCENARIO, overrides), paths=1, seed=SEED)
    return model, engine


def test_without_shocks_the_peers_follow_the_engine_to_rounding(peers, calm):
    # The strongest check that the equations are the same: with every volatility at zero the random
    # draws are multiplied by zero, the model is deterministic, and engine and peers must give the
    # same value of every variable in every year, up to floating-point rounding.
    _, modules = peers
    model, engine = calm
    volatilities = [name for name in model if "volatility" in name]
    assert len(volatilities) >= 11 and all(np.all(model[name] == 0) for name in volatilities)
    assert engine["gdp_nominal"][0, -1] > 1.5 * engine["gdp_nominal"][0, 0]  # the model moves
    # The new model's mechanisms are live on this path: demand sectors' utilisation gaps, which
    # feed their prices (M7-M8), and transfers on top of own revenue (M12).
    assert np.abs(engine["utilisation_gap"][0, 1:]).max() > 1e-3
    assert np.all(engine["government_spending"] > engine["budget_revenue"])
    for peer, module in modules.items():
        outputs = module.run(model, 1, SEED)
        for name, values in outputs.items():
            np.testing.assert_allclose(values, engine[name], rtol=1e-9, atol=0,
                                       err_msg=f"{peer}: {name}")


def test_the_peers_refuse_a_scenario_with_jumps(peers):
    common, _ = peers
    jumps = "pandemic_enabled, property_bust_enabled, projects_enabled"
    with pytest.raises(ValueError, match=jumps):
        common.load_model(common.REPO / "scenarios" / "luolong-14fyp.yaml")


def quantile_standard_error(sample, p):
    """Asymptotic standard error of the sample p-quantile, sqrt(p (1 - p) / n) / f(q_p), with the
    density f at the quantile estimated from the sample (Gaussian kernel, Scott's bandwidth)."""
    q = np.quantile(sample, p)
    density = stats.gaussian_kde(sample)(q)[0]
    return np.sqrt(p * (1 - p) / len(sample)) / density


@pytest.mark.parametrize("peer", ["numpy", "numba"])
def test_gdp_2025_agrees_with_the_engine_in_distribution(engine, peer_runs, peer):
    t = YEAR - engine.years[0]
    ours = engine["gdp_nominal"][:, t]
    theirs = peer_runs[peer]["gdp_nominal"][:, t]
    # Independent samples (different generators): the difference of two sample means has standard
    # error sqrt(s1^2 / n1 + s2^2 / n2), and is normal by the central limit theorem. If the models
    # are the same, a difference beyond 4 standard errors has probability 6e-5 (4 standard errors
    # are about 0.8 % of GDP 2025 with 5,000 paths each).
    se_mean = np.sqrt(ours.var(ddof=1) / len(ours) + theirs.var(ddof=1) / len(theirs))
    assert abs(ours.mean() - theirs.mean()) < 4 * se_mean
    # Sample quantiles are asymptotically normal with the standard error of
    # quantile_standard_error; the same 4 combined standard errors bound their difference.
    for p in (0.05, 0.5, 0.95):
        se = np.hypot(quantile_standard_error(ours, p), quantile_standard_error(theirs, p))
        assert abs(np.quantile(ours, p) - np.quantile(theirs, p)) < 4 * se, p
    assert stats.ks_2samp(ours, theirs).pvalue > 0.01


# Indicators with shocks of their own (M1, M2, M8-M13): their distributions test the volatilities
# that the deterministic check above multiplies by zero.
SHOCKED = ("gdp_real", "inflation", "fai_nominal", "population", "income_per_capita",
           "retail_sales", "budget_revenue", "tourist_spending", "rd_intensity", "tertiary_share")


@pytest.mark.parametrize("peer", ["numpy", "numba"])
def test_indicators_with_their_own_shocks_agree_in_distribution(engine, peer_runs, peer):
    t = YEAR - engine.years[0]
    # Bonferroni: all of them together fail by chance with probability at most 0.01.
    p_values = {name: stats.ks_2samp(engine[name][:, t], peer_runs[peer][name][:, t]).pvalue
                for name in SHOCKED}
    assert min(p_values.values()) > 0.01 / len(SHOCKED), p_values


def property_fai(values, m, t):
    """Nominal FAI of the block whose sales enter M12's tax base (property_block), years t - 1 and
    t, as (paths, 2). Not an output: M4 gives each year's real investment by sector from capital,
    I_j,t = (K_j,t - (1 - delta_j) K_j,t-1 - sum_{s>=1} w_s I_j,t-s) / w_0, from the pre-sample
    history the engine starts from; M3's I_j = kappa sum_b s_j|b FAI_b / P^I then gives real FAI
    by block (least squares over the sectors, exact for an allocation of full rank), and nominal
    FAI, the sum of the blocks, gives P^I."""
    weights, kappa = m["build_weights"], m["conversion_share"]
    capital = values("capital")
    paths = capital.shape[0]
    discount = (1.0 + m["initial_growth"]) ** -np.arange(len(weights))
    history = [np.tile(m["base_investment"] * d, (paths, 1)) for d in discount]  # I_0, I_-1, ...
    fai = []
    for year in range(1, t + 1):
        built = sum(w * history[s - 1] for s, w in enumerate(weights) if s > 0)
        investment = (capital[:, year] - (1.0 - m["sector_depreciation"]) * capital[:, year - 1]
                      - built) / weights[0]
        history = [investment] + history[:-1]
        if year >= t - 1:
            real_blocks = np.linalg.lstsq(kappa * m["block_allocation"].T, investment.T,
                                          rcond=None)[0].T  # FAI_b / P^I, (paths, blocks)
            investment_price = values("fai_nominal")[:, year] / real_blocks.sum(axis=1)
            fai.append(real_blocks[:, m["property_block"]] * investment_price)
    return np.column_stack(fai)


def innovations(values, m, t):
    """Year t's shocks, recovered from the outputs by undoing the deterministic part of each
    equation: the sector shocks u_j (M1) and the macro innovations of inflation (M8), tourist visits
    (M11), migration (M9), disposable income (M10), retail sales to non-residents (M11) and revenue
    (M12), as (paths, 21)."""
    def growth(name, lag=0):
        return np.log(values(name)[:, t - lag] / values(name)[:, t - lag - 1])

    mu_pi = m["inflation_mean"][t]
    inflation = values("inflation")
    population = values("population")[:, t]
    consumer_price = np.exp(inflation[:, 1:t + 1].sum(axis=1))  # P_c: 1 in the base year
    # M9: migration answers to last year's real per-capita growth.
    real_per_capita_growth = growth("gdp_real", 1) - growth("population", 1)
    # M10: YD = ((1 - tau_H) W + TR) exp(innovation), TR indexed to population and prices, or to
    # the wage bill when it is negative (non-residents' labour income).
    disposable = values("income_per_capita")[:, t] * population / 1e8
    driver = (population / m["base_population"] * consumer_price if m["base_household_transfers"] >= 0
              else values("labour_compensation")[:, t] / m["base_labour_compensation"])
    transfers = m["base_household_transfers"] * driver * np.exp(m["income_transfer_real_growth"] * t)
    expected_disposable = ((1.0 - m["income_tax_rate"]) * values("labour_compensation")[:, t]
                           + transfers)
    # M11: retail sales to non-residents Q = RS - C, in current prices: inflation plus real terms.
    others = values("retail_sales") - values("household_consumption")
    # M12: the tax base, sum_j tau_j P_j Y_j + tau_L FAI of the property block.
    tax_base = (values("value_added_nominal")[:, t - 1:t + 1] @ m["sector_tax_rate"]
                + m["land_tax_rate"] * property_fai(values, m, t))
    macro = [
        inflation[:, t] - mu_pi - m["inflation_persistence"] * (inflation[:, t - 1] - mu_pi),
        growth("tourist_visits") - m["tourism_visits_growth"],
        (values("population")[:, t] / values("population")[:, t - 1] - 1 - m["natural_increase"]
         - m["migration_mean"]
         - m["migration_response"] * (real_per_capita_growth - m["migration_reference_growth"])),
        np.log(disposable / expected_disposable),
        (np.log(others[:, t] / others[:, t - 1]) - inflation[:, t] - m["retail_drift"]
         - m["retail_demand_elasticity"] * growth("gdp_real")
         - m["retail_tourism_elasticity"] * (growth("tourist_spending") - inflation[:, t])),
        (growth("budget_revenue")
         - m["revenue_elasticity"] * np.log(tax_base[:, 1] / tax_base[:, 0])),
    ]
    shocks = values("sector_shock")
    sector = shocks[:, t] - m["shock_persistence"] * shocks[:, t - 1]
    return np.column_stack([sector] + macro)


@pytest.mark.parametrize("peer", ["numpy", "numba"])
def test_shocks_have_the_engine_s_covariance(peers, engine, peer_runs, peer):
    # M1's factor structure (loadings b_j on f, c_j on the group factor, the groups) and the macro
    # blocks' loadings on f show in the covariance of the shocks, which the levels' marginal
    # distributions barely reveal: compare standard deviations and correlations of the recovered
    # shocks. For normal samples of n, a sample standard deviation has standard error
    # s / sqrt(2 (n - 1)), and Fisher's atanh(r) has standard error 1 / sqrt(n - 3), so differences
    # between two independent samples have sqrt(2) times those. Bonferroni over all the comparisons:
    # together they fail by chance with probability at most 0.01.
    common, _ = peers
    model = common.load_model()
    t = YEAR - engine.years[0]
    ours = innovations(lambda name: engine[name], model, t)
    theirs = innovations(lambda name: peer_runs[peer][name], model, t)
    n, k = ours.shape
    limit = stats.norm.isf(0.01 / (2 * (k + k * (k - 1) // 2)))
    sd_ours, sd_theirs = ours.std(axis=0, ddof=1), theirs.std(axis=0, ddof=1)
    sd_error = np.abs(sd_ours - sd_theirs) / np.hypot(sd_ours, sd_theirs) * np.sqrt(2 * (n - 1))
    assert sd_error.max() < limit, sd_error
    upper = np.triu_indices(k, 1)
    z_ours = np.arctanh(np.corrcoef(ours, rowvar=False)[upper])
    z_theirs = np.arctanh(np.corrcoef(theirs, rowvar=False)[upper])
    correlation_error = np.abs(z_ours - z_theirs) * np.sqrt((n - 3) / 2)
    assert correlation_error.max() < limit, correlation_error


def test_the_recovered_shocks_are_zero_without_volatility(calm):
    # innovations() undoes each equation exactly: on the engine's path without volatility it
    # leaves nothing but rounding, so the covariance test compares the shocks themselves.
    model, engine = calm
    for t in range(2, model["years"]):
        np.testing.assert_allclose(innovations(lambda name: engine[name], model, t), 0,
                                   atol=1e-12, err_msg=f"year index {t}")
