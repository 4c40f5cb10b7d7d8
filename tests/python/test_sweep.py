"""regiosim sweep end to end: common random numbers, the output file, errors at the sweep file."""
import json
import re

import pytest


def write_sweep(directory, source_dir, body):
    path = directory / "sweep.yaml"
    path.write_text(f"scenario: {source_dir / 'scenarios' / 'luolong-14fyp.yaml'}\n" + body)
    return path


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
    result = run_cli("sweep", sweep, "--out", tmp_path / "s.h5", "--threads", 2, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
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
    result = run_cli("sweep", sweep, "--out", out, "--threads", 2, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
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
        for name in ("sobol_first", "sobol_total", "sobol_first_lo", "sobol_total_hi"):
            assert ds[name].dims == ("parameter", "target")


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
])
def test_bad_sweep_input_is_an_error_at_the_sweep_file(run_cli, source_dir, tmp_path, body, where,
                                                       message):
    sweep = write_sweep(tmp_path, source_dir, body)
    result = run_cli("sweep", sweep, "--out", tmp_path / "s.h5")
    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith(str(sweep) + where), result.stderr
    assert re.search(message, result.stderr), result.stderr
    assert not (tmp_path / "s.h5").exists()
