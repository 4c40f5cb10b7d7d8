"""The benchmarks' smoke test (ctest bench-smoke, also CI): `regiosim bench` and the Google
Benchmark program run at tiny sizes and print sane numbers; bad input exits 2 with a clear message;
bench/make_scenario.py writes valid scenarios. Nothing here asserts a speed: the machines are
shared, and bench/make_results.py is where speed is measured."""
import json
import math
import os
import signal
import subprocess
import sys
import time

import pytest

from test_cli import assert_one_error_line, expectation

HARDWARE_THREADS = os.cpu_count()
# The no-openmp preset runs one thread and refuses more (REGIOSIM_OPENMP from CMake, 1 or 0).
PARALLEL_BUILD = os.environ.get("REGIOSIM_OPENMP", "1") == "1"


def bench_json(run_cli, *args):
    result = run_cli("bench", "--json", *args, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_positive(*values):
    for value in values:
        assert math.isfinite(value) and value > 0, values


def test_summary_run_prints_sane_numbers_for_each_thread_count(run_cli):
    threads = [1, 2] if HARDWARE_THREADS >= 2 and PARALLEL_BUILD else [1]
    doc = bench_json(run_cli, "--paths", 300, "--repeats", 2,
                     "--threads", ",".join(map(str, threads)))
    assert doc["store"] == "summary" and doc["sectors"] == 15
    assert doc["path_years"] == 300 * doc["years"] == 300 * 15
    assert [run["threads"] for run in doc["runs"]] == threads
    for run in doc["runs"]:
        assert len(run["wall_s"]) == len(run["cpu_s"]) == 2
        assert_positive(run["wall_median_s"], run["cpu_median_s"], run["path_years_per_s"],
                        run["ns_per_path_year_per_core"], run["cpu_ns_per_path_year"],
                        run["efficiency_wall"], run["efficiency_cpu"])
        assert run["path_years_per_s"] == pytest.approx(doc["path_years"] / run["wall_median_s"])
        assert run["ns_per_path_year_per_core"] == pytest.approx(
            1e9 * run["threads"] / run["path_years_per_s"])
        # Each run is a process of its own: its peak is its own, well above zero, far below 1 GiB.
        assert 1 << 20 < run["peak_rss_bytes"] < 1 << 30
        assert run["bytes_written"] == 0
        # Bit-identical results for every thread count and every repeat.
        assert run["identical"], doc
        assert run["result_hash"] == doc["runs"][0]["result_hash"]
    assert doc["runs"][0]["efficiency_wall"] == doc["runs"][0]["efficiency_cpu"] == 1


def test_full_store_reports_the_bytes_and_leaves_no_file(run_cli, tmp_path):
    doc = bench_json(run_cli, "--paths", 200, "--repeats", 1, "--threads", 1, "--store", "full",
                     "--dir", tmp_path)
    run = doc["runs"][0]
    # At least every path's GDP for every year, in doubles.
    assert run["bytes_written"] > 200 * 16 * 8
    assert_positive(run["write_bytes_per_s"])
    assert list(tmp_path.iterdir()) == []


def test_table_names_its_columns(run_cli):
    result = run_cli("bench", "--paths", 50, "--repeats", 1, "--threads", 1, timeout=120)
    assert result.returncode == 0, result.stderr
    for heading in ("path-years/s", "ns/py/core", "eff wall", "eff CPU", "peak MiB", "yes"):
        assert heading in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--threads", str(HARDWARE_THREADS + 1)], "hardware threads"),
    (["--threads", f"1,{HARDWARE_THREADS + 1}"], "hardware threads"),
    (["--threads", "0"], "--threads"),
    (["--paths", "0"], "--paths"),
    (["--repeats", "0"], "--repeats"),
    (["--store", "everything"], "--store"),
])
def test_bad_input_exits_2_with_a_clear_message(args, message, run_cli):
    result = run_cli("bench", "--paths", 10, *args, timeout=30)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_invalid_scenario_exits_2_at_its_location(run_cli, source_dir):
    path = source_dir / "tests" / "scenarios" / "invalid" / "bad_target_basis.yaml"
    location, text = expectation(path)
    result = run_cli("bench", path, "--paths", 10, timeout=30)
    assert result.returncode == 2, result.stderr
    assert_one_error_line(result.stderr, location, text)
    result = run_cli("bench", "--paths", 10, "--set", "investment.conversion_share=2", timeout=30)
    assert result.returncode == 2, result.stderr
    assert "--set:1:" in result.stderr


@pytest.mark.parametrize("sectors", [15, 50, 150])
def test_make_scenario_writes_a_valid_scenario(sectors, run_cli, source_dir, tmp_path):
    out = tmp_path / f"sectors-{sectors}.yaml"
    subprocess.run([sys.executable, source_dir / "bench" / "make_scenario.py", str(sectors),
                    "--out", out], check=True)
    result = run_cli("validate", out, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"({sectors} sectors" in result.stdout


def test_google_benchmarks_report_path_years():
    program = os.environ.get("REGIOSIM_BENCH_BIN")
    if not program:
        pytest.skip("REGIOSIM_BENCH_BIN is not set: run through ctest with REGIOSIM_BUILD_BENCH")
    result = subprocess.run([program, "--benchmark_min_time=0.01", "--benchmark_format=json"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    benchmarks = json.loads(result.stdout)["benchmarks"]
    names = {b["name"].split("/")[0] for b in benchmarks}
    assert names == {"simulate_batch", "runner", "leontief_default", "leontief_sectors",
                     "random_numbers"}
    for b in benchmarks:
        assert_positive(b["path_years_per_s"], b["time_per_path_year"])
        assert b["time_per_path_year"] == pytest.approx(1 / b["path_years_per_s"])


def test_ctrl_c_stops_the_bench_with_one_message(regiosim_bin):
    # Ctrl-C reaches the whole process group: the measuring worker and `regiosim bench` itself.
    # 400,000 paths take several seconds, so the signal lands mid-run.
    process = subprocess.Popen([regiosim_bin, "bench", "--paths", "400000", "--repeats", "1",
                                "--threads", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr.decode().count("interrupted") == 1, stderr.decode()
