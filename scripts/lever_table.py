#!/usr/bin/env python3
"""What the plan's investment levers do in a scenario (issue 11, docs/model.md M3-M7): for each
4-3-2 sector (tier emerging, leading or characteristic), its share of its FAI block raised by
10 percentage points, the block's other sectors scaled down in proportion.

Columns, from two runs on common random numbers (same seed and paths, the tilt the only change):
- first-year VA: the sector's 2021 value added, tilted over base, minus 1, on the deterministic
  path (volatilities and jumps off); docs/model.md states it as a formula and
  tests/integration/test_levers.cpp checks that formula to 1e-9;
- median VA 2025: the change in the median of the sector's real value added in 2025 (亿元, 2020
  prices), all shocks on;
- P(GDP 2025 >= 820), P(GDP 2035 >= 1000): the change in the probability of the plan's targets
  with its paired standard error (sd of the per-path difference of the indicator / sqrt(paths)).

    PYTHONPATH=build/release/python /usr/bin/python3 scripts/lever_table.py            # print
    PYTHONPATH=build/release/python /usr/bin/python3 scripts/lever_table.py --write    # README
    PYTHONPATH=build/release/python /usr/bin/python3 scripts/lever_table.py --check    # compare

--write replaces the table between the lever-table markers in scenarios/README.md; --check exits 1
when that table differs from a fresh one (same paths and seed: the numbers are reproducible).
"""
import argparse
import math
import pathlib
import sys

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[1]
README = REPO / "scenarios" / "README.md"
BEGIN = "<!-- lever-table:begin (scripts/lever_table.py --write) -->"
END = "<!-- lever-table:end -->"
TILT = 0.10

DETERMINISTIC = [
    "sector_defaults.volatility=0", "sector_defaults.price_volatility=0",
    "investment.block_defaults.volatility=0", "investment.price_volatility=0",
    "prices.volatility=0", "population.migration_volatility=0", "income.volatility=0",
    "retail.volatility=0", "fiscal.volatility=0", "tourism.volatility=0", "rd.volatility=0",
    "shocks.pandemic.enabled=false", "shocks.property_bust.enabled=false",
    "shocks.projects.enabled=false"]


def tilted_allocation(spec_yaml, code):
    """(block name, --set value) raising `code`'s share of the block that invests in it."""
    import yaml

    for block in yaml.safe_load(spec_yaml)["investment"]["blocks"]:
        allocation = block["allocation"]
        if allocation.get(code, 0) > 0:
            s = allocation[code]
            new = {c: (v + TILT if c == code else v * (1 - s - TILT) / (1 - s))
                   for c, v in allocation.items() if v > 0}
            return block["name"], "{" + ", ".join(f"{c}: {v!r}" for c, v in new.items()) + "}"
    raise SystemExit(f"no block invests in {code}")


def deterministic_overrides(regiosim, scenario_path):
    """The default's volatilities off, including the sectors' own."""
    import yaml

    spec = yaml.safe_load(regiosim.load_scenario(scenario_path).to_yaml())
    return DETERMINISTIC + [f"sectors.{s['code']}.volatility=0" for s in spec["sectors"]]


def target_change(base, tilt, threshold, year_index):
    a = base["gdp_nominal"][:, year_index] >= threshold
    b = tilt["gdp_nominal"][:, year_index] >= threshold
    diff = b.astype(float) - a.astype(float)
    return diff.mean(), diff.std(ddof=1) / math.sqrt(len(diff)) if len(diff) > 1 else 0.0


def table(scenario_path, paths, seed):
    import yaml

    import regiosim

    scenario = regiosim.load_scenario(scenario_path)
    spec = yaml.safe_load(scenario.to_yaml())
    years = list(range(scenario.base_year, scenario.end_year + 1))
    t2021, t2025, t2035 = years.index(2021), years.index(2025), years.index(2035)
    quiet = deterministic_overrides(regiosim, scenario_path)
    base = regiosim.run(scenario, paths=paths, seed=seed)
    base_quiet = regiosim.run(regiosim.load_scenario(scenario_path, quiet), paths=1, seed=seed)
    codes = [s["code"] for s in spec["sectors"] if s["tier"] != "other"]
    rows = []
    for code in codes:
        j = base.sectors.index(code)
        block, allocation = tilted_allocation(scenario.to_yaml(), code)
        lever = f"investment.blocks.{block}.allocation={allocation}"
        tilt = regiosim.run(regiosim.load_scenario(scenario_path, [lever]), paths=paths,
                            seed=seed)
        tilt_quiet = regiosim.run(regiosim.load_scenario(scenario_path, quiet + [lever]),
                                  paths=1, seed=seed)
        first = (tilt_quiet["value_added_real"][0, t2021, j]
                 / base_quiet["value_added_real"][0, t2021, j] - 1)
        median = (np.median(tilt["value_added_real"][:, t2025, j])
                  - np.median(base["value_added_real"][:, t2025, j]))
        p820, se820 = target_change(base, tilt, 820, t2025)
        p1000, se1000 = target_change(base, tilt, 1000, t2035)
        tier = next(s["tier"] for s in spec["sectors"] if s["code"] == code)
        rows.append(f"| {code} | {tier} | {block} | {first * 100:+.2f} % | {median:+.2f} | "
                    f"{p820:+.4f} ({se820:.4f}) | {p1000:+.4f} ({se1000:.4f}) |")
    header = [
        f"{paths:,} paths, seed {seed}, scenario `{pathlib.Path(scenario_path).name}`; each row "
        f"raises the sector's share of its block by {TILT * 100:.0f} percentage points.",
        "",
        "| sector | tier | block | first-year VA (deterministic) | median VA 2025, 亿元 | "
        "P(GDP 2025 >= 820) (se) | P(GDP 2035 >= 1000) (se) |",
        "|---|---|---|---|---|---|---|"]
    return "\n".join(header + rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default=str(REPO / "scenarios" / "luolong-14fyp.yaml"))
    parser.add_argument("--paths", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args()
    fresh = table(args.scenario, args.paths, args.seed)
    if not (args.write or args.check):
        print(fresh)
        return 0
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{README}: no lever-table markers")
    head, rest = text.split(BEGIN, 1)
    current, tail = rest.split(END, 1)
    if args.check:
        if current.strip() != fresh.strip():
            print("scenarios/README.md's lever table differs from a fresh one:\n" + fresh,
                  file=sys.stderr)
            return 1
        return 0
    README.write_text(head + BEGIN + "\n" + fresh + "\n" + END + tail, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
