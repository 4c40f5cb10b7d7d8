"""The HDF5 result file as its readers see it: xarray with engine="h5netcdf" and no extra
arguments, h5netcdf and h5py.

The file comes from tests/tools/write_sample_result.cpp, whose path is in REGIOSIM_SAMPLE_WRITER
(ctest sets it); its values are formulas recomputed here (see that file's header).
"""

import os
import subprocess
import warnings

import h5netcdf
import h5netcdf.legacyapi
import h5py
import numpy as np
import pytest
import xarray as xr

WRITER = os.environ.get("REGIOSIM_SAMPLE_WRITER")
pytestmark = pytest.mark.skipif(
    not WRITER,
    reason="REGIOSIM_SAMPLE_WRITER is not set (path of the regiosim_write_sample_result "
    "program; ctest sets it)",
)

YEARS = list(range(2020, 2036))
SECTORS = ["A01", "C39", "I65", "S90"]
PATHS = 7
QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95]
SATELLITES = ["bigdata_revenue", "culture_share"]
# output_variables.hpp VARIABLES, in order: (name, the dimension after year or None)
VARIABLES = [
    ("gdp_nominal", None), ("gdp_real", None), ("gdp_deflator", None),
    ("gdp_per_capita", None), ("population", None), ("employment_total", None),
    ("labour_productivity", None), ("fai_nominal", None), ("income_per_capita", None),
    ("urbanisation", None), ("inflation", None), ("retail_sales", None),
    ("budget_revenue", None), ("primary_share", None), ("secondary_share", None),
    ("tertiary_share", None), ("tourist_visits", None), ("tourist_spending", None),
    ("rd_intensity", None), ("pandemic_loss", None), ("property_bust", None),
    ("labour_compensation", None), ("household_consumption", None), ("government_spending", None),
    ("revision_factor", None),
    ("value_added_real", "sector"), ("value_added_nominal", "sector"),
    ("capital", "sector"), ("employment", "sector"), ("price", "sector"),
    ("gross_output_real", "sector"), ("final_demand_real", "sector"),
    ("sector_shock", "sector"), ("project_output", "sector"), ("utilisation_gap", "sector"),
    ("satellite_value", "satellite"),
]  # fmt: skip
WIDTH = {None: 1, "sector": len(SECTORS), "satellite": len(SATELLITES)}

# Tens of KB of UTF-8 with Chinese text, quotes, tabs, CRLF and a character outside the BMP.
SCENARIO_YAML = (
    "metadata:\n  name: 示例情景\n  description: \"十四五规划 — 目标 ≥ 7 %\\t引号'\"\n"
    + "".join(
        f"# 第{i}行：产业结构调整，战略性新兴产业增加值占比提高 🚀\r\n" for i in range(1000)
    )
    + "base_year: 2020\n"
)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("result_file")
    yaml_path = directory / "scenario.yaml"
    yaml_path.write_bytes(SCENARIO_YAML.encode("utf-8"))
    out = {}
    for store in ("full", "summary"):
        path = directory / f"{store}.h5"
        subprocess.run([WRITER, str(path), store, str(yaml_path)], check=True, timeout=120)
        out[store] = path
    # The writer leaves no temporary file behind.
    assert sorted(p.name for p in directory.iterdir()) == ["full.h5", "scenario.yaml", "summary.h5"]
    return out


def open_quietly(path, **kwargs):
    """open_dataset with no extra arguments but `group`; any warning (phony dims, decoding) fails."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = xr.open_dataset(path, engine="h5netcdf", **kwargs)
        ds.load()
    assert [str(w.message) for w in caught] == []
    return ds


def trajectory(var_index, extent):
    p = np.arange(PATHS)[:, None, None]
    t = np.arange(len(YEARS))[None, :, None]
    j = np.arange(WIDTH[extent])[None, None, :]
    values = var_index * 1e7 + p * 1000 + t * 10 + j
    return values if extent else values[:, :, 0]


def quantiles(var_index, extent):
    q = np.arange(len(QUANTILES))[:, None, None]
    t = np.arange(len(YEARS))[None, :, None]
    j = np.arange(WIDTH[extent])[None, None, :]
    values = (var_index * 100 + q * 10 + t + 0.1 * j).astype(float)
    if VARIABLES[var_index][0] == "inflation":
        values[0, 0, :] = np.nan
    return values if extent else values[:, :, 0]


def test_full_store_dims_and_coordinates(files):
    ds = open_quietly(files["full"])
    assert dict(ds.sizes) == {"path": PATHS, "year": 16, "sector": 4, "satellite": 2, "quantile": 5}
    assert set(ds.coords) == {"path", "year", "sector", "satellite", "quantile"}
    assert ds["satellite"].values.tolist() == SATELLITES
    assert ds["satellite_label"].values.tolist() == ["大数据营业收入", "culture VA share"]
    assert ds["path"].dtype == np.uint64
    assert ds["path"].values.tolist() == list(range(PATHS))
    assert ds["year"].dtype == np.int32
    assert ds["year"].values.tolist() == YEARS
    assert ds["quantile"].dtype == np.float64
    assert ds["quantile"].values.tolist() == QUANTILES
    assert ds["sector"].values.tolist() == SECTORS
    assert all(type(code) is str for code in ds["sector"].values)

    assert ds["year"].attrs["units"] == "calendar year"
    assert ds["path"].attrs["long_name"] == "path index"
    assert ds["sector"].attrs["long_name"] == "sector code"
    assert ds["quantile"].attrs["long_name"] == "probability"
    for name, variable in ds.variables.items():
        assert isinstance(variable.attrs.get("units"), str), name
        assert isinstance(variable.attrs.get("long_name"), str), name


def test_full_store_values(files):
    ds = open_quietly(files["full"])
    # Every variable with its quantiles, and the satellites' units and labels.
    assert len(ds.data_vars) == 2 * len(VARIABLES) + 2
    for index, (name, extent) in enumerate(VARIABLES):
        dims = ("path", "year") + ((extent,) if extent else ())
        assert ds[name].dims == dims
        assert ds[name].dtype == np.float64
        np.testing.assert_array_equal(ds[name].values, trajectory(index, extent))
        q = ds[f"{name}_quantiles"]
        assert q.dims == ("quantile",) + dims[1:]
        np.testing.assert_array_equal(q.values, quantiles(index, extent))
    assert ds["gdp_nominal"].attrs["long_name"] == "GDP, nominal (M8)"
    assert ds["capital"].attrs["units"] == "1e8 CNY (yi yuan), base-year investment prices"
    # Label-based selection works along every dimension.
    capital = [name for name, _ in VARIABLES].index("capital")
    assert ds["capital"].sel(path=3, year=2021, sector="I65").item() == capital * 1e7 + 3000 + 10 + 2
    assert np.isnan(ds["inflation_quantiles"].sel(quantile=0.05, year=2020).item())


def test_root_attributes(files):
    ds = open_quietly(files["full"])
    attrs = ds.attrs
    assert attrs["schema"] == "regiosim.run"
    assert attrs["schema_version"] == 1
    assert attrs["store"] == "full"
    assert attrs["status"] == "complete"
    assert attrs["paths"] == PATHS
    assert attrs["seed"] == 20261127
    assert attrs["threads"] == 2
    assert attrs["base_year"] == 2020
    assert attrs["scenario_name"] == "示例情景 sample"
    assert isinstance(attrs["engine_version"], str) and attrs["engine_version"]
    assert isinstance(attrs["git_commit"], str) and attrs["git_commit"]
    assert np.datetime64(attrs["created_utc"].rstrip("Z"))  # ISO 8601
    assert attrs["created_utc"].endswith("Z") and len(attrs["created_utc"]) == 20


def test_scenario_yaml_round_trip(files):
    ds = open_quietly(files["full"])
    assert len(SCENARIO_YAML.encode("utf-8")) > 64 * 1024  # beyond a compact attribute's limit
    assert ds.attrs["scenario_yaml"] == SCENARIO_YAML


def test_targets_group(files):
    for store in ("full", "summary"):
        targets = open_quietly(files[store], group="targets")
        assert dict(targets.sizes) == {"target": 2, "passage_year": 16, "year_of_targets": 2, "m": 1}
        assert targets["target"].values.tolist() == ["gdp_2025", "gdp_growth_2035"]
        assert set(targets.data_vars) == {
            "indicator", "comparison", "basis", "label", "source", "target_year", "threshold",
            "p_meet", "p_meet_se", "median", "q05", "q95", "expected_shortfall",
            "expected_shortfall_se", "first_passage", "p_at_least", "p_at_least_se",
        }  # fmt: skip
        two_dims = {
            "first_passage": ("target", "passage_year"),
            "p_at_least": ("year_of_targets", "m"),
            "p_at_least_se": ("year_of_targets", "m"),
        }
        for name, variable in targets.variables.items():
            expected = two_dims.get(name, (name,) if name in {"passage_year", "year_of_targets", "m"} else ("target",))
            assert variable.dims == expected, name
            assert isinstance(variable.attrs.get("units"), str), name
            assert isinstance(variable.attrs.get("long_name"), str), name
        assert targets["indicator"].values.tolist() == ["gdp_nominal", "gdp_real"]
        assert targets["comparison"].values.tolist() == [">=", ">"]
        assert targets["basis"].values.tolist() == ["nominal_level", "real_growth"]
        assert targets["label"].values.tolist() == ["地区生产总值达到6000亿元", "GDP年均增长6.5%以上"]
        assert targets["source"].values.tolist() == ["规划表1", "规划表1"]
        assert targets["target_year"].dtype == np.int32
        assert targets["target_year"].values.tolist() == [2025, 2035]
        assert targets["threshold"].values.tolist() == [6000, 6.5]
        assert targets["p_meet"].sel(target="gdp_growth_2035").item() == 0.5
        assert targets["p_meet_se"].values.tolist() == [0.0125, 0.025]
        assert targets["median"].values.tolist() == [5900, 6.4]
        assert targets["q05"].values.tolist() == [5200, 4.9]
        assert targets["q95"].values.tolist() == [6600, 7.8]
        assert targets["expected_shortfall"].values.tolist() == [420, 0.75]
        assert targets["expected_shortfall_se"].values[0] == 35
        assert np.isnan(targets["expected_shortfall_se"].values[1])
        # Years after the base year, then -1 for "never within the horizon".
        assert targets["passage_year"].values.tolist() == list(range(2021, 2036)) + [-1]
        gdp = targets["first_passage"].sel(target="gdp_2025")
        assert gdp.sel(passage_year=2025).item() == 0.5
        assert gdp.sel(passage_year=-1).item() == 0.25
        assert gdp.sum().item() == 1.0
        assert np.isnan(targets["first_passage"].sel(target="gdp_growth_2035")).all()
        assert targets["year_of_targets"].values.tolist() == [2025, 2035]
        assert targets["m"].values.tolist() == [1]
        assert targets["p_at_least"].sel(year_of_targets=2035, m=1).item() == 0.5
        assert targets["p_at_least_se"].values.tolist() == [[0.0125], [0.025]]
        assert targets.attrs == {
            "joint_p_meet_2025": 0.25,
            "joint_p_meet_2035": 0.5,
            "joint_p_meet_se_2025": 0.0125,
            "joint_p_meet_se_2035": 0.025,
        }


def test_summary_store(files):
    ds = open_quietly(files["summary"])
    # No per-path data, so no path dimension; the number of paths is an attribute.
    assert dict(ds.sizes) == {"year": 16, "sector": 4, "satellite": 2, "quantile": 5}
    assert set(ds.data_vars) == {f"{name}_quantiles" for name, _ in VARIABLES} | {
        "satellite_units", "satellite_label"}
    assert ds.attrs["store"] == "summary"
    assert ds.attrs["paths"] == PATHS
    assert ds.attrs["status"] == "complete"
    for index, (name, extent) in enumerate(VARIABLES):
        np.testing.assert_array_equal(ds[f"{name}_quantiles"].values, quantiles(index, extent))


def test_h5netcdf_reads_strings_as_str(files):
    # netCDF4-python semantics (h5netcdf's legacy API): variable-length strings come back as str.
    with h5netcdf.legacyapi.Dataset(files["full"], "r") as nc:
        assert list(nc.dimensions) == ["path", "quantile", "satellite", "sector", "year"]
        assert nc.variables["sector"][:].tolist() == SECTORS
        assert all(type(code) is str for code in nc.variables["sector"][:])
        assert nc.groups["targets"].variables["label"][1] == "GDP年均增长6.5%以上"
        assert nc.getncattr("scenario_yaml") == SCENARIO_YAML
    # The new API too, asked to decode (it hands out raw bytes by default, like h5py).
    with h5netcdf.File(files["full"], "r", decode_vlen_strings=True) as nc:
        assert nc.variables["sector"][:].tolist() == SECTORS
        assert nc.variables["capital"].dimensions == ("path", "year", "sector")
        assert nc.attrs["scenario_name"] == "示例情景 sample"


def test_hdf5_layout(files):
    with h5py.File(files["full"], "r") as f:
        for name in ("path", "year", "sector", "satellite", "quantile", "targets/target"):
            assert h5py.h5ds.is_scale(f[name].id), name
        info = h5py.check_string_dtype(f["sector"].dtype)
        assert info.encoding == "utf-8" and info.length is None
        capital = f["capital"]
        assert capital.chunks == (3, 16, 4)
        assert capital.compression is None
        assert [dim[0].name for dim in capital.dims] == ["/path", "/year", "/sector"]
        assert f.attrs["status"] == "complete"
