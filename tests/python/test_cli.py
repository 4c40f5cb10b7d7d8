"""The regiosim CLI end to end: invalid input (exit 2, FILE:LINE:COLUMN, nothing written), usage
errors, the scorecard table and JSON, the HDF5 file as xarray opens it, and SIGINT."""
import json
import os
import pathlib
import re
import signal
import subprocess
import time
import warnings

import pytest

INVALID_DIR = "tests/scenarios/invalid"
SOURCE_DIR = pathlib.Path(os.environ.get("REGIOSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


def scenario_files(source_dir, folder=INVALID_DIR):
    return sorted((source_dir / folder).glob("*.yaml"))


def expectation(path, tag="expect"):
    """The first line of each invalid scenario, '# expect: LOCATION | TEXT', or of each scenario with a
    warning, '# expect-warning: LOCATION | TEXT'."""
    first = path.read_text(encoding="utf-8").splitlines()[0] if path.stat().st_size else ""
    match = re.match(rf"# {tag}: (.*?) \| ?(.*)$", first)
    assert match, f"{path.name}: first line must be '# {tag}: LOCATION | TEXT'"
    return match.group(1), match.group(2)


def assert_one_error_line(stderr, location, text):
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert re.search(r"(^|/)" + re.escape(location), lines[0]), f"expected location {location!r} in {lines[0]!r}"
    assert text in lines[0], f"expected {text!r} in {lines[0]!r}"
    assert re.search(r":\d+:\d+: ", lines[0]), "FILE:LINE:COLUMN"


def test_invalid_directory_is_not_empty(source_dir):
    assert len(scenario_files(source_dir)) >= 20


@pytest.mark.parametrize("name", [p.name for p in scenario_files(SOURCE_DIR)])
def test_invalid_scenario_exits_2_with_location_and_writes_nothing(name, source_dir, run_cli, tmp_path):
    path = source_dir / INVALID_DIR / name
    location, text = expectation(path)
    result = run_cli("validate", path, timeout=30)
    assert result.returncode == 2, result.stderr
    assert_one_error_line(result.stderr, location, text)
    # run: the same error, no new file, an existing output left as it was.
    out = tmp_path / "result.h5"
    out.write_bytes(b"previous results")
    result = run_cli("run", path, "--paths", 10, "--out", out, "--quiet", timeout=30)
    assert result.returncode == 2, result.stderr
    assert_one_error_line(result.stderr, location, text)
    assert out.read_bytes() == b"previous results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.h5"]


WARNINGS_DIR = "tests/scenarios/warnings"


def test_warnings_directory_is_not_empty(source_dir):
    assert len(scenario_files(source_dir, WARNINGS_DIR)) >= 2


@pytest.mark.parametrize("name", [p.name for p in scenario_files(SOURCE_DIR, WARNINGS_DIR)])
def test_warning_scenario_exits_0_and_2_with_strict(name, source_dir, run_cli, tmp_path):
    path = source_dir / WARNINGS_DIR / name
    location, text = expectation(path, "expect-warning")
    # FILE:LINE:COLUMN: then the key path: a warning line has "warning: " between them.
    file_position, key_path = re.match(r"(.*?:\d+:\d+:) (.*)$", location).groups()
    warning_line = file_position + " warning: " + key_path
    # validate: valid on stdout, one warning line on stderr (the error format with "warning: "), exit 0.
    result = run_cli("validate", path, timeout=30)
    assert result.returncode == 0, result.stderr
    assert ": valid (" in result.stdout
    assert_one_error_line(result.stderr, warning_line, text)
    # --strict: the same line as an error, without "warning: ", exit 2.
    result = run_cli("validate", "--strict", path, timeout=30)
    assert result.returncode == 2, result.stderr
    assert_one_error_line(result.stderr, location, text)
    assert ": warning: " not in result.stderr
    # run: the warning, then the run as usual.
    out = tmp_path / "result.h5"
    result = run_cli("run", path, "--paths", 10, "--out", out, "--quiet", timeout=30)
    assert result.returncode == 0, result.stderr
    assert_one_error_line(result.stderr, warning_line, text)
    assert out.exists()


@pytest.mark.parametrize("scenario", sorted(p.relative_to(SOURCE_DIR).as_posix() for p in
                                            [*(SOURCE_DIR / "scenarios").glob("*.yaml"),
                                             *(SOURCE_DIR / "tests/scenarios").glob("*.yaml")]))
def test_shipped_scenarios_have_no_warnings(scenario, run_cli, source_dir):
    result = run_cli("validate", "--strict", source_dir / scenario, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_binary_garbage_and_oversized_files(run_cli, tmp_path):
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(bytes(range(256)) * 8)
    result = run_cli("validate", garbage, timeout=30)
    assert result.returncode == 2
    assert result.stderr.startswith(str(garbage) + ":")
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * 600_000)
    result = run_cli("validate", big, timeout=30)
    assert result.returncode == 2
    assert result.stderr.startswith(str(big) + ":1:1: ")


@pytest.mark.parametrize("args", [
    ["run", "--paths", "0"], ["run", "--paths", "many"], ["run", "--store", "everything"],
    ["run", "--threads", "0"], ["run", "--bogus"], ["frobnicate"], [],
    ["run", "--out", "/nonexistent-dir/x.h5", "--paths", "5"],
    ["run", "no-such-scenario.yaml"], ["validate", "/"],
    ["run", "--set", "investment.conversion_share=2", "--paths", "5"],
    ["run", "--set", "no_equals_sign", "--paths", "5"],
])
def test_usage_errors_exit_2(args, run_cli, tmp_path):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.strip(), "an error message"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("seed", ["-1", "-5", "18446744073709551616", "+5", "1e3", "abc", "9" * 60])
@pytest.mark.parametrize("command", ["run", "compare", "solve", "calibrate", "rebase", "bench"])
def test_seed_outside_0_to_2_64_minus_1_is_refused(command, seed, run_cli, tmp_path):
    # Issue 13: CLI11 alone wrapped -1 to 2^64 - 1 and -5 to 2^64 - 5 and ran with those.
    result = run_cli(command, f"--seed={seed}", cwd=tmp_path, timeout=30)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("regiosim: --seed: '"), lines[0]
    assert "expected an integer from 0 to 18446744073709551615" in lines[0]
    assert len(lines[0]) < 200  # a long value is cut, not echoed whole
    assert list(tmp_path.iterdir()) == []


def test_the_largest_seed_runs_as_typed(run_cli, source_dir, tmp_path):
    result = run_cli("run", source_dir / "tests/scenarios/tiny.yaml", "--paths", 2,
                     "--seed", "18446744073709551615", "--out", tmp_path / "r.h5", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["seed"] == 18446744073709551615


@pytest.mark.parametrize("args", [["run", "--paths", "0"], ["run", "--threads", "0"],
                                  ["run", "--paths", "many"], ["sweep"]])
def test_command_line_errors_are_one_line_naming_the_option(args, run_cli, tmp_path):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("regiosim: "), result.stderr


def test_version(run_cli):
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.match(r"regiosim \d+\.\d+\.\d+ \(git ", result.stdout)


def test_default_run_prints_the_scorecard_and_writes_the_file(run_cli, tmp_path):
    result = run_cli("run", "--paths", 400, "--seed", 3, "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "gdp_2025" in result.stdout and "Joint P(meet all 2025 targets)" in result.stdout
    assert "ES|miss" in result.stdout and "P(at least m of " in result.stdout
    assert "First year gdp_2035 (>= 1000) is passed:" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["luolong-14fyp.h5"]
    assert result.stderr == ""  # --quiet, and stderr is not a terminal anyway


def test_json_scorecard(run_cli, tmp_path):
    result = run_cli("run", "--paths", 300, "--json", "--out", tmp_path / "r.h5", "--threads", 2)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    for key in ["scenario", "seed", "paths", "threads", "elapsed_s", "path_years_per_s", "targets",
                "joint_p_meet_2025"]:
        assert key in doc
    # The no-openmp preset runs one thread whatever --threads says (REGIOSIM_OPENMP=0 from CMake).
    threads = 2 if os.environ.get("REGIOSIM_OPENMP", "1") == "1" else 1
    assert doc["paths"] == 300 and doc["threads"] == threads and doc["scenario"] == "luolong-14fyp"
    ids = {t["id"] for t in doc["targets"]}
    assert {"gdp_2025", "gdp_per_capita_2025", "fai_2025", "income_per_capita_2025", "gdp_2035"} <= ids
    for t in doc["targets"]:
        assert set(t) >= {"id", "indicator", "year", "threshold", "comparison", "basis", "p_meet", "p_meet_se",
                          "median", "q05", "q95"}
        assert 0 <= t["p_meet"] <= 1
        # The binomial standard error of the reported share.
        assert t["p_meet_se"] == pytest.approx((t["p_meet"] * (1 - t["p_meet"]) / 300) ** 0.5, rel=1e-12, abs=1e-15)
        assert t["q05"] <= t["median"] <= t["q95"]
    assert 0 <= doc["joint_p_meet_2025"] <= min(t["p_meet"] for t in doc["targets"] if t["year"] == 2025)
    # Scorecard extensions (MODEL.md section 9).
    by_id = {t["id"]: t for t in doc["targets"]}
    for t in doc["targets"]:
        assert {"expected_shortfall", "expected_shortfall_se", "first_passage"} <= set(t)
        if t["p_meet"] < 1:
            assert t["expected_shortfall"] >= 0
        else:
            assert t["expected_shortfall"] is None
    passage = by_id["gdp_2035"]["first_passage"]
    assert list(passage) == [str(y) for y in range(2021, 2036)] + ["never"]
    assert sum(passage.values()) == pytest.approx(1.0, abs=1e-12)
    assert passage["never"] <= 1 - by_id["gdp_2035"]["p_meet"] + 1e-12  # met in 2035 => passed
    n_2025 = sum(1 for t in doc["targets"] if t["year"] == 2025)
    p_2025 = doc["p_at_least"]["2025"]
    assert len(p_2025) == n_2025
    assert p_2025 == sorted(p_2025, reverse=True)
    assert p_2025[-1] == doc["joint_p_meet_2025"]


def test_xarray_opens_the_file_as_it_is(run_cli, tmp_path):
    xr = pytest.importorskip("xarray")
    out = tmp_path / "run.h5"
    result = run_cli("run", "--paths", 50, "--seed", 11, "--out", out, "--quiet", "--set",
                     "investment.block_defaults.growth_mean=0.12")
    assert result.returncode == 0, result.stderr
    with xr.open_dataset(out, engine="h5netcdf") as ds:
        assert dict(ds.sizes) == {"path": 50, "year": 16, "sector": 15, "satellite": 10, "quantile": 5}
        assert "bigdata_revenue" in list(ds["satellite"].values)
        assert list(ds["year"].values) == list(range(2020, 2036))
        assert list(ds["sector"].values[:3]) == ["AGR", "BIGDATA", "FIN"]
        for name in ["gdp_nominal", "gdp_real", "gdp_per_capita", "population", "fai_nominal", "income_per_capita"]:
            assert ds[name].dims == ("path", "year")
            assert ds[name].attrs["units"] and ds[name].attrs["long_name"]
        for name in ["value_added_real", "value_added_nominal", "capital", "employment"]:
            assert ds[name].dims == ("path", "year", "sector")
            assert ds[name].attrs["units"] and ds[name].attrs["long_name"]
        assert ds["gdp_nominal"].sel(year=2020).values == pytest.approx(451.9, rel=1e-12)
        attrs = ds.attrs
        assert attrs["schema"] == "regiosim.run" and attrs["status"] == "complete"
        assert int(attrs["seed"]) == 11 and int(attrs["paths"]) == 50 and int(attrs["threads"]) >= 1
        for key in ["schema_version", "engine_version", "git_commit", "created_utc", "scenario_name"]:
            assert key in attrs
        assert "growth_mean: 0.12" in attrs["scenario_yaml"]
    with xr.open_dataset(out, engine="h5netcdf", group="targets") as targets:
        assert "gdp_2025" in list(targets["target"].values)
        assert float(targets["p_meet"].sel(target="gdp_2025")) >= 0
    # The stored scenario text is the resolved scenario: it validates and runs to the same numbers.
    with xr.open_dataset(out, engine="h5netcdf") as ds:
        (tmp_path / "resolved.yaml").write_text(ds.attrs["scenario_yaml"], encoding="utf-8")
        first = ds["gdp_nominal"].values.copy()
    again = tmp_path / "again.h5"
    assert run_cli("run", tmp_path / "resolved.yaml", "--paths", 50, "--seed", 11, "--out", again,
                   "--quiet", "--threads", 1, "--batch-size", 7).returncode == 0
    with xr.open_dataset(again, engine="h5netcdf") as ds:
        assert (ds["gdp_nominal"].values == first).all()


def test_summary_store_keeps_quantiles_and_scorecard(run_cli, tmp_path):
    xr = pytest.importorskip("xarray")
    out = tmp_path / "summary.h5"
    assert run_cli("run", "--paths", 200, "--store", "summary", "--out", out, "--quiet").returncode == 0
    with xr.open_dataset(out, engine="h5netcdf") as ds:
        assert "gdp_nominal" not in ds.variables
        q = ds["gdp_nominal_quantiles"]
        assert q.dims == ("quantile", "year")
        assert q.sel(year=2020).values == pytest.approx(451.9, rel=1e-3)
        assert (q.sel(year=2030).values[:-1] <= q.sel(year=2030).values[1:]).all()
        assert ds.attrs["store"] == "summary"
    with xr.open_dataset(out, engine="h5netcdf", group="targets") as targets:
        assert targets.sizes["target"] >= 10


def test_sigint_leaves_no_output_file(regiosim_bin, tmp_path):
    out = tmp_path / "interrupted.h5"
    process = subprocess.Popen([regiosim_bin, "run", "--paths", "400000", "--store", "full", "--out", str(out),
                                "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while time.time() < deadline and not any(p.name.startswith("interrupted.h5.tmp") for p in tmp_path.iterdir()):
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, "the run should still be going"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "interrupted" in stderr
    assert list(tmp_path.iterdir()) == []


def test_interrupted_run_keeps_an_existing_output(regiosim_bin, tmp_path):
    out = tmp_path / "kept.h5"
    out.write_bytes(b"yesterday's run")
    process = subprocess.Popen([regiosim_bin, "run", "--paths", "4000000", "--store", "summary", "--out", str(out),
                                "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == 1
    assert out.read_bytes() == b"yesterday's run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.h5"]


def test_signals_at_random_moments_cancel_until_the_rename(regiosim_bin, tmp_path):
    # Issue 13: a signal at any moment before the result is renamed into place gives exit 1 and
    # leaves the old file; after the rename the run is complete (exit 0, the new file). Before the
    # fix a signal after the last batch had started gave exit 0 and replaced the file. 50 moments
    # from a fixed stream over the run's whole life (about 0.6 s here, so some come after it).
    import random
    rng = random.Random(13)
    out = tmp_path / "kept.h5"
    outcomes = {0: 0, 1: 0}  # killed during start-up counts with the interrupted
    for i in range(50):
        out.write_bytes(b"yesterday's run")
        process = subprocess.Popen([regiosim_bin, "run", "--paths", "10000", "--store", "full",
                                    "--out", str(out), "--quiet"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.0, 0.8))
        try:
            process.send_signal(signal.SIGINT if i % 2 == 0 else signal.SIGTERM)
        except ProcessLookupError:
            pass
        _, stderr = process.communicate(timeout=60)
        # -SIGINT / -SIGTERM: the signal came while the program was still starting (loading its
        # libraries), before it installs its handlers; nothing has been written then.
        assert process.returncode in (0, 1, -signal.SIGINT, -signal.SIGTERM), (i, process.returncode, stderr)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.h5"], i  # no temporary left
        if process.returncode != 0:
            assert process.returncode < 0 or "interrupted" in stderr
            assert out.read_bytes() == b"yesterday's run", i
        else:
            assert out.read_bytes()[:4] == b"\x89HDF", i
        outcomes[0 if process.returncode == 0 else 1] += 1
    assert outcomes[1] > 0  # the moments cover the run, not only its aftermath


def test_output_that_is_not_a_regular_file_is_refused(run_cli, source_dir, tmp_path):
    # Issue 13: the temporary file was renamed over whatever the path named (exit 0).
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    for out in ["/dev/null", fifo, dangling]:
        result = run_cli("run", source_dir / "tests/scenarios/tiny.yaml", "--paths", 2, "--out", out)
        assert result.returncode == 2, (out, result.stderr)
        assert result.stderr.startswith("regiosim: --out: ") and len(result.stderr.splitlines()) == 1
    assert fifo.exists() and not fifo.is_file() and dangling.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "fifo"]


@pytest.mark.parametrize("name,file", [("../../x", "_.._x.h5"), ("/tmp/elsewhere", "_tmp_elsewhere.h5"),
                                       ("...", "run.h5"), ("a\\b", "a_b.h5")])
def test_default_output_stays_in_the_current_directory(name, file, run_cli, source_dir, tmp_path):
    # Issue 13: the default output was <metadata.name>.h5 as given, so "../../x" wrote two
    # directories up and an absolute name anywhere.
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    result = run_cli("run", source_dir / "tests/scenarios/tiny.yaml", "--paths", 2, "--quiet",
                     "--set", f"metadata.name={json.dumps(name)}", cwd=work)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in work.iterdir()) == [file]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


@pytest.mark.parametrize("args,text", [
    (["--paths", "1000000000"], "more than --max-file-size 64.0 GiB"),
    (["--paths", "2000", "--max-file-size", "10mb"], "at least 45.2 MiB (2000 paths, store full)"),
])
def test_a_full_store_run_that_cannot_fit_is_refused_before_it_starts(args, text, run_cli, tmp_path):
    # Issue 13: --paths 1000000000 --store full started writing a file of about 2 TB.
    out = tmp_path / "big.h5"
    result = run_cli("run", *args, "--store", "full", "--out", out, timeout=30)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and text in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_size_estimate_is_a_lower_bound_of_the_file(run_cli, tmp_path):
    # 2000 paths of the default: 45.2 MiB estimated (48,861,736 bytes = 46.6 MiB measured; metadata,
    # quantiles and scorecard on top); with the limit just above the estimate the run goes ahead.
    out = tmp_path / "r.h5"
    result = run_cli("run", "--paths", 2000, "--max-file-size", "46MiB", "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 46 * 2**20


def test_non_finite_value_stops_the_run_and_writes_nothing(run_cli, tmp_path):
    # Valid alone, these overflow together (docs/domains.md, "Not yet guaranteed"): EQP's price
    # rising 50 %/yr faster than inflation for a century. Until the joint domains hold, this is
    # the run-time check of MODEL.md section 10 at work.
    out = tmp_path / "overflow.h5"
    result = run_cli("run", "--set", "horizon.end_year=2120", "sectors.EQP.price_drift=0.5", "--paths", 100,
                     "--out", out, "--quiet")
    assert result.returncode == 1
    assert re.search(r"path \d+, year \d{4}, sector \w+, variable value_added_nominal: .* not finite", result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_parameter_sets_split_the_variance(run_cli, source_dir, tmp_path):
    xr = pytest.importorskip("xarray")
    out = tmp_path / "sets.h5"
    prior = "sectors[0].tfp_drift={prior: uniform, lo: 0.0, hi: 0.04}"
    result = run_cli("run", source_dir / "tests/scenarios/tiny.yaml", "--paths", 5, "--parameter-sets", 4,
                     "--json", "--out", out, "--set", "sector_defaults.volatility=0.02", prior)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["paths"] == 20
    share = doc["targets"][0]["variance_share"]
    assert share["parameters"] + share["shocks"] == pytest.approx(1, abs=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with xr.open_dataset(out, engine="h5netcdf") as ds:
            assert ds.attrs["parameter_sets"] == 4
            assert ds.sizes["path"] == 20
            assert ds["parameter_value"].dims == ("parameter_set", "parameter")
            assert ds["parameter"].values.tolist() == ["sectors[0].tfp_drift"]
            assert ((ds["parameter_value"] >= 0) & (ds["parameter_value"] <= 0.04)).all()
        with xr.open_dataset(out, engine="h5netcdf", group="targets") as targets:
            assert targets["variance_share_parameters"].item() == share["parameters"]
            assert targets["variance_share_shocks"].item() == share["shocks"]
    # Without priors the flag is a usage error; without the flag, no variance split.
    assert run_cli("run", source_dir / "tests/scenarios/tiny.yaml", "--paths", 5, "--parameter-sets", 4,
                   "--out", tmp_path / "x.h5").returncode == 2
    plain = run_cli("run", source_dir / "tests/scenarios/tiny.yaml", "--paths", 5, "--json", "--out",
                    tmp_path / "y.h5", "--set", prior)
    assert json.loads(plain.stdout)["targets"][0]["variance_share"] is None


def test_backtest_reports_each_outturns_percentile(source_dir, run_cli, tmp_path):
    h5py = pytest.importorskip("h5py")
    out = tmp_path / "backtest.h5"
    result = run_cli("run", source_dir / "tests/scenarios/backtest-tiny.yaml", "--paths", 500, "--json", "--quiet",
                     "--out", out)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["forecast_from"] == 2020
    assert [t["id"] for t in doc["targets"]] == ["gdp_2024"]  # outturns are not targets
    outturns = {(o["indicator"], o["year"]): o for o in doc["outturns"]}
    assert set(outturns) == {("gdp_nominal", 2022), ("s1_revenue", 2021)}
    # The percentile is the share of paths at or below the outturn, read back from the trajectories.
    with h5py.File(out, "r") as f:
        gdp_2022 = f["gdp_nominal"][:, 2]
        satellites = [s.decode() for s in f["satellite"][:]]
        s1_2021 = f["satellite_value"][:, 1, satellites.index("s1_revenue")]
    assert outturns[("gdp_nominal", 2022)]["percentile"] == pytest.approx((gdp_2022 <= 112).mean(), abs=1e-12)
    assert outturns[("s1_revenue", 2021)]["percentile"] == pytest.approx((s1_2021 <= 160).mean(), abs=1e-12)
    table = run_cli("run", source_dir / "tests/scenarios/backtest-tiny.yaml", "--paths", 100, "--quiet", "--out",
                    tmp_path / "t.h5")
    assert "Backtest: outturns" in table.stdout and "forecast from 2020" in table.stdout


def test_validate_domains_lists_every_parameter_with_its_domain(run_cli, source_dir):
    # docs/domains.md: one line per scalar parameter, key path and domain, tab-separated.
    result = run_cli("validate", source_dir / "scenarios/luolong-14fyp.yaml", "--domains")
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("\t") for line in result.stdout.splitlines())
    assert lines["sectors[0].volatility"] == "a volatility (sd of annual log changes) in [0, 0.5]"
    assert lines["population.migration_response"] == "a response in (-1, 1), M9"
    assert lines["sectors[0].tax_rate"] == "a rate in [0, 1)"
    assert len(lines) > 300
