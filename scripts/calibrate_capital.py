#!/usr/bin/env python3
"""Base-year capital and investment of a scenario (MODEL.md M3-M4 as revised in docs/model.md):
the sectors' capital-output ratios from the input-output table, and a base-year investment split
under which no sector's capital jumps or collapses in the first simulated year.

Capital-output ratios (C):

    k_j = (D_j / Y_j) / delta_j

- D_j / Y_j: fixed-asset depreciation over value added, NBS 2020 input-output table aggregated to
  the 15 model sectors (data/io-china-2020-15sector.json, "dep_VA"). With D = delta K this is the
  capital stock whose depreciation the table records; Wang and Shi (2013, J. Applied Sciences
  13:1799-1804, https://scialert.net/fulltext/?doi=jas.2013.1799.1804&org=11) fit capital stocks
  to this row in the same way.
- delta_j: the scenario's depreciation rates (MODEL.md section 11; aggregate 0.096, Zhang Jun et
  al. 2004).
- Cross-check, not used: the VA-weighted mean for the default scenario is about 2.0, half of
  China's 2017 K/Y of 4.23 in Penn World Table 10.01 (rnna 83,349,168 / rgdpna 19,687,162, row CHN
  2017 of pwt1001.csv in https://github.com/JGCRI/gcam-core/blob/bdcab9648a41c9a4c08f5f0d10d3e59402d8a604/input/gcamdata/inst/extdata/socioeconomics/PWT/pwt1001.csv).
  PWT values the stock at replacement cost with lower depreciation rates; the book depreciation of
  the table goes with the book-value stock used here, so that delta_j K_j matches the table.

Investment split (C, from the assumed block totals of the `fixed` blocks):

    I_j = kappa sum_b s_{j|b} FAI_b = (g + delta_j) K_j   for every sector of a non-fixed block

with one g for all of them, so their capital grows at the same rate g in the base year; each
non-fixed block's base_share is the sum of its sectors' I_j. A fixed block keeps its base_share
and its allocation (the real-estate block: its capital, the housing stock, does not bind output,
capacity_weight 0 in the default scenario).

Usage: calibrate_capital.py [SCENARIO] [--fixed BLOCK ...] prints the ratios and blocks as YAML;
--check exits 1 when the scenario's values differ from them (ratios by more than 5e-4, the
rounded shares at all).
"""
import argparse
import json
import pathlib
import sys

import yaml

REPO = pathlib.Path(__file__).resolve().parents[1]
TABLE = REPO / "data" / "io-china-2020-15sector.json"


def rounded_shares(values, digits=3):
    """`values` (summing to 1) rounded so that the rounded values sum to 1 exactly in decimal:
    the residual goes to the largest (the loader checks sums of shares to 1e-9)."""
    scale = 10 ** digits
    units = {k: round(v * scale) for k, v in values.items()}
    largest = max(units, key=units.get)
    units[largest] += scale - sum(units.values())
    return {k: u / scale for k, u in units.items()}


def calibrate(scenario, fixed, table_path=TABLE):
    table = json.loads(pathlib.Path(table_path).read_text(encoding="utf-8"))
    dep_va = dict(zip(table["order"], table["dep_VA"]))
    sector_defaults = scenario.get("sector_defaults", {})
    sectors = scenario["sectors"]
    gdp = scenario["base_year_data"]["gdp"]
    fai = scenario["base_year_data"]["fai"]
    kappa = scenario["investment"].get("conversion_share", 0.70)
    delta = {s["code"]: s.get("depreciation", sector_defaults.get("depreciation", 0.08))
             for s in sectors}
    ratio = {s["code"]: dep_va[s["code"]] / delta[s["code"]] for s in sectors}
    capital = {s["code"]: ratio[s["code"]] * s["va_share"] * gdp for s in sectors}
    blocks = scenario["investment"]["blocks"]
    fixed_share = sum(b["base_share"] for b in blocks if b["name"] in fixed)
    free = [b for b in blocks if b["name"] not in fixed]
    members = [code for b in free for code in b["allocation"]]
    if len(members) != len(set(members)):
        raise SystemExit("a sector is in two non-fixed blocks: give each sector one block")
    # sum_j (g + delta_j) K_j = kappa * FAI * (1 - fixed_share)
    available = kappa * fai * (1.0 - fixed_share)
    growth = (available - sum(delta[c] * capital[c] for c in members)) / sum(
        capital[c] for c in members)
    need = {c: (growth + delta[c]) * capital[c] for c in members}
    shares = {b["name"]: (b["base_share"] if b["name"] in fixed else
                          sum(need[c] for c in b["allocation"]) / (kappa * fai)) for b in blocks}
    shares = rounded_shares(shares)
    result = []
    for b in blocks:
        if b["name"] in fixed:
            allocation = b["allocation"]
        else:
            total = sum(need[c] for c in b["allocation"])
            allocation = rounded_shares({c: need[c] / total for c in b["allocation"]})
        result.append({"name": b["name"], "base_share": shares[b["name"]],
                       "allocation": allocation})
    return ratio, result, growth


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenario", nargs="?", default=REPO / "scenarios" / "luolong-14fyp.yaml")
    parser.add_argument("--fixed", nargs="*", default=["real_estate"])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    scenario = yaml.safe_load(pathlib.Path(args.scenario).read_text(encoding="utf-8"))
    ratio, blocks, growth = calibrate(scenario, set(args.fixed))
    if not args.check:
        print(f"# base-year capital growth of the non-fixed blocks' sectors: {growth:.4f}")
        for code, k in ratio.items():
            print(f"{code}: {k:.3f}")
        for b in blocks:
            alloc = ", ".join(f"{c}: {v:g}" for c, v in b["allocation"].items())
            print(f"- {{name: {b['name']}, base_share: {b['base_share']:g}, "
                  f"allocation: {{{alloc}}}}}")
        return 0
    bad = []
    for s in scenario["sectors"]:
        if abs(s.get("capital_output_ratio", -1) - ratio[s["code"]]) > 5e-4:
            bad.append(f"{s['code']}: capital_output_ratio {s.get('capital_output_ratio')}, "
                       f"computed {ratio[s['code']]:.3f}")
    have = {b["name"]: b for b in scenario["investment"]["blocks"]}
    for b in blocks:
        if abs(have[b["name"]]["base_share"] - b["base_share"]) > 1e-12:
            bad.append(f"{b['name']}: base_share {have[b['name']]['base_share']}, computed "
                       f"{b['base_share']:.3f}")
        for c, v in b["allocation"].items():
            if abs(have[b["name"]]["allocation"].get(c, -1) - v) > 1e-12:
                bad.append(f"{b['name']}.{c}: allocation "
                           f"{have[b['name']]['allocation'].get(c)}, computed {v:.3f}")
    for line in bad:
        print(line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
