"""A notebook-style session with the Python bindings: load the default scenario, raise the growth of
fixed-asset investment, run, print the scorecard and save a fan chart of nominal GDP.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/notebook_example.py [fan.png]

The chart needs matplotlib (python3-matplotlib); without it the example says so and skips it.
"""
import sys

import regiosim

scenario = regiosim.load_scenario()  # scenarios/luolong-14fyp.yaml
scenario.set("investment.block_defaults.growth_mean", 0.12)  # FAI growth, nominal log per year
result = regiosim.run(scenario, paths=2000, seed=1)

card = result.scorecard()
print(card[["indicator", "year", "threshold", "p_meet", "p_meet_se", "median"]].to_string())
print(f"P(GDP 2025 target met) = {result.p_meet('gdp_nominal', 2025):.3f}")

try:
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib is not installed: no fan chart")
else:
    gdp = result.to_xarray()["gdp_nominal"]  # (path, year), 亿元 current prices
    bands = gdp.quantile([0.05, 0.25, 0.5, 0.75, 0.95], dim="path")
    years = gdp["year"].values
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.fill_between(years, bands[0], bands[4], alpha=0.25, label="5-95 %")
    ax.fill_between(years, bands[1], bands[3], alpha=0.45, label="25-75 %")
    ax.plot(years, bands[2], label="median")
    ax.set_xlabel("year")
    ax.set_ylabel("GDP, 1e8 CNY, current prices")
    ax.set_title(f"{result.scenario.name}: nominal GDP, FAI growth 0.12")
    ax.legend()
    out = sys.argv[1] if len(sys.argv) > 1 else "gdp_fan.png"
    fig.savefig(out, dpi=100)
    print(f"fan chart: {out}")
