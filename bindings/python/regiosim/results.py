"""Result files written by the CLI (or by run(out=...)), opened with xarray; no compiled code.

Before anything reads a file, check_result_file refuses what is not a complete regiosim result of a
known schema version, or is damaged, with a ResultFileError (the report then exits 2): a foreign or
truncated file, status "incomplete", an unknown schema_version, a `paths` attribute that is not a
positive integer or disagrees with the trajectories, a missing variable, a non-finite value where
the engine never writes one, a P(meet) outside [0, 1]. A flipped bit inside a double that stays
finite cannot be seen: the datasets carry no checksum."""
import os

from .errors import ResultFileError

SCHEMA = "regiosim.run"
SCHEMA_VERSIONS = (1,)
# What the report draws; every run writes them (engine/include/regiosim/output_variables.hpp).
REQUIRED_VARIABLES = ("gdp_nominal", "gdp_per_capita", "fai_nominal", "retail_sales", "budget_revenue",
                      "income_per_capita", "value_added_nominal")
CHECKED_ROWS = 100_000  # trajectory rows read for the finiteness check (the rest is not read)


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _check_contents(handle, invalid):
    import numpy

    attrs = handle.attrs
    paths = attrs.get("paths")
    if isinstance(paths, numpy.ndarray) and paths.size == 1:
        paths = paths.item()
    if not isinstance(paths, (int, numpy.integer)) or isinstance(paths, bool) or paths < 1:
        raise invalid(f"its 'paths' attribute is {paths!r}, not a positive integer")
    store = _text(attrs.get("store", ""))
    if store not in ("full", "summary"):
        raise invalid(f"its 'store' attribute is '{store}', not 'full' or 'summary'")
    for name in REQUIRED_VARIABLES:
        quantiles = handle.get(name + "_quantiles")
        if quantiles is None:
            raise invalid(f"no dataset '{name}_quantiles'")
        if not numpy.all(numpy.isfinite(quantiles[...])):
            raise invalid(f"non-finite values in '{name}_quantiles'")
        if store == "full":
            data = handle.get(name)
            if data is None:
                raise invalid(f"store 'full' but no dataset '{name}'")
            if data.shape[0] != paths:
                raise invalid(f"'{name}' has {data.shape[0]} paths, its 'paths' attribute {paths}")
            if not numpy.all(numpy.isfinite(data[:CHECKED_ROWS])):
                raise invalid(f"non-finite values in '{name}'")
    p_meet = handle["targets"].get("p_meet")
    if p_meet is None:
        raise invalid("no dataset 'targets/p_meet'")
    values = p_meet[...]
    if not numpy.all((values >= 0) & (values <= 1)):
        raise invalid("a P(meet) in 'targets/p_meet' outside [0, 1]")


def check_result_file(path):
    """Raises ResultFileError unless `path` is a complete, undamaged regiosim result of a known
    schema_version (module docstring)."""
    import h5py

    def invalid(found):
        return ResultFileError(f"{path}: not a regiosim result ({found})")

    if not os.path.exists(path):
        raise ResultFileError(f"{path}: no such file")
    if os.path.isdir(path):
        raise invalid("a directory")
    try:
        handle = h5py.File(path, "r")
    except OSError as error:
        raise invalid(f"not an HDF5 file: {error}") from None
    with handle:
        attrs = handle.attrs
        if "schema" not in attrs:
            raise invalid(f"no 'schema' attribute; expected schema '{SCHEMA}'")
        schema = _text(attrs["schema"])
        if schema != SCHEMA:
            raise invalid(f"schema '{schema}'; expected '{SCHEMA}'")
        if "schema_version" not in attrs:
            raise invalid(f"schema '{schema}' without a schema_version")
        version = attrs["schema_version"]
        try:
            version_number = int(version)
        except (TypeError, ValueError):
            version_number = None
        if version_number not in SCHEMA_VERSIONS:
            known = ", ".join(str(v) for v in SCHEMA_VERSIONS)
            raise invalid(f"schema '{schema}' with unknown schema_version {_text(version)}; "
                          f"this version reads {known}")
        status = _text(attrs.get("status", ""))
        if status != "complete":
            raise invalid(f"schema '{schema}' but status '{status}', not 'complete'")
        if "targets" not in handle or "scenario_yaml" not in attrs:
            raise invalid(f"schema '{schema}' but no /targets group or scenario_yaml attribute")
        try:
            _check_contents(handle, invalid)
        except (OSError, KeyError, ValueError, TypeError) as error:  # HDF5 cannot read a part
            raise invalid(f"damaged: {error}") from None


def open_results(path, group=None):
    """The result file at `path` as an xarray.Dataset (group="targets": the scorecard), after
    check_result_file: raises ResultFileError for anything else."""
    import xarray

    check_result_file(path)
    try:
        return xarray.open_dataset(path, engine="h5netcdf", group=group)
    except (OSError, ValueError, KeyError) as error:
        raise ResultFileError(f"{path}: damaged ({error})") from None
