"""regiosim sweep end to end: common random numbers, the output file, Morris, resume after a kill,
errors at the sweep file."""
import json
import re
import signal
import subprocess
import time

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

THREE_DRIVERS = """parameters:
  - {key: investment.block_defaults.growth_mean, range: [0.04, 0.14]}
  - {key: productivity.long_run_drift, range: [0.0, 0.08]}
  - {key: population.migration_mean, range: [0.0, 0.03]}
"""


def write_sweep(directory, source_dir, body):
    path = directory / "sweep.yaml"
    path.write_text(f"scenario: {source_dir / 'scenarios' / 'luolong-14fyp.yaml'}\n" + body)
    return path


def sweep_json(run_cli, sweep, out):
    """Runs the sweep on 2 threads and returns its --json document."""
    result = run_cli("sweep", sweep, "--out", out, "--threads", 2, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_common_random_numbers_give_identical_p_meet_for_an_inert_parameter(run_cli, source_dir,
                                                                          tmp_path):
    # audit.national_culture_va_share only feeds the plan audit, never a path: with the same draws
    # at every point, every point's P(meet) must be the same number.
    sweep = write_sweep(tmp_path, source_dir, """design: lhs
points: 4
paths: 40
seed: 3
parameters:
  - {key: audit.national_culture_va_share, range: [0.01, 0.2]}
""")
    doc = sweep_json(run_cli, sweep, tmp_path / "s.h5")
    assert doc["points"] == 4
    assert len({tuple(row) for row in doc["design_values"]}) == 4
    assert all(row == doc["p_meet"][0] for row in doc["p_meet"])
    assert len(doc["p_meet"][0]) == len(doc["targets"])


def test_sobol_sweep_writes_indices_and_xarray_opens_the_file(run_cli, source_dir, tmp_path):
    sweep = write_sweep(tmp_path, source_dir, """design: sobol
points: 4
paths: 20
common_random_numbers: false
parameters:
  - {key: investment.block_defaults.growth_mean, range: [0.04, 0.14]}
  - {key: population.migration_mean, range: [0.0, 0.03]}
""")
    out = tmp_path / "s.h5"
    doc = sweep_json(run_cli, sweep, out)
    assert doc["points"] == 4 * (2 + 2)
    assert set(doc["sobol"]) == set(doc["targets"])
    assert len(doc["sobol"]["gdp_2025"]["total"]) == 2
    table = run_cli("sweep", sweep, "--out", tmp_path / "t.h5", "--threads", 2)
    assert table.returncode == 0, table.stderr
    assert "Sobol indices of P(meet)" in table.stdout
    xr = pytest.importorskip("xarray")
    with xr.open_dataset(out, engine="h5netcdf") as ds:
        assert ds.attrs["schema"] == "regiosim.sweep"
        assert ds.attrs["design"] == "sobol"
        assert dict(ds["design"].sizes) == {"point": 16, "parameter": 2}
        assert dict(ds["p_meet"].sizes) == {"point": 16, "target": len(doc["targets"])}
        assert list(ds["parameter"].values) == ["investment.block_defaults.growth_mean",
                                                "population.migration_mean"]
        for name in ("sobol_first", "sobol_total", "sobol_first_lo", "sobol_total_hi",
                     "sobol_total_median"):
            assert ds[name].dims == ("parameter", "target")
        # Time-resolved: the indices of median nominal GDP in each year.
        assert ds["sobol_total_gdp"].dims == ("parameter", "year")
        assert ds["gdp_nominal"].dims == ("point", "year", "quantile")
        assert np.array_equal(ds["sobol_total_gdp"].sel(year=2025).values,
                              doc["sobol_gdp"]["2025"]["total"])
        # Each point's median GDP in the file is the 0.5 quantile of its run.
        median_2025 = ds["gdp_nominal"].sel(year=2025, quantile=0.5).values
        assert np.all(median_2025 > 400)


@pytest.mark.parametrize("body, where, message", [
    ("design: lhs\npoints: 3\npaths: 5\nparameters:\n  - key: population.migraton_mean\n"
     "    range: [0.0, 0.03]\n", ":6:10:", "did you mean"),
    ("design: lhs\npoints: 3\npaths: 5\nparameters:\n  - key: population.migration_mean\n"
     "    range: [0.03, 0.01]\n", ":7:12:", "lo < hi"),
    ("design: lhs\npoints: 3\npaths: 5\nparameters:\n  - key: population.migration_mean\n"
     "    range: [0.0, 0.9]\n", ":7:12:", "out of range"),
    ("design: sobol\npoints: 6\npaths: 5\nparameters:\n  - key: population.migration_mean\n"
     "    range: [0.0, 0.03]\n", ":3:9:", "power of two"),
    ("design: lhs\npoints: 3\npaths: 0\nparameters:\n  - key: population.migration_mean\n"
     "    range: [0.0, 0.03]\n", ":4:8:", "paths"),
    ("design: morris\npoints: 3\nlevels: 5\npaths: 5\nparameters:\n"
     "  - key: population.migration_mean\n    range: [0.0, 0.03]\n", ":4:9:", "even number"),
    ("design: lhs\npoints: 3\npaths: 5\ntrajectories: [1, 3]\nparameters:\n"
     "  - key: population.migration_mean\n    range: [0.0, 0.03]\n", ":5:15:", "0..2"),
    ("design: sobol\npoints: 1073741824\npaths: 5\nparameters:\n"
     "  - key: population.migration_mean\n    range: [0.0, 0.03]\n", ":3:9:", "at most 1000000"),
    # 2^64 grid points wrapped around to 0 in a 64-bit product (issue 13, found writing fuzz/).
    ("design: grid\npaths: 5\nparameters:\n" +
     "".join(f"  - {{key: a{i}, levels: [0, 1]}}\n" for i in range(64)), ":24:24:",
     "more than 1000000 points"),
])
def test_bad_sweep_input_is_an_error_at_the_sweep_file(run_cli, source_dir, tmp_path, body, where,
                                                       message):
    sweep = write_sweep(tmp_path, source_dir, body)
    result = run_cli("sweep", sweep, "--out", tmp_path / "s.h5")
    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith(str(sweep) + where), result.stderr
    assert re.search(message, result.stderr), result.stderr
    assert not (tmp_path / "s.h5").exists()
    assert not (tmp_path / "s.h5.partial").exists()


def test_morris_sweep_and_listed_trajectories(run_cli, source_dir, tmp_path, regiosim_bin):
    sweep = write_sweep(tmp_path, source_dir, "design: morris\npoints: 3\nlevels: 4\npaths: 30\n"
                        "trajectories: [5, 0]\n" + THREE_DRIVERS)
    out = tmp_path / "m.h5"
    doc = sweep_json(run_cli, sweep, out)
    assert doc["points"] == 3 * (3 + 1)
    assert set(doc["morris"]) == set(doc["targets"])
    # FAI growth raises FAI and nothing else moves it: mu* > 0 for it alone.
    fai = doc["morris_median"]["fai_2025"]
    assert fai["mu_star"][0] > 0 and fai["mu_star"][1] == 0 and fai["mu_star"][2] == 0
    assert fai["mu"][0] == fai["mu_star"][0]
    table = run_cli("sweep", sweep, "--out", tmp_path / "t.h5", "--threads", 2)
    assert "Morris elementary effects" in table.stdout and "mu*" in table.stdout
    xr = pytest.importorskip("xarray")
    with xr.open_dataset(out, engine="h5netcdf") as ds:
        assert ds.attrs["design"] == "morris" and ds.attrs["morris_levels"] == 4
        assert ds["morris_mu_star"].dims == ("parameter", "target")
        assert ds["morris_sigma_gdp"].dims == ("parameter", "year")
    # A listed point's trajectories: the run of that point, as `regiosim run` writes it.
    with xr.open_dataset(out, engine="h5netcdf", group="trajectories/point_5") as g, \
            xr.open_dataset(out, engine="h5netcdf") as ds:
        assert dict(g["gdp_nominal"].sizes) == {"path": 30, "year": 16}
        assert g.attrs["status"] == "complete"
        np.testing.assert_array_equal(g["gdp_nominal_quantiles"].values.T,
                                      ds["gdp_nominal"].isel(point=5).values)
        values = ds["design"].isel(point=5).values
    sets = [f"{key}={float(value)!r}" for key, value in zip(doc["parameters"], values)]
    args = ["run", source_dir / "scenarios" / "luolong-14fyp.yaml", "--paths", 30, "--seed", 1,
            "--store", "full", "--out", tmp_path / "p5.h5", "--quiet"]
    for item in sets:
        args += ["--set", item]
    single = run_cli(*args)
    assert single.returncode == 0, single.stderr
    with h5py.File(out) as f, h5py.File(tmp_path / "p5.h5") as g:
        np.testing.assert_array_equal(f["trajectories/point_5/gdp_nominal"][()],
                                      g["gdp_nominal"][()])


def file_content(path):
    """Every dataset and attribute, but the run-provenance ones (when and on how many threads) and
    HDF5's dimension-scale bookkeeping (object references, which differ by layout, not content)."""
    skip = {"created_utc", "threads", "DIMENSION_LIST", "REFERENCE_LIST"}
    content = {}
    with h5py.File(path) as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                content[name] = obj[()]
            for key, value in obj.attrs.items():
                if key not in skip:
                    content[f"{name}@{key}"] = value
        visit("", f)
        f.visititems(visit)
    return content


def assert_same_content(a, b):
    ca, cb = file_content(a), file_content(b)
    assert ca.keys() == cb.keys()
    for key in ca:
        x, y = np.asarray(ca[key]), np.asarray(cb[key])
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), key


def kill_midway(regiosim_bin, sweep, out, kill_signal):
    """Starts the sweep and kills it once its checkpoint holds a chunk of finished points."""
    checkpoint = out.parent / (out.name + ".partial")
    process = subprocess.Popen([regiosim_bin, "sweep", sweep, "--out", out, "--threads", "2",
                                "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and not list(checkpoint.glob("chunk-*.bin")):
        time.sleep(0.01)
    process.send_signal(kill_signal)
    process.wait(timeout=60)
    return process, checkpoint


@pytest.mark.parametrize("kill_signal", [signal.SIGKILL, signal.SIGINT])
def test_resume_after_a_kill_gives_the_same_file(run_cli, regiosim_bin, source_dir, tmp_path,
                                                 kill_signal):
    # 24 points of 8,000 paths: several seconds (about 4 on two cores), so the kill lands after the
    # first chunk (written after a second) and before the end.
    sweep = write_sweep(tmp_path, source_dir, "design: morris\npoints: 6\npaths: 8000\n"
                        "trajectories: [1]\n" + THREE_DRIVERS)
    reference = tmp_path / "reference.h5"
    result = run_cli("sweep", sweep, "--out", reference, "--threads", 2, "--quiet")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "reference.h5.partial").exists()

    out = tmp_path / "resumed.h5"
    process, checkpoint = kill_midway(regiosim_bin, sweep, out, kill_signal)
    assert process.returncode != 0, "the sweep finished before it could be killed: make it longer"
    chunks = sorted(p.name for p in checkpoint.glob("chunk-*.bin"))
    assert chunks
    assert not out.exists()
    # Without --resume the unfinished run is neither reused nor thrown away.
    again = run_cli("sweep", sweep, "--out", out, "--threads", 2, "--quiet")
    assert again.returncode == 2 and "--resume" in again.stderr
    assert sorted(p.name for p in checkpoint.glob("chunk-*.bin")) == chunks
    resumed = run_cli("sweep", sweep, "--out", out, "--threads", 1, "--quiet", "--json",
                      "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert 0 < json.loads(resumed.stdout)["resumed_points"] < 24
    assert not checkpoint.exists()
    assert_same_content(reference, out)


def test_resume_refuses_a_checkpoint_of_another_sweep(run_cli, regiosim_bin, source_dir,
                                                      tmp_path):
    sweep = write_sweep(tmp_path, source_dir, "design: morris\npoints: 6\npaths: 8000\n"
                        + THREE_DRIVERS)
    out = tmp_path / "s.h5"
    out.write_bytes(b"an earlier result")
    process, checkpoint = kill_midway(regiosim_bin, sweep, out, signal.SIGKILL)
    before = sorted(p.name for p in checkpoint.iterdir())
    sweep.write_text(sweep.read_text().replace("[0.0, 0.03]", "[0.0, 0.02]"))
    result = run_cli("sweep", sweep, "--out", out, "--resume")
    assert result.returncode == 2
    assert "different sweep definition" in result.stderr
    assert out.read_bytes() == b"an earlier result"
    assert sorted(p.name for p in checkpoint.iterdir()) == before


def test_a_missing_scenario_is_an_error_at_the_sweep_file(run_cli, tmp_path):
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("scenario: nowhere.yaml\ndesign: mc\npoints: 2\npaths: 5\nparameters:\n"
                     "  - {key: population.migration_mean, range: [0.0, 0.03]}\n")
    result = run_cli("sweep", sweep, "--out", tmp_path / "s.h5")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{sweep}:1:11: scenario: no scenario file"), result.stderr
