"""`regiosim calibrate` end to end (issue 12, step 2; docs/calibration.md): the report and its JSON,
an overlay that validates and runs with the estimates, bad input as exit 2 with FILE:LINE:COLUMN and
no file written, and the default scenario's (E) values reproduced by the command in its comment."""
import json
import re

SCENARIO = "tests/scenarios/calibrate-tiny.yaml"
HEADER = "year,indicator,basis,value,unit,region,status,source,note\n"


def history(tmp_path, rows):
    path = tmp_path / "history.csv"
    path.write_text(HEADER + "".join(f"{r},testland,final,https://example.org,\n" for r in rows),
                    encoding="utf-8")
    return path


GROWTH = ["2021,gdp_real,real_growth,5,%", "2022,gdp_real,real_growth,3,%",
          "2023,gdp_real,real_growth,6,%", "2024,gdp_real,real_growth,4,%"]


def test_calibrate_json_and_overlay(source_dir, run_cli, tmp_path):
    h = history(tmp_path, GROWTH)
    out = tmp_path / "overlay.yaml"
    result = run_cli("calibrate", source_dir / SCENARIO, "--history", h, "--region", "testland",
                     "--paths", 300, "--out", out, "--json", timeout=120)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["converged"] is True
    assert doc["overlay"] == str(out)
    keys = [e["key"] for e in doc["estimates"]]
    assert keys == ["productivity.regional_drift", "sector_defaults.volatility"]
    for e, m in zip(doc["estimates"], doc["moments"]):
        assert m["years"] == [2021, 2022, 2023, 2024]
        assert abs(m["model_estimate"] - m["observed"]) <= 1e-6 * m["sampling_sd"]
        lo, hi = e["interval95"]
        assert lo < e["estimate"] < hi
    reasons = {n["key"]: n["reason"] for n in doc["not_identified"]}
    assert reasons["prices.volatility"].startswith("0 annual growth observations of gdp_deflator")
    text = out.read_text(encoding="utf-8")
    assert "regional_drift: {prior: triangular" in text
    assert "volatility: {prior: lognormal" in text
    checked = run_cli("validate", "--strict", out, timeout=30)
    assert checked.returncode == 0, checked.stderr + checked.stdout
    ran = run_cli("run", out, "--paths", 100, "--out", tmp_path / "r.h5", timeout=60)
    assert ran.returncode == 0, ran.stderr


def test_calibrate_bad_history_exits_2_and_writes_nothing(source_dir, run_cli, tmp_path):
    h = history(tmp_path, GROWTH + ["2024,gdp_reel,real_growth,4,%"])
    out = tmp_path / "overlay.yaml"
    result = run_cli("calibrate", source_dir / SCENARIO, "--history", h, "--region", "testland",
                     "--out", out, timeout=60)
    assert result.returncode == 2, result.stderr
    assert re.search(r"history\.csv:6:6: indicator: 'gdp_reel' is not a per-year output variable",
                     result.stderr), result.stderr
    assert not out.exists()
    result = run_cli("calibrate", source_dir / SCENARIO, "--history", h, "--region", "testland",
                     "--until", 2040, timeout=60)
    assert result.returncode == 2


def test_default_e_values_come_from_the_command_in_its_comment(source_dir, run_cli):
    # scenarios/luolong-14fyp.yaml: mu_pi 2021-25 0.0078 and sigma_pi 0.0057, rounded from this.
    result = run_cli("calibrate", "scenarios/luolong-14fyp.yaml", "--history",
                     "data/history/luolong-history.csv", "--region", "luoyang", "--indicators",
                     "gdp_deflator", "--json", timeout=120, cwd=source_dir)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    estimates = {e["key"]: e for e in doc["estimates"]}
    assert round(estimates["prices.inflation_mean[0].mean"]["estimate"], 4) == 0.0078
    assert round(estimates["prices.volatility"]["estimate"], 4) == 0.0057
    assert round(estimates["prices.inflation_mean[0].mean"]["standard_error"], 4) == 0.0069
    assert round(estimates["prices.volatility"]["standard_error"], 4) == 0.0043
