"""regiosim multipliers end to end: the Leontief inverses and Type I multipliers of the national table A
and of the regional Ar (MODEL.md sections 5 and 10) for the default scenario, the Type II multipliers of Ar
closed with households (M10) against numpy, the Leontief block against a numpy solve on random productive
matrices, and invalid input (exit 2)."""
import json

import numpy as np
import pytest
import yaml

DEFAULT_SCENARIO = "scenarios/luolong-14fyp.yaml"


def multipliers_json(run_cli, *args):
    result = run_cli("multipliers", *args, "--json", timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def resolved_scenario(run_cli, path):
    result = run_cli("validate", path, "--resolved", timeout=30)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_multipliers_json_for_the_default_scenario(run_cli, source_dir):
    doc = multipliers_json(run_cli)
    assert set(doc) == {"scenario", "flq_delta", "lambda", "spectral_radius", "households", "sectors",
                        "leontief"}
    assert doc["scenario"] == "luolong-14fyp" and doc["flq_delta"] == 0.15
    assert 0 < doc["lambda"] < 1
    radius = doc["spectral_radius"]
    assert radius["national"] == pytest.approx(0.6386, abs=1e-4)
    # Ar <= A entrywise (M6), so the regional radius is no larger; FLQ makes it much smaller.
    assert 0 < radius["regional"] < radius["national"]

    sectors = doc["sectors"]
    assert len(sectors) == 15
    for s in sectors:
        assert set(s) == {"code", "type", "slq", "output_multiplier", "value_added_multiplier",
                          "demand_block_column_sum", "household_income", "household_spending",
                          "employment_per_output", "output_multiplier_type_ii", "output_multiplier_ratio",
                          "value_added_multiplier_type_ii", "employment_multiplier", "revenue_multiplier"}
        assert s["type"] in ("supply", "demand")
        assert (s["demand_block_column_sum"] is None) == (s["type"] == "supply")
        # A regional economy leaks to imports: smaller multipliers than the nation's, but at least the
        # unit of final demand itself.
        out = s["output_multiplier"]
        assert 1 <= out["regional"] < out["national"]
        va = s["value_added_multiplier"]
        assert 0 < va["regional"] < va["national"]
    # MODEL.md section 8: the regional Leontief column sums of the demand block are 1.04-1.16.
    demand_block = [s["demand_block_column_sum"] for s in sectors if s["type"] == "demand"]
    assert len(demand_block) == 7 and 1.03 < min(demand_block) and max(demand_block) < 1.17

    # L (I - A) = I with A read back from the scenario as it was resolved.
    scenario = resolved_scenario(run_cli, source_dir / DEFAULT_SCENARIO)
    a = np.array(scenario["input_output"]["national"]["coefficients"], dtype=float)
    assert [s["code"] for s in sectors] == [s["code"] for s in scenario["sectors"]]
    leontief = np.array(doc["leontief"]["national"])
    assert leontief.shape == (15, 15)
    np.testing.assert_allclose(leontief @ (np.eye(15) - a), np.eye(15), rtol=0, atol=1e-10)
    np.testing.assert_allclose([s["output_multiplier"]["national"] for s in sectors], leontief.sum(axis=0),
                               rtol=1e-12)
    v = np.array([s["va_ratio"] for s in scenario["sectors"]])
    np.testing.assert_allclose([s["value_added_multiplier"]["national"] for s in sectors], v @ leontief,
                               rtol=1e-12)


def test_type_ii_multipliers_for_the_default_scenario(run_cli, source_dir):
    """Type II (multipliers.hpp): Abar = [[Ar, c], [h', 0]] rebuilt here from the resolved scenario and the
    document's h, c and Lr, and every multiplier recomputed with numpy."""
    doc = multipliers_json(run_cli)
    scenario = resolved_scenario(run_cli, source_dir / DEFAULT_SCENARIO)
    sectors = doc["sectors"]
    n = len(sectors)
    households = doc["households"]
    assert set(households) == {"propensity_to_consume", "income_tax_rate", "spectral_radius"}
    income = scenario["income"]
    assert households["propensity_to_consume"] == income["propensity_to_consume"]
    assert households["income_tax_rate"] == income["tax_rate"]

    # h_j = (1 - tau_H) (1 - alpha_j) v_j (M10); c_i > 0 exactly where household consumption drives final
    # demand (M7), summing to the propensity to consume.
    v = np.array([s["va_ratio"] for s in scenario["sectors"]])
    alpha = np.array([s["capital_share"] for s in scenario["sectors"]])
    tau = np.array([s["tax_rate"] for s in scenario["sectors"]])
    h = np.array([s["household_income"] for s in sectors])
    c = np.array([s["household_spending"] for s in sectors])
    np.testing.assert_allclose(h, (1 - income["tax_rate"]) * (1 - alpha) * v, rtol=1e-15)
    drivers = scenario["input_output"]["final_demand"]
    assert [s["code"] for s in sectors if s["household_spending"] > 0] == \
        [s["code"] for s in sectors if "household_consumption" in drivers.get(s["code"], {})]
    assert c.sum() == pytest.approx(income["propensity_to_consume"], rel=1e-14)

    lr = np.array(doc["leontief"]["regional"])
    ar = np.eye(n) - np.linalg.inv(lr)
    closed = np.block([[ar, c[:, None]], [h[None, :], np.zeros((1, 1))]])
    lbar = np.array(doc["leontief"]["closed"])
    assert lbar.shape == (n + 1, n + 1)
    np.testing.assert_allclose(lbar @ (np.eye(n + 1) - closed), np.eye(n + 1), rtol=0, atol=1e-10)
    assert households["spectral_radius"] == pytest.approx(max(abs(np.linalg.eigvals(closed))), rel=1e-10)
    assert doc["spectral_radius"]["regional"] < households["spectral_radius"] < 1

    block = lbar[:n, :n]
    e = np.array([s["employment_per_output"] for s in sectors])
    assert (e > 0).all()

    def field(key, kind=None):
        return np.array([s[key] if kind is None else s[key][kind] for s in sectors])

    np.testing.assert_allclose(field("output_multiplier_type_ii"), block.sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(field("output_multiplier_ratio"),
                               field("output_multiplier_type_ii") / field("output_multiplier", "regional"),
                               rtol=1e-14)
    np.testing.assert_allclose(field("value_added_multiplier_type_ii"), v @ block, rtol=1e-12)
    np.testing.assert_allclose(field("employment_multiplier", "type_i"), e @ lr, rtol=1e-12)
    np.testing.assert_allclose(field("employment_multiplier", "type_ii"), e @ block, rtol=1e-12)
    np.testing.assert_allclose(field("revenue_multiplier", "type_i"), (tau * v) @ lr, rtol=1e-12)
    np.testing.assert_allclose(field("revenue_multiplier", "type_ii"), (tau * v) @ block, rtol=1e-12)
    # Households' spending adds an induced round to every sector's column.
    assert (field("output_multiplier_ratio") > 1).all()
    assert (field("employment_multiplier", "type_ii") > field("employment_multiplier", "type_i")).all()
    assert (field("revenue_multiplier", "type_ii") > field("revenue_multiplier", "type_i")).all()


# tests/scenarios/tiny.yaml made to spend more than it earns (multipliers.hpp): Ar = A (flq_delta 0, SLQ 1),
# S1's va_ratio 0.5 against a column sum of 0.7 (allowed by the tolerance), no capital income, no income
# tax, and every unit of income spent on D1: h' Lr c = 1.11 and Abar's spectral radius 1.03.
SPENDTHRIFT = ["input_output.final_demand.D1.tourist_spending=0.1",
               "input_output.final_demand.D1.household_consumption=0.1",
               "input_output.flq_delta=0", "input_output.va_ratio_tolerance=0.25", "sectors.S1.va_ratio=0.5",
               "sectors.S1.capital_share=0", "sectors.D1.capital_share=0", "income.tax_rate=0",
               "income.propensity_to_consume=1"]


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_multipliers_refuse_households_that_spend_more_than_they_earn(json_flag, run_cli, source_dir):
    sets = [arg for key in SPENDTHRIFT for arg in ("--set", key)]
    result = run_cli("multipliers", "tests/scenarios/tiny.yaml", *sets, *json_flag, cwd=source_dir, timeout=30)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("tests/scenarios/tiny.yaml:0:0: income.propensity_to_consume: the regional "
                               "table closed with households is not productive: spectral radius 1.032 >= 1")
    assert "h' Lr c = 1.111" in lines[0]


def test_multipliers_table_for_the_default_scenario(run_cli):
    result = run_cli("multipliers", timeout=30)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Spectral radius: national A 0.6386, regional Ar " in result.stdout
    assert "lambda 0.3319" in result.stdout
    rows = {line.split()[0]: line.split() for line in lines if line.split()[1:2] in (["supply"], ["demand"])}
    assert len(rows) == 15
    assert rows["AGR"][-1] == "-"  # a supply sector is not in the demand block L_DD
    assert float(rows["TRADE"][-1]) > 1
    # The Type II table: one row per sector after its header, h, c, output type II and II/I, ...
    assert "Households closed (M10): propensity to consume c 0.6510" in result.stdout
    start = next(k for k, line in enumerate(lines) if line.startswith("Households closed"))
    type_ii_rows = {}
    for line in lines[start:]:
        words = line.split()
        if words and words[0] in rows:
            type_ii_rows[words[0]] = words
    assert len(type_ii_rows) == 15 and all(len(row) == 11 for row in type_ii_rows.values())
    assert float(type_ii_rows["AGR"][2]) == 0  # households buy a supply sector's output from M5, not M7
    assert all(float(row[4]) > 1 for row in type_ii_rows.values())  # Type II / Type I output


def test_multipliers_follow_set_overrides(run_cli):
    # delta = 0 gives lambda = 1 (M6): FLQ then only scales by SLQ_i / SLQ_j.
    doc = multipliers_json(run_cli, "--set", "input_output.flq_delta=0")
    assert doc["flq_delta"] == 0 and doc["lambda"] == 1


def random_productive_matrix(rng, n):
    """Nonnegative, about a quarter of the entries zero, column sums below 0.72: productive (for a >= 0 the
    spectral radius is at most the largest column sum, MODEL.md section 10). The last sector's row (what
    the demand sector sells to each sector) stays below 0.02 so that its calibrated base-year final demand
    is positive for value-added ratios v_j = 1 - sum_i a_ij in [0.28, 1], as the loader requires (M7:
    f_D = (1 - ar_DD) X_D - Ar_DS X_S with X_j = VA / v_j, so Ar_DS X_S / X_D <= 7 * 0.02 * 1 / 0.28 =
    0.5 < 1 - ar_DD)."""
    a = rng.uniform(0.0, 1.0, (n, n)) * (rng.uniform(size=(n, n)) > 0.25)
    sums = a.sum(axis=0)
    nonzero = sums > 0
    a[:, nonzero] *= rng.uniform(0.1, 0.7, n)[nonzero] / sums[nonzero]
    a[n - 1, :] = rng.uniform(0.0, 0.02, n)
    return a


def scenario_yaml(a, va_ratio):
    """A standalone scenario (the keys of tests/scenarios/tiny.yaml) with n = len(a) sectors: S1..S(n-1)
    supply, D1 demand, equal VA shares and equal national VA, so SLQ = 1 and Ar = lambda A (M6)."""
    n = len(a)
    codes = [f"S{k + 1}" for k in range(n - 1)] + ["D1"]
    share = repr(1.0 / n)
    sectors = "\n".join(
        f"  - {{code: {code}, tier: other, type: {'demand' if code == 'D1' else 'supply'}, class: tertiary,"
        f" group: g, va_share: {share}, va_ratio: {va_ratio[j]!r}, capital_share: 0.4,"
        f" labour_intensity: 1.0, tax_rate: 0.1, depreciation: 0.08, tfp_drift: 0.01, price_drift: 0}}"
        for j, code in enumerate(codes))
    allocation = ", ".join(f"{code}: {1.0 / (n - 1)!r}" for code in codes[:-1])
    rows = "\n".join("      - [" + ", ".join(repr(float(x)) for x in row) + "]" for row in a)
    national_va = ", ".join(["1000"] * n)
    return f"""metadata: {{name: random-{n}}}
horizon: {{base_year: 2020, end_year: 2024}}
base_year_data: {{gdp: 100, gdp_per_capita: 50000, fai: 20, retail_sales: 40, budget_revenue: 5,
                 income_per_capita: 20000, urbanisation: 0.5, labour_productivity: 10}}
shocks:
  groups: [g]
  persistence: 0
  macro_loadings: {{inflation: 0, migration: 0, income: 0, retail: 0, revenue: 0}}
sector_defaults: {{volatility: 0, price_volatility: 0, loading_regional: 0.6, loading_group: 0.3,
                  capital_output_ratio: 2.0}}
sectors:
{sectors}
investment:
  conversion_share: 0.8
  build_weights: [0.5, 0.5]
  initial_growth: 0.05
  price_markup: 0.003
  price_volatility: 0
  public_capital_block: all
  public_capital_depreciation: 0.06
  growth_target: 0.08
  shock_loading: 0
  blocks:
    - {{name: all, base_share: 1.0, growth_mean: 0.07, persistence: 0.3, volatility: 0, policy_reaction: 0,
       allocation: {{{allocation}}}}}
productivity: {{long_run_drift: 0.01, convergence_years: 10, public_capital_elasticity: 0.05}}
prices:
  inflation_mean: [{{from: 2021, mean: 0.02}}]
  persistence: 0.5
  volatility: 0
  base_inflation: 0.04
population: {{natural_increase: -0.001, migration_mean: 0.015, migration_response: 0.1,
             migration_volatility: 0, urbanisation_ceiling: 0.95, urbanisation_speed: 0.066,
             labour_reallocation: 0.5}}
income: {{tax_rate: 0.1, propensity_to_consume: 0.5, transfer_real_growth: 0, volatility: 0}}
retail: {{demand_elasticity: 0.3, tourism_elasticity: 0.1, volatility: 0}}
tourism: {{base_visits: 1.0e6, base_revenue: 2, visits_growth: 0.04, spend_real_growth: 0.01, volatility: 0}}
rd: {{base_intensity: 0.02, trend: 0.001, persistence: 0.5, volatility: 0}}
input_output:
  flq_delta: 0.15
  national:
    value_added: [{national_va}]
    coefficients:
{rows}
  final_demand:
    D1: {{supply_output: 0.5, investment: 0.3, tourist_spending: 0.2}}
fiscal: {{elasticity: 0.9, volatility: 0}}
targets:
  - {{id: gdp_2024, indicator: gdp_nominal, year: 2024, threshold: 130, basis: nominal_level}}
"""


@pytest.mark.parametrize("n", range(2, 9))
def test_leontief_block_against_numpy_on_random_productive_matrices(n, run_cli, tmp_path):
    rng = np.random.default_rng(1000 + n)
    a = random_productive_matrix(rng, n)
    assert max(abs(np.linalg.eigvals(a))) < 1
    va_ratio = 1 - a.sum(axis=0)  # v_j = 1 - sum_i a_ij, which the loader checks (MODEL.md section 10)
    path = tmp_path / f"random-{n}.yaml"
    path.write_text(scenario_yaml(a, va_ratio))
    doc = multipliers_json(run_cli, path)
    sectors = doc["sectors"]
    assert len(sectors) == n

    def check(leontief, coefficients, kind):
        expected = np.linalg.solve(np.eye(n) - coefficients, np.eye(n))
        np.testing.assert_allclose(leontief, expected, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose([s["output_multiplier"][kind] for s in sectors], expected.sum(axis=0),
                                   rtol=1e-10)
        np.testing.assert_allclose([s["value_added_multiplier"][kind] for s in sectors], va_ratio @ expected,
                                   rtol=1e-10)
        assert doc["spectral_radius"][kind] == pytest.approx(max(abs(np.linalg.eigvals(coefficients))),
                                                             rel=1e-10)

    check(np.array(doc["leontief"]["national"]), a, "national")
    # SLQ = 1 in every sector, so FLQ reduces to Ar = lambda A, lambda = log2(1 + 100 / (1000 n))^0.15 (M6).
    lam = np.log2(1 + 100 / (1000 * n)) ** 0.15
    assert doc["lambda"] == pytest.approx(lam, rel=1e-12)
    assert [s["slq"] for s in sectors] == pytest.approx([1.0] * n, rel=1e-12)
    check(np.array(doc["leontief"]["regional"]), lam * a, "regional")
    # The demand block of M7 is the last sector alone: L_DD = 1 / (1 - lambda a_DD).
    assert [s["demand_block_column_sum"] for s in sectors[:-1]] == [None] * (n - 1)
    assert sectors[-1]["demand_block_column_sum"] == pytest.approx(1 / (1 - lam * a[-1, -1]), rel=1e-12)


@pytest.mark.parametrize("args", [
    ["multipliers", "tests/scenarios/invalid/io_column_sum.yaml", "--json"],
    ["multipliers", "no-such-scenario.yaml"],
    ["multipliers", "--set", "input_output.flq_delta=2"],
    ["multipliers", "--bogus"],
])
def test_multipliers_invalid_input_exits_2(args, run_cli, source_dir):
    result = run_cli(*args, cwd=source_dir, timeout=30)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) >= 1


def test_multipliers_invalid_scenario_names_the_location(run_cli, source_dir):
    path = source_dir / "tests/scenarios/invalid/io_column_sum.yaml"
    result = run_cli("multipliers", path, timeout=30)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "io_column_sum.yaml:7:7: input_output.national.coefficients: column 1: coefficients sum to 1.1" \
        in lines[0]
