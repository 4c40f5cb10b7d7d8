"""Backtests against a history file (issue 12, step 4): the implied-deflator check flags a level
break in a fixture history and passes a consistent one; the run reports its coverage."""
import json


def run_json(run_cli, path, tmp_path):
    result = run_cli("run", path, "--paths", 2000, "--seed", 1, "--json", "--quiet", "--store",
                     "summary", "--out", tmp_path / "r.h5")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_consistent_history_is_not_flagged(source_dir, run_cli, tmp_path):
    doc = run_json(run_cli, source_dir / "tests/scenarios/backtest-history.yaml", tmp_path)
    checks = [o for o in doc["outturns"] if o["implied_deflator"]]
    assert len(checks) == 1 and checks[0]["year"] == 2022
    assert 0.005 <= checks[0]["percentile"] <= 0.995
    assert checks[0]["level_break"] is False
    coverage = doc["backtest_coverage"]
    assert coverage["outturns"] == 5  # the implied deflator is not a published outturn
    assert 0 <= coverage["inside_50"] <= coverage["inside_90"] <= 1


def test_a_level_break_is_flagged(source_dir, run_cli, tmp_path):
    doc = run_json(run_cli, source_dir / "tests/scenarios/backtest-level-break.yaml", tmp_path)
    (check,) = [o for o in doc["outturns"] if o["implied_deflator"]]
    assert check["value"] > 27  # (140 / 105) / 1.045 - 1 = 27.6 %
    assert check["percentile"] > 0.995
    assert check["level_break"] is True
    text = run_cli("run", source_dir / "tests/scenarios/backtest-level-break.yaml", "--paths", 2000,
                   "--out", tmp_path / "t.h5").stdout
    assert "Level check 2021-2022" in text and "a level break" in text
