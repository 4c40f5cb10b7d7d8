#!/usr/bin/env python3
"""Runs the shipped scenarios side by side and prints their scorecards as one Markdown table:
P(meet) and, in brackets, the median of each target. Used for the table in scenarios/README.md.

    /usr/bin/python3 scripts/compare_scenarios.py build/release/bin/regiosim [--paths 10000] [--seed 1]
"""
import argparse
import json
import pathlib
import subprocess
import tempfile

SCENARIOS = ["luolong-14fyp", "plan-as-stated", "stress-pandemic", "stress-property-bust", "stress-no-migration"]


def run(binary, scenario, paths, seed, directory):
    out = pathlib.Path(directory) / f"{scenario}.h5"
    result = subprocess.run([binary, "run", f"scenarios/{scenario}.yaml", "--paths", str(paths), "--seed", str(seed),
                             "--store", "summary", "--json", "--quiet", "--out", str(out)],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--paths", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        docs = {name: run(args.binary, name, args.paths, args.seed, directory) for name in SCENARIOS}
    by_id = {name: {t["id"]: t for t in doc["targets"]} for name, doc in docs.items()}
    print(f"P(meet) (median), {args.paths} paths, seed {args.seed}:\n")
    print("| target | plan | " + " | ".join(SCENARIOS) + " |")
    print("|---|---|" + "---|" * len(SCENARIOS))
    for target in docs[SCENARIOS[0]]["targets"]:
        cells = []
        for name in SCENARIOS:
            t = by_id[name][target["id"]]
            cells.append(f"{t['p_meet']:.3f} ({t['median']:.4g})")
        plan = f"{target['comparison']} {target['threshold']:g}"
        print(f"| {target['id']} | {plan} | " + " | ".join(cells) + " |")
    joint = " | ".join(f"{docs[name]['joint_p_meet_2025']:.3f}" for name in SCENARIOS)
    print(f"| all 2025 targets at once | | {joint} |")


if __name__ == "__main__":
    main()
