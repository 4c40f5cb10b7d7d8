"""Writes a valid scenario with N sectors for the cost-growth benchmark (bench/RESULTS.md): the
default scenario's 15 sectors, each split into copies until there are N.

    /usr/bin/python3 bench/make_scenario.py 150 --out /tmp/sectors-150.yaml

Sector j of the default scenario becomes c_j copies (N / 15 each, the first N mod 15 one more);
copy k > 1 of EQP is EQP_k. Everything that is a share or an amount of the sector (va_share, the
national value added, FAI allocation) is divided among its copies; everything that describes one
unit of it (ratios, depreciation, drift, driver weights, satellite content, shock impacts) is given
to every copy. The national coefficients are synthesised so the table stays productive: a_ij =
A_{m(i) m(j)} / c_{m(i)} (m: the original sector), jittered by a seeded factor in [0.5, 1.5] and each
column rescaled to its original sum, so every column sum equals the original one (all < 1) and the
spectral radius stays below 1. The model then does the same work per sector as the default, on N
sectors: what the benchmark needs, not a calibrated economy.
"""
import argparse
import pathlib
import random
import sys

import yaml

REPO = pathlib.Path(__file__).resolve().parents[1]
DEFAULT = REPO / "scenarios" / "luolong-14fyp.yaml"


def copy_counts(original, total):
    base, extra = divmod(total, original)
    return [base + (1 if j < extra else 0) for j in range(original)]


def copy_codes(code, count):
    return [code] + [f"{code}_{k}" for k in range(2, count + 1)]


def split_map(shares, copies, divide):
    """A {code: value} map over the original sectors as one over the copies: each copy gets the
    value, divided by the number of copies when `divide` (a share of the sector's total)."""
    out = {}
    for code, value in shares.items():
        codes = copies[code]
        for new in codes:
            out[new] = value / len(codes) if divide else value
    return out


def synthesise_coefficients(national, counts, rng):
    origin = [j for j, c in enumerate(counts) for _ in range(c)]
    n = len(origin)
    a = [[national[origin[i]][origin[j]] / counts[origin[i]] * rng.uniform(0.5, 1.5)
          for j in range(n)] for i in range(n)]
    for j in range(n):
        wanted = sum(row[origin[j]] for row in national)
        have = sum(a[i][j] for i in range(n))
        for i in range(n):
            a[i][j] *= wanted / have
    return a


def scale(spec, sectors, seed=1):
    original = spec["sectors"]
    if sectors < len(original):
        raise ValueError(f"at least {len(original)} sectors (the default scenario's), got {sectors}")
    counts = copy_counts(len(original), sectors)
    copies = {s["code"]: copy_codes(s["code"], c) for s, c in zip(original, counts)}

    new_sectors = []
    for s in original:
        for code in copies[s["code"]]:
            entry = dict(s, code=code, name=f"{s.get('name', s['code'])} ({code})")
            entry["va_share"] = s["va_share"] / len(copies[s["code"]])
            new_sectors.append(entry)
    spec["sectors"] = new_sectors

    for block in spec["investment"]["blocks"]:
        block["allocation"] = split_map(block["allocation"], copies, divide=True)
    io = spec["input_output"]
    national = io["national"]
    national["value_added"] = [va / c for va, c in zip(national["value_added"], counts)
                               for _ in range(c)]
    national["coefficients"] = synthesise_coefficients(national["coefficients"], counts,
                                                       random.Random(seed))
    io["final_demand"] = split_map(io["final_demand"], copies, divide=False)
    for satellite in spec.get("satellites", []):
        satellite["content"] = split_map(satellite["content"], copies, divide=False)
    shocks = spec["shocks"]
    if "sector_impact" in shocks.get("pandemic", {}):
        shocks["pandemic"]["sector_impact"] = split_map(shocks["pandemic"]["sector_impact"],
                                                        copies, divide=False)
    projects = shocks.get("projects", {})
    if "sectors" in projects:
        projects["sectors"] = [new for code in projects["sectors"] for new in copies[code]]
    spec["metadata"]["name"] = f"{spec['metadata']['name']}-{sectors}-sectors"
    spec["metadata"]["description"] = (f"Synthetic: the default scenario's sectors split into "
                                       f"{sectors} (bench/make_scenario.py), for benchmarks only.")
    return spec


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sectors", type=int, help="number of sectors (>= 15)")
    parser.add_argument("--out", required=True, help="scenario YAML to write")
    parser.add_argument("--seed", type=int, default=1, help="seed of the coefficient jitter")
    args = parser.parse_args(argv)
    spec = yaml.safe_load(DEFAULT.read_text(encoding="utf-8"))
    try:
        spec = scale(spec, args.sectors, args.seed)
    except ValueError as e:
        parser.error(str(e))
    header = f"# Written by bench/make_scenario.py {args.sectors}: synthetic, for benchmarks only.\n"
    pathlib.Path(args.out).write_text(
        header + yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
