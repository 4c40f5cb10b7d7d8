"""Temporary files of killed runs (issue 13): every SIGKILLed run used to leave its
<out>.tmp-<pid>-0 (115-890 MB each) for ever. A writer now holds a lock file beside its temporary;
the next writer into the same directory, or `regiosim clean`, removes the temporaries whose lock
is free, and never a live run's."""
import signal
import subprocess
import time


def start_run(regiosim_bin, out):
    return subprocess.Popen([regiosim_bin, "run", "--paths", "400000", "--store", "full", "--out", str(out),
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for_temporary(directory, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        names = sorted(p.name for p in directory.iterdir() if ".tmp-" in p.name)
        if len(names) == 2:
            return names
        time.sleep(0.05)
    raise AssertionError(f"no temporary appeared in {directory}")


def killed_run(regiosim_bin, directory):
    process = start_run(regiosim_bin, directory / "big.h5")
    names = wait_for_temporary(directory)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert sorted(p.name for p in directory.iterdir() if ".tmp-" in p.name) == names
    return names


def test_the_next_run_into_the_directory_removes_a_killed_runs_temporary(regiosim_bin, source_dir, tmp_path):
    temporary, lock = killed_run(regiosim_bin, tmp_path)
    assert lock == temporary + ".lock" and temporary.startswith("big.h5.tmp-")
    result = subprocess.run([regiosim_bin, "run", source_dir / "tests/scenarios/tiny.yaml", "--paths", "2",
                             "--out", tmp_path / "small.h5", "--quiet"], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.h5"]


def test_clean_removes_dead_temporaries_and_never_a_live_one(regiosim_bin, tmp_path):
    dead = tmp_path / "dead"
    live = tmp_path / "live"
    dead.mkdir()
    live.mkdir()
    temporary, _ = killed_run(regiosim_bin, dead)
    process = start_run(regiosim_bin, live / "running.h5")
    try:
        running = wait_for_temporary(live)
        result = subprocess.run([regiosim_bin, "clean", dead, live], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"removed {dead / temporary}\n"
        assert list(dead.iterdir()) == []
        assert sorted(p.name for p in live.iterdir()) == running
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert list(live.iterdir()) == []  # the interrupted run removed its own pair
    again = subprocess.run([regiosim_bin, "clean", dead], capture_output=True, text=True, timeout=30)
    assert again.stdout == "no temporary file of a dead run\n"
