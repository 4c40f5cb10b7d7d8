"""Result files written by the CLI (or by run(out=...)), opened with xarray; no compiled code."""


def open_results(path, group=None):
    """The result file at `path` as an xarray.Dataset (group="targets": the scorecard)."""
    import xarray

    return xarray.open_dataset(path, engine="h5netcdf", group=group)
