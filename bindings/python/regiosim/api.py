"""The engine's API: scenarios, runs and their results (imports the compiled _regiosim)."""
import math
import numbers
import os

from . import _regiosim

# The Luolong 14th Five-Year Plan scenario of the source tree the engine was built from.
DEFAULT_SCENARIO = _regiosim.DEFAULT_SCENARIO


def _yaml_flow(value, key):
    """value as YAML flow text for an override; TypeError (naming key) for what YAML cannot hold."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{key}: {number!r} is not a finite number")
        return repr(number)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_flow(v, key) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_flow(str(k), key)}: {_yaml_flow(v, key)}"
                               for k, v in value.items()) + "}"
    raise TypeError(f"{key}: cannot set a value of type {type(value).__name__}")


class Scenario:
    """A validated scenario: a file plus `key.path=value` overrides, as the CLI's --set."""

    def __init__(self, path, overrides=()):
        self.path = os.fspath(path)
        self.overrides = list(overrides)
        self._spec = _regiosim.load_scenario(self.path, self.overrides)

    def set(self, key, value):
        """Override one value and re-validate at once (ConfigError names the key path); returns self."""
        if not isinstance(key, str) or not key:
            raise TypeError(f"key: expected a key path such as 'sectors.EQP.tfp_drift', got {key!r}")
        overrides = self.overrides + [f"{key}={_yaml_flow(value, key)}"]
        self._spec = _regiosim.load_scenario(self.path, overrides)
        self.overrides = overrides
        return self

    def validate(self):
        """Re-load the file with the overrides (it may have changed on disk); returns self."""
        self._spec = _regiosim.load_scenario(self.path, self.overrides)
        return self

    def to_yaml(self):
        """The resolved scenario: extends merged, overrides applied, every default written out."""
        return self._spec.resolved_yaml

    @property
    def name(self):
        return self._spec.name

    @property
    def base_year(self):
        return self._spec.base_year

    @property
    def end_year(self):
        return self._spec.end_year

    def __repr__(self):
        return f"Scenario({self.path!r}, overrides={self.overrides!r})"


def load_scenario(path=DEFAULT_SCENARIO, overrides=()):
    """Load and validate a scenario file (ConfigError on invalid input)."""
    return Scenario(path, overrides)


def _count(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {value}")
    return int(value)


def run(scenario, paths=10000, seed=1, threads=0, store="full", out=None,
        batch_size=_regiosim.DEFAULT_BATCH_SIZE, parameter_sets=0):
    """Run the Monte Carlo (the GIL is released; Ctrl-C stops it cleanly and writes no file).

    Same seed, same numbers as `regiosim run --seed`. out: also write the result file there.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: expected a regiosim.Scenario, got {type(scenario).__name__}")
    paths = _count("paths", paths, 1)
    seed = _count("seed", seed, 0)
    threads = _count("threads", threads, 0)
    batch_size = _count("batch_size", batch_size, 1)
    parameter_sets = _count("parameter_sets", parameter_sets, 0)
    if parameter_sets == 1:
        raise ValueError("parameter_sets: expected 0 (none) or at least 2, got 1")
    if store not in ("full", "summary"):
        raise ValueError(f"store: expected 'full' or 'summary', got {store!r}")
    if out is not None:
        out = os.fspath(out)
        directory = os.path.dirname(out) or "."
        if not os.path.isdir(directory):
            raise ValueError(f"out: directory '{directory}' does not exist")
        if os.path.isdir(out):
            raise ValueError(f"out: '{out}' is a directory (expected a file name)")
    output = _regiosim.run(scenario._spec, paths, seed, threads, batch_size, parameter_sets,
                           store, out)
    return Result(output, scenario)


_VARIABLES = {name: (units, long_name, extent)
              for name, units, long_name, extent in _regiosim.VARIABLES}


class Result:
    """A finished run. result["gdp_nominal"]: (path, year[, sector|satellite]) numpy view."""

    def __init__(self, output, scenario):
        self._output = output
        self.scenario = scenario

    paths = property(lambda self: self._output.paths)
    seed = property(lambda self: self._output.seed)
    store = property(lambda self: self._output.store)
    years = property(lambda self: list(self._output.years))
    sectors = property(lambda self: list(self._output.sectors))
    satellites = property(lambda self: list(self._output.satellites))
    variables = property(lambda self: list(_VARIABLES))
    elapsed_s = property(lambda self: self._output.elapsed_s)

    def __getitem__(self, name):
        """Every path of a variable, without a copy (read-only); KeyError for store="summary"."""
        array = self._output.values(name)
        array.flags.writeable = False
        return array

    def quantiles(self, name):
        """Per-year quantiles (quantile, year[, sector|satellite]) at QUANTILES (read-only)."""
        array = self._output.quantiles(name)
        array.flags.writeable = False
        return array

    def _dims(self, name, first):
        extent = _VARIABLES[name][2]
        return (first, "year") + ((extent,) if extent else ())

    def to_xarray(self):
        """An xarray.Dataset laid out as the result file: coordinates path (store=full), year,
        sector, satellite, quantile; every variable and its <name>_quantiles with units and
        long_name."""
        import xarray

        coords = {"year": self.years, "sector": self.sectors, "satellite": self.satellites,
                  "quantile": list(_regiosim.QUANTILES)}
        data = {}
        for name, (units, long_name, _) in _VARIABLES.items():
            attrs = {"units": units, "long_name": long_name}
            if self.store == "full":
                data[name] = (self._dims(name, "path"), self[name], attrs)
            data[name + "_quantiles"] = (self._dims(name, "quantile"), self.quantiles(name),
                                         dict(attrs, long_name=long_name + ", per-year quantiles"))
        if self.store == "full":
            coords["path"] = range(self.paths)
        data["satellite_units"] = (("satellite",), list(self._output.satellite_units))
        data["satellite_label"] = (("satellite",), list(self._output.satellite_labels))
        return xarray.Dataset(data, coords=coords,
                              attrs={"scenario_name": self._output.scenario_name,
                                     "seed": self.seed, "paths": self.paths, "store": self.store})

    def scorecard(self):
        """The targets (and backtest outturns) as a pandas DataFrame indexed by target id, with the
        columns of the CLI's --json targets."""
        import pandas

        return pandas.DataFrame(self._output.targets()).set_index("id")

    @property
    def joint_p_meet(self):
        """year -> P(all of that year's targets met on the same path)."""
        return dict(self._output.joint_p_meet)

    def p_meet(self, indicator, year):
        """P(meet) of the target on `indicator` (or with that id) in `year`."""
        rows = [t for t in self._output.targets()
                if (t["indicator"] == indicator or t["id"] == indicator) and t["year"] == year
                and not t["outturn"]]
        if len(rows) != 1:
            known = sorted({(t["indicator"], t["year"]) for t in self._output.targets()})
            raise KeyError(f"no single target for {indicator!r} in {year} (targets: {known})")
        return rows[0]["p_meet"]

    def __repr__(self):
        return (f"Result({self._output.scenario_name!r}, paths={self.paths}, seed={self.seed}, "
                f"store={self.store!r})")


def audit(scenario):
    """The plan audit (no simulation): a dict with scenario, tolerance_pp, and `targets` and
    `cross_checks` as pandas DataFrames."""
    import pandas

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: expected a regiosim.Scenario, got {type(scenario).__name__}")
    doc = _regiosim.audit(scenario._spec)
    doc["targets"] = pandas.DataFrame(doc["targets"])
    doc["cross_checks"] = pandas.DataFrame(doc["cross_checks"])
    return doc


def multipliers(scenario):
    """Leontief inverses (numpy) and Type I and Type II (household-closed, M10) multipliers (a
    DataFrame indexed by sector code)."""
    import pandas

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: expected a regiosim.Scenario, got {type(scenario).__name__}")
    doc = _regiosim.multipliers(scenario._spec)
    doc["sectors"] = pandas.DataFrame(doc["sectors"]).set_index("code")
    return doc


def model_arrays(scenario):
    """The calibrated model as numpy arrays and numbers, read-only (a dict): the base year, every
    coefficient the path simulator reads, the M7 matrices L_DD and L_DD Ar_DS, final demand's driver
    weights, the satellites, and as switches what re-implementations may leave out (jumps,
    Student-t, correlation matrix, backtest factor path, priors). For re-implementations of the
    model outside the engine, such as bench/peers."""
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: expected a regiosim.Scenario, got {type(scenario).__name__}")
    return _regiosim.model_arrays(scenario._spec)


__all__ = ["Result", "Scenario", "audit", "load_scenario", "model_arrays", "multipliers", "run"]
