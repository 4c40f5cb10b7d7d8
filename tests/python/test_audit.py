"""regiosim audit end to end: the table and the JSON document for the default scenario (MODEL.md
section 0's GDP row flagged, the cross-checks of section 9 listed), --set, and invalid input (exit 2)."""
import json

import pytest

CROSS_CHECKS = ["population_growth", "gdp_deflator", "culture_va_share", "revenue_elasticity",
                "later_gdp_target"]


def test_audit_table_for_the_default_scenario(run_cli):
    result = run_cli("audit", timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    gdp = next(line for line in lines if line.startswith("gdp_2025 "))
    assert "12.66" in gdp and "+2.86 !" in gdp and "implies a deflator of 2.60 %/yr" in gdp
    fai = next(line for line in lines if line.startswith("fai_2025 "))
    assert "!" not in fai and fai.endswith("consistent")
    for name in CROSS_CHECKS:
        assert f"  {name}" in result.stdout


def test_audit_json_for_the_default_scenario(run_cli):
    result = run_cli("audit", "--json", timeout=30)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) == {"scenario", "tolerance_pp", "targets", "cross_checks"}
    assert doc["scenario"] == "luolong-14fyp" and doc["tolerance_pp"] == 0.25
    rows = {t["id"]: t for t in doc["targets"]}
    assert {"gdp_2025", "gdp_per_capita_2025", "fai_2025", "retail_sales_2025", "budget_revenue_2025",
            "income_per_capita_2025", "gdp_2035"} <= set(rows)
    assert "gdp_real_growth_2025" not in rows  # a growth target has no level to audit
    for t in doc["targets"]:
        assert set(t) == {"id", "indicator", "label", "basis", "unit", "base_year", "base_value", "target_year",
                          "target_value", "stated_pct_per_year", "implied_pct_per_year", "gap_pp", "flagged",
                          "reading"}
        if t["stated_pct_per_year"] is None:
            assert t["gap_pp"] is None and not t["flagged"]
        else:
            assert t["flagged"] == (abs(t["gap_pp"]) > 0.25)
    gdp = rows["gdp_2025"]
    assert gdp["implied_pct_per_year"] == pytest.approx(((820 / 451.9) ** 0.2 - 1) * 100, rel=1e-12)
    assert gdp["flagged"] and gdp["unit"] == "1e8 CNY (yi yuan), current prices"
    assert not rows["gdp_per_capita_2025"]["flagged"]
    assert "population must grow 2.60 %/yr" in rows["gdp_per_capita_2025"]["reading"]

    checks = {c["name"]: c for c in doc["cross_checks"]}
    assert list(checks) == CROSS_CHECKS
    for c in doc["cross_checks"]:
        assert set(c) == {"name", "year", "description", "value", "reference", "unit", "flagged", "verdict"}
    assert checks["population_growth"]["value"] == pytest.approx(2.604, abs=1e-3)
    assert checks["population_growth"]["reference"] == pytest.approx(1.40)
    assert checks["gdp_deflator"]["value"] == pytest.approx(2.60, abs=0.01)
    assert checks["revenue_elasticity"]["reference"] == 0.9
    assert checks["later_gdp_target"]["year"] == 2035
    assert checks["later_gdp_target"]["value"] == pytest.approx(2.00, abs=0.01)


def test_checks_without_their_targets_are_listed_with_null_numbers(run_cli, source_dir):
    # tests/scenarios/tiny.yaml has one GDP target and no plan_base: no rows, nothing to cross-check.
    result = run_cli("audit", source_dir / "tests/scenarios/tiny.yaml", "--json", timeout=30)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["targets"] == []
    assert [c["name"] for c in doc["cross_checks"]] == CROSS_CHECKS
    for c in doc["cross_checks"]:
        assert c["year"] is None and c["value"] is None and c["reference"] is None
        assert c["verdict"].startswith("not available: needs") and not c["flagged"]


def test_audit_follows_set_overrides(run_cli):
    result = run_cli("audit", "--json", "--set", "targets.gdp_2025.threshold=730", timeout=30)
    assert result.returncode == 0, result.stderr
    gdp = next(t for t in json.loads(result.stdout)["targets"] if t["id"] == "gdp_2025")
    assert gdp["target_value"] == 730
    assert gdp["implied_pct_per_year"] == pytest.approx(((730 / 451.9) ** 0.2 - 1) * 100, rel=1e-12)


@pytest.mark.parametrize("args", [
    ["audit", "tests/scenarios/invalid/bad_target_basis.yaml"],
    ["audit", "tests/scenarios/invalid/bad_target_basis.yaml", "--json"],
    ["audit", "no-such-scenario.yaml"],
    ["audit", "--set", "fiscal.elasticity=-5"],
    ["audit", "--bogus"],
])
def test_audit_invalid_input_exits_2(args, run_cli, source_dir):
    result = run_cli(*args, cwd=source_dir, timeout=30)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) >= 1


def test_audit_invalid_scenario_names_the_location(run_cli, source_dir):
    path = source_dir / "tests/scenarios/invalid/bad_target_basis.yaml"
    result = run_cli("audit", path, timeout=30)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad_target_basis.yaml:4:56: targets[0].basis:" in lines[0]
