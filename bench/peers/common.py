"""What the NumPy and Numba peers share: the engine's calibrated model (through the regiosim
bindings, so no peer re-derives the calibration), the variables a peer produces, the per-year
quantiles that `--store summary` would keep, and the command line that times one peer.

The peers implement the model that bench/peers/peer-scenario.yaml runs: every equation the engine's
path simulator evaluates per path-year (MODEL.md M1-M13 and the section 8 satellites), without the
jump processes J1-J4, with normal innovations and without priors. A path-year is one simulated
year of one path, paths * (years - 1) per run, as the engine counts it (RunResult.path_years_per_s).
"""
import argparse
import json
import pathlib
import sys
import time

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[2]
SCENARIO = REPO / "bench" / "peers" / "peer-scenario.yaml"
DEFAULT_BUILD_DIR = REPO / "build" / "release"
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)  # the engine's QuantileTable::QUANTILES

# The variables a peer returns, named as the engine's (output_variables.hpp), by their extent after
# (path, year). The engine also writes pandemic_loss, property_bust and project_output, which are
# zero without jumps.
SCALARS = ("gdp_nominal", "gdp_real", "gdp_deflator", "gdp_per_capita", "population",
           "employment_total", "labour_productivity", "fai_nominal", "income_per_capita",
           "urbanisation", "inflation", "retail_sales", "budget_revenue", "primary_share",
           "secondary_share", "tertiary_share", "tourist_visits", "tourist_spending",
           "rd_intensity", "labour_compensation", "household_consumption", "government_spending")
PER_SECTOR = ("value_added_real", "value_added_nominal", "capital", "employment", "price",
              "gross_output_real", "final_demand_real", "sector_shock", "utilisation_gap")
PER_SATELLITE = ("satellite_value",)

# Parts of the engine's model the peers leave out; the scenario must switch them off.
UNSUPPORTED = ("student_t", "pandemic_enabled", "property_bust_enabled", "projects_enabled",
               "revision_enabled", "has_correlation", "has_regional_factor_history",
               "prior_count")


def import_regiosim(build_dir=None):
    """The regiosim package: from <build_dir>/python when given, else as importable already
    (PYTHONPATH, as ctest sets it), else from build/release/python."""
    if build_dir is not None:
        sys.path.insert(0, str(pathlib.Path(build_dir) / "python"))
    try:
        import regiosim
    except ImportError:
        if build_dir is not None:
            raise
        sys.path.insert(0, str(DEFAULT_BUILD_DIR / "python"))
        import regiosim
    return regiosim


def load_model(scenario=SCENARIO, overrides=(), build_dir=None):
    """The calibrated model (regiosim.model_arrays) of a scenario, every array C-contiguous.
    ValueError when the scenario uses a part of the model that the peers do not implement."""
    regiosim = import_regiosim(build_dir)
    arrays = regiosim.model_arrays(regiosim.load_scenario(scenario, overrides))
    switched_on = [name for name in UNSUPPORTED if arrays[name]]
    if switched_on:
        raise ValueError(f"{scenario}: the peers do not implement {', '.join(switched_on)} "
                         "(use bench/peers/peer-scenario.yaml or switch them off)")
    return {name: np.ascontiguousarray(value) if isinstance(value, np.ndarray) else value
            for name, value in arrays.items()}


def allocate_outputs(model, paths):
    """Zeroed outputs as three stacks, one array per extent: (len(SCALARS), paths, years),
    (len(PER_SECTOR), paths, years, sectors) and (len(PER_SATELLITE), paths, years, satellites)."""
    years = model["years"]
    return (np.zeros((len(SCALARS), paths, years)),
            np.zeros((len(PER_SECTOR), paths, years, len(model["sector_codes"]))),
            np.zeros((len(PER_SATELLITE), paths, years, len(model["satellite_ids"]))))


def outputs_by_name(scalars, per_sector, per_satellite):
    """The stacks of allocate_outputs as one array per variable name (views, no copies)."""
    stacks = ((SCALARS, scalars), (PER_SECTOR, per_sector), (PER_SATELLITE, per_satellite))
    return {name: stack[i] for names, stack in stacks for i, name in enumerate(names)}


def driver_coefficients(model):
    """M7 final demand moves with sum_k w_k driver_k / driver_k,2020: the weights divided by the
    base-year drivers, (demand sectors, driver slots), 0 where a driver has no weight."""
    used = model["driver_weights"] != 0
    return np.where(used, model["driver_weights"] / np.where(used, model["base_drivers"], 1.0), 0.0)


def check_finite(outputs):
    """MODEL.md section 10: a NaN or Inf stops the run, naming the variable."""
    for name, values in outputs.items():
        if not np.isfinite(values).all():
            path = int(np.argwhere(~np.isfinite(values))[0][0])
            raise FloatingPointError(f"path {path}, variable {name}: a value is not finite")


def summarise(outputs):
    """Per-year quantiles across paths of every variable, what the engine's --store summary keeps
    (exact quantiles here, a streaming sketch there)."""
    return {name: np.quantile(values, QUANTILES, axis=0) for name, values in outputs.items()}


def gdp_summary(gdp):
    """Mean and the 5/25/50/75/95 % quantiles of one year's GDP across paths."""
    stats = {"mean": float(np.mean(gdp))}
    stats.update({f"q{round(100 * q):02d}": float(np.quantile(gdp, q)) for q in QUANTILES})
    return stats


def main(peer_name, run, argv=None):
    """Command line of a peer: runs it once untimed (Numba compiles there), then timed, and prints
    one JSON document with the throughput and GDP 2025."""
    parser = argparse.ArgumentParser(description=f"The {peer_name} peer of the regiosim engine.")
    parser.add_argument("--paths", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scenario", default=str(SCENARIO))
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        metavar="KEY=VALUE", help="a scenario override, as regiosim run --set")
    parser.add_argument("--build-dir", default=None,
                        help="build tree whose python/ holds the regiosim package "
                             "(default: as importable, else build/release)")
    args = parser.parse_args(argv)
    model = load_model(args.scenario, args.overrides, args.build_dir)
    run(model, 2, args.seed)  # warm-up: JIT compilation is not part of the timing
    start = time.perf_counter()
    outputs = run(model, args.paths, args.seed)
    simulated = time.perf_counter()
    summarise(outputs)
    elapsed = time.perf_counter() - start
    path_years = args.paths * (model["years"] - 1)
    year_2025 = 2025 - model["base_year"]
    print(json.dumps({
        "peer": peer_name,
        "paths": args.paths,
        "years": model["years"] - 1,
        "path_years": path_years,
        "elapsed_s": elapsed,
        "simulate_s": simulated - start,
        "path_years_per_s": path_years / elapsed,
        "ns_per_path_year": 1e9 * elapsed / path_years,
        "gdp_2025": gdp_summary(outputs["gdp_nominal"][:, year_2025]),
    }, indent=2))
