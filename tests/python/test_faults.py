"""Faults while writing (issue 13): a disk that fills during a run, simulated by an LD_PRELOAD
shim (tests/tools/fail_write.cpp) that fails write calls with ENOSPC after N bytes. Every failure
must end in exit 1 with one line naming the file and the cause, the existing output untouched and
no temporary left. Before the fix the error was reported and then the process died with SIGSEGV
(139) in HDF5's exit handlers, over several lines."""
import os
import subprocess

import pytest


@pytest.fixture
def shim():
    path = os.environ.get("REGIOSIM_FAIL_WRITE_SHIM")
    if not path:
        pytest.skip("REGIOSIM_FAIL_WRITE_SHIM is not set: run through ctest")
    return path


def run_with_disk_of(regiosim_bin, shim, budget, out, *args):
    env = dict(os.environ, LD_PRELOAD=shim, REGIOSIM_FAIL_WRITE_AFTER=str(budget))
    return subprocess.run([regiosim_bin, "run", "--paths", "2000", "--out", str(out), "--quiet", *args],
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize("store,budget", [("full", 1000), ("full", 1_000_000), ("full", 20_000_000),
                                          ("full", 48_000_000), ("summary", 1000), ("summary", 30_000)])
def test_disk_full_is_exit_1_one_line_and_keeps_the_old_output(regiosim_bin, shim, tmp_path, store, budget):
    out = tmp_path / "result.h5"
    out.write_bytes(b"yesterday's run")
    result = run_with_disk_of(regiosim_bin, shim, budget, out, "--store", store)
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "result.h5.tmp-" in lines[0] and "No space left on device" in lines[0], lines[0]
    assert out.read_bytes() == b"yesterday's run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.h5"]


def test_without_a_limit_the_shim_changes_nothing(regiosim_bin, shim, tmp_path):
    out = tmp_path / "result.h5"
    result = run_with_disk_of(regiosim_bin, shim, -1, out, "--store", "summary")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:4] == b"\x89HDF"
