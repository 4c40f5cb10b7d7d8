"""regiosim compare and solve end to end: paired differences on common random numbers, the solver's
answer where it is known by construction, and bad input (exit 2, one clear line)."""
import json

import pytest

TINY = "tests/scenarios/tiny.yaml"
DEFAULT = "scenarios/luolong-14fyp.yaml"
DIFF_FIELDS = {"diff_p_meet", "diff_p_meet_se", "diff_p_meet_se_unpaired", "diff_p_meet_se_ratio",
               "diff_median", "diff_q05", "diff_q95"}


def json_output(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def tiny_gdp_2024(run_cli, source_dir, tmp_path):
    """tiny.yaml has every volatility 0, so each path's 2024 GDP is the same number G and
    P(gdp_2024 >= threshold) is 1 up to G and 0 above it."""
    out = json_output(run_cli("run", source_dir / TINY, "--paths", 10, "--store", "summary",
                              "--out", tmp_path / "tiny.h5", "--quiet", "--json"))
    (target,) = out["targets"]
    return target["median"]


def test_solve_finds_the_threshold_where_p_meet_drops(run_cli, source_dir, tmp_path):
    # Lever: the target's own threshold. P(meet) falls from 1 to 0 at G, so the largest threshold
    # still met is G, to within the bisection tolerance (200 - 100) / 2^12.
    gdp = tiny_gdp_2024(run_cli, source_dir, tmp_path)
    out = json_output(run_cli("solve", source_dir / TINY, "--target", "gdp_2024", "--probability",
                              0.5, "--lever", "targets.gdp_2024.threshold", "--range", "100:200",
                              "--paths", 20, "--json"))
    assert out["outcome"] == "found"
    assert out["direction"] == "falling"
    assert out["tolerance"] == pytest.approx(100 / 4096)
    assert gdp - out["tolerance"] < out["value"] <= gdp
    # se is 0 when P is 0 or 1: the interval is the bisection bracket around G.
    low, high = out["interval"]
    assert low <= gdp <= high
    assert high - low == pytest.approx(out["tolerance"])


def test_solve_finds_the_investment_growth_the_threshold_was_set_from(run_cli, source_dir, tmp_path):
    # Threshold = G, tiny's 2024 GDP at its own investment growth of 0.07. GDP rises with
    # investment growth, so the smallest growth meeting the threshold is 0.07.
    gdp = tiny_gdp_2024(run_cli, source_dir, tmp_path)
    out = json_output(run_cli("solve", source_dir / TINY, "--set", f"targets.gdp_2024.threshold={gdp!r}",
                              "--target", "gdp_2024", "--probability", 0.9,
                              "--lever", "investment.blocks.all.growth_mean", "--range", "0:0.2",
                              "--steps", 16, "--paths", 20, "--json"))
    assert out["outcome"] == "found"
    assert out["direction"] == "rising"
    assert out["value"] == pytest.approx(0.07, abs=out["tolerance"])


def test_solve_says_when_the_target_is_out_of_reach(run_cli, source_dir):
    result = run_cli("solve", source_dir / TINY, "--target", "gdp_2024", "--probability", 0.5,
                     "--lever", "targets.gdp_2024.threshold", "--range", "500:600", "--paths", 20)
    assert result.returncode == 0, result.stderr
    assert "Out of reach" in result.stdout


def test_compare_against_itself_gives_zero_differences(run_cli, source_dir):
    out = json_output(run_cli("compare", source_dir / DEFAULT, source_dir / DEFAULT, "--paths", 500,
                              "--json"))
    assert out["targets"]
    for target in out["targets"]:
        assert DIFF_FIELDS <= set(target)
        assert all(target[f] == 0 for f in ("diff_p_meet", "diff_p_meet_se", "diff_median",
                                            "diff_q05", "diff_q95")), target


def test_paired_se_is_smaller_than_unpaired_for_a_variant(run_cli, source_dir):
    out = json_output(run_cli("compare", source_dir / DEFAULT, source_dir / DEFAULT, "--paths", 2000,
                              "--set-b", "investment.block_defaults.growth_mean=0.08", "--json"))
    moved = [t for t in out["targets"] if t["diff_p_meet"] != 0]
    assert len(moved) >= 5
    for target in moved:
        assert target["diff_p_meet_se"] < target["diff_p_meet_se_unpaired"], target
        assert target["diff_p_meet_se_ratio"] < 1
    # Every difference is named diff_...; the rest are the two runs' own values and the id.
    for target in out["targets"]:
        assert set(target) - DIFF_FIELDS == {"id", "p_meet_a", "p_meet_b"}


def test_compare_table(run_cli, source_dir):
    result = run_cli("compare", source_dir / TINY, source_dir / TINY, "--paths", 10)
    assert result.returncode == 0, result.stderr
    assert "common random numbers" in result.stdout
    assert "gdp_2024" in result.stdout


# --range=LO:HI, so a negative LO is not read as an option.
SOLVE = {"--target": "gdp_2024", "--probability": "0.5", "--lever": "investment.blocks.all.growth_mean",
         "--range": "0:0.2", "--paths": "10"}


def solve_args(**change):
    options = {**SOLVE, **{"--" + k.replace("_", "-"): v for k, v in change.items()}}
    return [f"{option}={value}" for option, value in options.items()]


@pytest.mark.parametrize("change, message", [
    ({"target": "gdp_2042"}, "unknown target 'gdp_2042' (did you mean 'gdp_2024'?)"),
    ({"lever": "investment.blocks.all.grwth_mean"}, "--set:1:"),
    ({"probability": "1"}, "--probability: ALPHA must lie in (0, 1)"),
    ({"probability": "0"}, "--probability: ALPHA must lie in (0, 1)"),
    ({"range": "0.2:0.1"}, "--range: LO must be below HI"),
    ({"range": "0.1"}, "--range: expected LO:HI"),
    ({"lever": "investment.blocks.all.volatility", "range": "-1:0.1"}, "out of range"),
])
def test_solve_bad_input_exits_2(change, message, run_cli, source_dir):
    result = run_cli("solve", source_dir / TINY, *solve_args(**change))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_unknown_lever_names_the_key(run_cli, source_dir):
    result = run_cli("solve", source_dir / TINY, *solve_args(lever="investment.blocks.all.grwth_mean"))
    assert result.returncode == 2
    assert "did you mean 'growth_mean'" in result.stderr


def test_compare_override_errors_name_their_side(run_cli, source_dir):
    result = run_cli("compare", source_dir / TINY, source_dir / TINY, "--paths", 10,
                     "--set-b", "investment.blocks.all.grwth_mean=0.1")
    assert result.returncode == 2
    assert result.stderr.startswith("--set-b:1:"), result.stderr
