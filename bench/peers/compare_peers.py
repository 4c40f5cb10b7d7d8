"""Throughput of the engine and of its NumPy and Numba peers, side by side, one core each.

All three run bench/peers/peer-scenario.yaml with the same number of paths, in one process with one
thread for BLAS, OpenMP and Numba (single_core.py) and the engine at threads=1. Every program is
run once untimed first (Numba compiles there), then the rounds interleave engine, NumPy, Numba so
that a change in the machine's load hits all three alike; the table shows medians.

What is timed is the same deliverable for all three: the engine's run with store="summary"
(simulation, per-year quantile sketches of every variable and the scorecard; the Python API,
so no result file), and each peer's simulation plus exact per-year quantiles of every variable
(common.summarise). The peers' simulation alone is shown too; set against the engine's whole run
it flatters the peers.

    /usr/bin/python3 bench/peers/compare_peers.py --paths 10000 --repeats 5 [--json]
"""
import single_core  # noqa: F401  (one core: before numpy and numba are imported)

import argparse
import json
import platform
import statistics
import sys
import time

import numba
import numpy as np

import common
import numba_peer
import numpy_peer

PEERS = {"numpy": numpy_peer, "numba": numba_peer}


def time_engine(regiosim, scenario, paths, seed):
    start = time.perf_counter()
    result = regiosim.run(scenario, paths=paths, seed=seed, threads=1, store="summary")
    elapsed = time.perf_counter() - start
    median = result.quantiles("gdp_nominal")[common.QUANTILES.index(0.5)]
    return {"elapsed_s": elapsed}, median


def time_peer(module, model, paths, seed):
    start = time.perf_counter()
    outputs = module.run(model, paths, seed)
    simulated = time.perf_counter()
    common.summarise(outputs)
    elapsed = time.perf_counter() - start
    return ({"elapsed_s": elapsed, "simulate_s": simulated - start},
            np.median(outputs["gdp_nominal"], axis=0))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def compare(paths, repeats, seed, build_dir):
    regiosim = common.import_regiosim(build_dir)
    scenario = regiosim.load_scenario(common.SCENARIO)
    model = common.load_model(common.SCENARIO, (), build_dir)
    programs = {"engine": lambda n: time_engine(regiosim, scenario, n, seed)}
    programs.update({name: (lambda n, module=module: time_peer(module, model, n, seed))
                     for name, module in PEERS.items()})
    for program in programs.values():
        program(2)  # untimed: Numba's JIT, first-call effects
    samples = {name: [] for name in programs}
    medians = {}
    for _ in range(repeats):
        for name, program in programs.items():
            timing, medians[name] = program(paths)
            samples[name].append(timing)
    path_years = paths * (model["years"] - 1)
    year_2025 = 2025 - model["base_year"]
    results = {}
    for name, timings in samples.items():
        row = {"median_gdp_2025": float(medians[name][year_2025])}
        for key in timings[0]:
            seconds = [timing[key] for timing in timings]
            prefix = "" if key == "elapsed_s" else "simulate_"
            row[prefix + "seconds"] = seconds
            row[prefix + "ns_per_path_year"] = 1e9 * statistics.median(seconds) / path_years
        results[name] = row
    engine_ns = results["engine"]["ns_per_path_year"]
    for name in PEERS:
        results[name]["ratio_to_engine"] = results[name]["ns_per_path_year"] / engine_ns
        results[name]["simulate_ratio_to_engine"] = (results[name]["simulate_ns_per_path_year"]
                                                     / engine_ns)
    return {
        "scenario": str(common.SCENARIO.relative_to(common.REPO)),
        "paths": paths,
        "years": model["years"] - 1,
        "path_years": path_years,
        "repeats": repeats,
        "seed": seed,
        "threads": 1,
        "machine": {"cpu": cpu_model(), "python": platform.python_version(),
                    "numpy": np.__version__, "numba": numba.__version__},
        "programs": results,
    }


def table(doc):
    lines = [f"{doc['scenario']}: {doc['paths']:,} paths x {doc['years']} years "
             f"({doc['path_years']:,} path-years), one core each, median of {doc['repeats']} "
             f"interleaved rounds ({doc['machine']['cpu']})",
             "",
             f"{'program':8} {'ns/path-year':>13} {'x engine':>9} {'simulation only':>16} "
             f"{'x engine':>9} {'median GDP 2025':>16}"]
    for name, row in doc["programs"].items():
        simulate = row.get("simulate_ns_per_path_year")
        lines.append(
            f"{name:8} {row['ns_per_path_year']:13,.0f} {row.get('ratio_to_engine', 1.0):9.2f} "
            + (f"{simulate:16,.0f} {row['simulate_ratio_to_engine']:9.2f}" if simulate
               else f"{'-':>16} {'-':>9}")
            + f" {row['median_gdp_2025']:16.1f}")
    lines += ["",
              "ns/path-year: engine run with store=\"summary\" (simulation, quantile sketches of "
              "every variable, scorecard);",
              "peers: simulation plus per-year quantiles of every variable. x engine: time "
              "relative to the engine's (> 1: slower)."]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paths", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-dir", default=None,
                        help="build tree whose python/ holds the regiosim package "
                             "(default: as importable, else build/release)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead")
    args = parser.parse_args(argv)
    if args.paths < 1 or args.repeats < 1:
        parser.error("--paths and --repeats must be at least 1")
    doc = compare(args.paths, args.repeats, args.seed, args.build_dir)
    print(json.dumps(doc, indent=2) if args.json else table(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
