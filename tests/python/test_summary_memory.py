"""The summary store's peak memory does not grow with the path count (scorecard.hpp: the scorecard
streams; per-path target values are kept only for `compare` and parameter sets). Measured as each
run's own peak resident set (VmHWM, `regiosim bench` runs every run as a process of its own), never
as a time."""
import json
import os

import pytest


SMALL = 20_000
LARGE = 4 * SMALL


def peak_rss(run_cli, source_dir, paths):
    result = run_cli("bench", source_dir / "scenarios" / "luolong-14fyp.yaml", "--json",
                     "--paths", paths, "--threads", 1, "--repeats", 1, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["runs"][0]["peak_rss_bytes"]


@pytest.mark.skipif(os.environ.get("REGIOSIM_SANITIZED") == "1",
                    reason="a sanitizer build's peak memory is mostly its shadow memory and quarantine")
def test_summary_run_memory_is_independent_of_the_path_count(run_cli, source_dir):
    growth = peak_rss(run_cli, source_dir, LARGE) - peak_rss(run_cli, source_dir, SMALL)
    # Keeping one double per target and path (24 targets) would add 192 bytes for each of the
    # 60,000 extra paths, 11.5 MB; the old per-path store added 247. What remains is the variables'
    # quantile sketches, whose windows widen as rarer tail values appear (logarithmic in the paths,
    # about 44 bytes per extra path here): allow 64.
    assert growth < 64 * (LARGE - SMALL), growth
