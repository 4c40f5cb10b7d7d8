"""The Python bindings (bindings/): scenarios and overrides, runs equal to the CLI's for the same
seed, numpy views, xarray and pandas conversions, exceptions for bad input, the GIL released during
a run, and Ctrl-C stopping a run cleanly."""
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest


@pytest.fixture
def scenario(regiosim, source_dir):
    return regiosim.load_scenario(source_dir / "scenarios/luolong-14fyp.yaml")


def test_package_imports_without_the_engine_and_has_a_curated_all(regiosim):
    check = ("import sys, regiosim; assert 'regiosim._regiosim' not in sys.modules; "
             "regiosim.open_results; regiosim.ConfigError; print(sorted(regiosim.__all__))")
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert set(regiosim.__all__) == {"ConfigError", "ModelError", "RegiosimError", "Result",
                                     "ResultFileError", "Scenario", "audit", "load_scenario",
                                     "model_arrays", "multipliers", "open_results", "run"}
    assert all(hasattr(regiosim, name) for name in regiosim.__all__)


def test_set_round_trips_through_the_resolved_yaml(regiosim, scenario, tmp_path):
    before = scenario.to_yaml()
    assert scenario.set("investment.block_defaults.growth_mean", 0.125) is scenario
    scenario.set("targets.gdp_2025.threshold", 800)
    assert scenario.to_yaml() != before and "0.125" in scenario.to_yaml()
    assert scenario.overrides == ["investment.block_defaults.growth_mean=0.125",
                                  "targets.gdp_2025.threshold=800"]
    saved = tmp_path / "resolved.yaml"
    saved.write_text(scenario.to_yaml())
    again = regiosim.load_scenario(saved)
    assert again.to_yaml() == scenario.to_yaml()
    assert scenario.validate() is scenario and scenario.name == "luolong-14fyp"


def test_same_seed_same_numbers_as_the_cli(regiosim, scenario, run_cli, tmp_path):
    cli_out, py_out = tmp_path / "cli.h5", tmp_path / "py.h5"
    result = run_cli("run", "--paths", "300", "--seed", "7", "--threads", "2", "--out", cli_out,
                     "--quiet", "--set", "investment.block_defaults.growth_mean=0.11")
    assert result.returncode == 0, result.stderr
    scenario.set("investment.block_defaults.growth_mean", 0.11)
    res = regiosim.run(scenario, paths=300, seed=7, threads=1, out=py_out)
    with regiosim.open_results(cli_out) as cli, regiosim.open_results(py_out) as py:
        ours = res.to_xarray()
        for name in res.variables:
            np.testing.assert_array_equal(res[name], cli[name].values, err_msg=name)
            np.testing.assert_array_equal(res.quantiles(name), cli[name + "_quantiles"].values,
                                          err_msg=name)
            np.testing.assert_array_equal(py[name].values, cli[name].values, err_msg=name)
            np.testing.assert_array_equal(ours[name].values, cli[name].values, err_msg=name)
            assert ours[name].dims == cli[name].dims
            assert ours[name].attrs["units"] == cli[name].attrs["units"]
            assert ours[name].attrs["long_name"] == cli[name].attrs["long_name"]
        for coord in ("year", "sector", "satellite", "quantile"):
            np.testing.assert_array_equal(ours[coord].values, cli[coord].values)
    with regiosim.open_results(cli_out, group="targets") as targets:
        card = res.scorecard()
        np.testing.assert_array_equal(card.loc[list(targets["target"].values), "p_meet"],
                                      targets["p_meet"].values)
    assert res.p_meet("gdp_nominal", 2025) == card.loc["gdp_2025", "p_meet"]


def test_scorecard_has_the_cli_json_columns(regiosim, scenario, run_cli, tmp_path):
    import json

    res = regiosim.run(scenario, paths=200, seed=3)
    card = res.scorecard()
    doc = json.loads(run_cli("run", "--paths", "200", "--seed", "3", "--json", "--quiet",
                             "--out", tmp_path / "cli.h5").stdout)
    expected = set(doc["targets"][0]) - {"id", "first_passage", "variance_share"}
    assert expected <= set(card.columns)
    for t in doc["targets"]:
        assert card.loc[t["id"], "p_meet"] == t["p_meet"]
    assert res.joint_p_meet[2025] == doc["joint_p_meet"]["2025"]


def test_arrays_are_views_that_keep_the_result_alive(regiosim, scenario):
    res = regiosim.run(scenario, paths=50, seed=1)
    gdp = res["gdp_nominal"]
    assert gdp.shape == (50, len(res.years)) and gdp.dtype == np.float64
    assert not gdp.flags.owndata and not gdp.flags.writeable
    assert np.shares_memory(gdp, res["gdp_nominal"])
    assert res["value_added_real"].shape == (50, len(res.years), len(res.sectors))
    assert res["satellite_value"].shape == (50, len(res.years), len(res.satellites))
    copy = gdp.copy()
    del res
    np.testing.assert_array_equal(gdp, copy)


def test_summary_store_keeps_quantiles_only(regiosim, scenario):
    res = regiosim.run(scenario, paths=100, seed=2, store="summary")
    with pytest.raises(KeyError, match="summary"):
        res["gdp_nominal"]
    assert res.quantiles("gdp_nominal").shape == (5, len(res.years))
    ds = res.to_xarray()
    assert "gdp_nominal" not in ds and "gdp_nominal_quantiles" in ds and "path" not in ds.coords
    assert 0 <= res.p_meet("gdp_nominal", 2025) <= 1
    with pytest.raises(KeyError):
        res.p_meet("gdp_nominal", 2024)
    with pytest.raises(KeyError):
        res.quantiles("no_such_variable")


def test_config_errors_carry_file_line_and_key_path(regiosim, scenario, source_dir):
    with pytest.raises(regiosim.ConfigError) as error:
        scenario.set("investment.block_defaults.growth_man", 0.1)
    assert isinstance(error.value, ValueError)
    assert error.value.key_path.startswith("investment.block_defaults")
    assert "did you mean 'growth_mean'" in str(error.value)
    with pytest.raises(regiosim.ConfigError) as error:
        scenario.set("investment.block_defaults.growth_mean", "fast")
    assert error.value.key_path == "investment.block_defaults.growth_mean"
    # A failed set leaves the scenario as it was.
    assert not any("growth_man" in o or "fast" in o for o in scenario.overrides)
    with pytest.raises(TypeError, match="sectors.EQP.tfp_drift"):
        scenario.set("sectors.EQP.tfp_drift", object())
    with pytest.raises(regiosim.ConfigError) as error:
        regiosim.load_scenario(source_dir / "tests/scenarios/invalid/negative_volatility.yaml")
    assert error.value.file.endswith("negative_volatility.yaml") and error.value.line > 0
    assert error.value.key_path and str(error.value).startswith(error.value.file)
    with pytest.raises(regiosim.ConfigError):
        regiosim.load_scenario(source_dir / "tests/scenarios/no_such_file.yaml")


@pytest.mark.parametrize("kwargs, exception", [
    ({"paths": -5}, ValueError), ({"paths": 0}, ValueError), ({"paths": "100"}, TypeError),
    ({"paths": 10.5}, TypeError), ({"paths": True}, TypeError), ({"seed": -1}, ValueError),
    ({"threads": "2"}, TypeError), ({"store": "everything"}, ValueError),
    ({"parameter_sets": 1}, ValueError), ({"out": "/no/such/dir/x.h5"}, ValueError),
])
def test_bad_run_arguments_raise_before_anything_runs(regiosim, scenario, kwargs, exception):
    with pytest.raises(exception):
        regiosim.run(scenario, **kwargs)


def test_bad_scenario_argument(regiosim):
    with pytest.raises(TypeError):
        regiosim.run("scenarios/luolong-14fyp.yaml", paths=10)


def test_audit_and_multipliers_match_the_cli(regiosim, scenario, run_cli):
    import json

    audit = regiosim.audit(scenario)
    doc = json.loads(run_cli("audit", "--json").stdout)
    assert audit["scenario"] == doc["scenario"] and audit["tolerance_pp"] == doc["tolerance_pp"]
    assert list(audit["targets"]["id"]) == [t["id"] for t in doc["targets"]]
    assert set(audit["targets"].columns) == set(doc["targets"][0])
    assert list(audit["cross_checks"]["name"]) == [c["name"] for c in doc["cross_checks"]]

    report = regiosim.multipliers(scenario)
    doc = json.loads(run_cli("multipliers", "--json").stdout)
    assert report["lambda"] == doc["lambda"]
    assert report["spectral_radius_national"] == doc["spectral_radius"]["national"]
    np.testing.assert_array_equal(report["leontief_regional"], np.array(doc["leontief"]["regional"]))
    sectors = report["sectors"]
    for s in doc["sectors"]:
        assert sectors.loc[s["code"], "output_regional"] == s["output_multiplier"]["regional"]


def test_two_runs_in_two_threads_overlap(regiosim, scenario):
    intervals, errors = [], []

    def work(seed):
        try:
            start = time.perf_counter()
            regiosim.run(scenario, paths=6000, seed=seed, threads=1, store="summary")
            intervals.append((start, time.perf_counter()))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    (a0, a1), (b0, b1) = sorted(intervals)
    # With the GIL held during a run the second would start only after the first ended.
    assert b0 < a1, intervals
    assert min(a1, b1) - max(a0, b0) > 0.5 * min(a1 - a0, b1 - b0), intervals


def test_ctrl_c_stops_a_run_cleanly(regiosim, source_dir, tmp_path):
    out = tmp_path / "interrupted.h5"
    script = textwrap.dedent(f"""
        import os, sys, regiosim
        scenario = regiosim.load_scenario({str(source_dir / "scenarios/luolong-14fyp.yaml")!r})
        print("running", flush=True)
        try:
            regiosim.run(scenario, paths=4000000, store="summary", out={str(out)!r})
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(0 if not os.listdir({str(tmp_path)!r}) else 3)
        sys.exit(4)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "running"
    deadline = time.time() + 30
    while time.time() < deadline and not list(tmp_path.iterdir()):
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, "the run should still be going"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "interrupted" in stdout
    assert list(tmp_path.iterdir()) == []


def test_notebook_example_runs(regiosim, source_dir, tmp_path):
    env = dict(os.environ, MPLBACKEND="Agg")
    result = subprocess.run([sys.executable, str(source_dir / "examples/notebook_example.py"),
                             str(tmp_path / "fan.png")], capture_output=True, text=True, timeout=300,
                            env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "p_meet" in result.stdout
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "matplotlib is not installed" in result.stdout
    else:
        assert (tmp_path / "fan.png").stat().st_size > 0
