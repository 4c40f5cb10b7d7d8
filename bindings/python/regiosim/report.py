"""The visual report of a result file: ``python3 -m regiosim.report RESULT --out DIR``.

Writes DIR/index.html and PNG figures beside it (matplotlib, Agg backend): fan charts (5-25-50-75-95 %
bands) of the headline indicators with the plan path and the level targets marked, the sectors'
value-added shares by 4-3-2 tier, the scorecard with P(meet) coloured and, for a parameter-uncertainty
run, a tornado of the parameters' share of each target's variance. Everything is local: inline CSS,
one inline script (it marks the page once every image has loaded), no network fonts or scripts.

Chinese labels are drawn only when matplotlib finds a CJK font (Noto Sans CJK, WenQuanYi, Source Han
Sans); otherwise the figures and the page use English only, so no glyph is ever missing.

Exit codes: 0 written; 2 the input is not a regiosim result file of a known schema_version (the
message names the file and what it found) or the output directory cannot be used; 1 anything else.
"""
import argparse
import html
import math
import os
import sys

from .errors import ResultFileError
from .results import _text, check_result_file

EXIT_INVALID = 2

# (variable, English title, Chinese name) of the fan charts.
FAN_CHARTS = [
    ("gdp_nominal", "GDP, nominal", "地区生产总值"),
    ("gdp_per_capita", "GDP per capita, nominal", "人均地区生产总值"),
    ("fai_nominal", "Fixed-asset investment, nominal", "固定资产投资"),
    ("retail_sales", "Retail sales of consumer goods", "社会消费品零售总额"),
    ("budget_revenue", "General public budget revenue", "一般公共预算收入"),
    ("income_per_capita", "Disposable income per capita", "居民人均可支配收入"),
]
# The 4-3-2 industry policy's tiers, in drawing order, with their Chinese names.
TIERS = [("emerging", "新兴产业"), ("leading", "主导产业"), ("characteristic", "特色产业"),
         ("other", "其他")]
TIER_COLOURS = {"emerging": "#1f77b4", "leading": "#d62728", "characteristic": "#2ca02c",
                "other": "#b0b0b0"}
# P(meet) colours of the scorecard: red below 0.2, amber below 0.5, green from 0.5.
P_MEET_BANDS = [(0.2, "#f4b3b3", "red"), (0.5, "#ffd77a", "amber"), (math.inf, "#b5e3a8", "green")]
LEVEL_BASES = {"nominal_level", "real_level", "per_capita"}
CJK_FAMILIES = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
                "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback"]
CJK_FILES = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
             "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
             "/usr/local/share/fonts/**/*CJK*", "/usr/share/fonts/**/*SourceHanSans*"]


class InvalidInput(Exception):
    """The input or output cannot be used: exit 2 with this message."""


def find_cjk_font():
    """The name of an installed CJK font family matplotlib can use, or None. matplotlib's font
    cache may predate the font's installation, so the usual Debian font files are added too."""
    import glob

    from matplotlib import font_manager

    def lookup():
        for family in CJK_FAMILIES:
            try:
                path = font_manager.findfont(font_manager.FontProperties(family=family),
                                             fallback_to_default=False)
            except ValueError:
                continue
            if path:
                return font_manager.FontProperties(fname=path).get_name()
        return None

    found = lookup()
    if found:
        return found
    for pattern in CJK_FILES:
        for path in sorted(glob.glob(pattern, recursive=True)):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    return lookup()


class Labels:
    """English labels, with the Chinese name appended when a CJK font is available."""

    def __init__(self, cjk_font):
        self.cjk = cjk_font is not None

    def __call__(self, english, chinese):
        return f"{english} {chinese}" if self.cjk and chinese else english


def _number(value):
    """A table number: thousands separated from 10,000, else four significant digits."""
    if math.isnan(value):
        return "n/a"
    if abs(value) >= 1e4:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def _short_units(units):
    """'1e8 CNY (yi yuan), current prices' -> '亿元 / 1e8 CNY, current prices' style labels."""
    return units.replace(" (yi yuan)", "") if units else ""


def _unit_label(units, labels):
    text = _short_units(units)
    if labels.cjk and units.startswith("1e8 CNY"):
        text = "亿元 (" + text + ")"
    return text


class Report:
    def __init__(self, path, out_dir, english_only=False):
        import numpy
        import xarray
        import yaml

        self.np = numpy
        self.path = path
        self.out_dir = out_dir
        self.ds = xarray.open_dataset(path, engine="h5netcdf")
        self.targets = xarray.open_dataset(path, engine="h5netcdf", group="targets")
        self.scenario = yaml.safe_load(_text(self.ds.attrs["scenario_yaml"])) or {}
        self.base_year = int(self.ds.attrs.get("base_year", int(self.ds["year"].values[0])))
        self.store = _text(self.ds.attrs.get("store", "summary"))
        self.parameter_sets = int(self.ds.attrs.get("parameter_sets", 0))
        self.cjk_font = None if english_only else find_cjk_font()
        self.labels = Labels(self.cjk_font)
        self.figures = []  # (file name, caption)

    # ---- figures -------------------------------------------------------------------------------

    def _setup_matplotlib(self):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        # DejaVu Sans (matplotlib's own) for Latin text; glyphs it lacks fall back to the CJK font
        # (matplotlib >= 3.6 falls back along font.family).
        families = ["DejaVu Sans"] + ([self.cjk_font] if self.cjk_font else [])
        plt.rcParams.update({"font.family": families, "font.size": 10, "axes.grid": True,
                             "grid.alpha": 0.3, "figure.dpi": 100, "savefig.dpi": 100})
        self.plt = plt

    def _save(self, figure, name, caption):
        figure.tight_layout()
        figure.savefig(os.path.join(self.out_dir, name), format="png")
        self.plt.close(figure)
        self.figures.append((name, caption))

    def _target_rows(self):
        t = self.targets
        rows = []
        for i, target_id in enumerate(t["target"].values):
            row = {"id": _text(target_id)}
            for name in ("indicator", "label", "source", "comparison", "basis"):
                row[name] = _text(t[name].values[i]) if name in t else ""
            for name in ("threshold", "p_meet", "p_meet_se", "median", "q05", "q95",
                         "variance_share_parameters", "variance_share_shocks"):
                row[name] = float(t[name].values[i]) if name in t else float("nan")
            row["year"] = int(t["target_year"].values[i])
            rows.append(row)
        return rows

    def _scenario_targets(self):
        return {str(t.get("id")): t for t in self.scenario.get("targets", []) or []}

    def plan_path(self, indicator):
        """The plan's path for `indicator`: from the first level target's plan_base at its
        plan_base_year, compounded through each level target's threshold in year order. Returns
        (years, values) or None when no level target of the indicator states a plan_base."""
        spec = self._scenario_targets()
        level = sorted((r for r in self._target_rows()
                        if r["indicator"] == indicator and r["basis"] in LEVEL_BASES),
                       key=lambda r: r["year"])
        if not level or "plan_base" not in spec.get(level[0]["id"], {}):
            return None
        first = spec[level[0]["id"]]
        points = [(int(first.get("plan_base_year", self.base_year)), float(first["plan_base"]))]
        for row in level:
            if row["year"] > points[-1][0]:
                points.append((row["year"], row["threshold"]))
        if len(points) < 2:
            return None
        years, values = [], []
        for (y0, v0), (y1, v1) in zip(points, points[1:]):
            for year in range(y0, y1 + 1):
                if years and year == years[-1]:
                    continue
                years.append(year)
                values.append(v0 * (v1 / v0) ** ((year - y0) / (y1 - y0)))
        return years, values

    def _quantile(self, data, q):
        qs = self.np.asarray(data["quantile"].values, dtype=float)
        i = int(self.np.argmin(abs(qs - q)))
        return data.isel(quantile=i).values, float(qs[i])

    def fan_chart(self, variable, title, chinese):
        name = variable + "_quantiles"
        if name not in self.ds:
            return
        data = self.ds[name]
        units = _text(data.attrs.get("units", ""))
        years = self.ds["year"].values
        figure, axes = self.plt.subplots(figsize=(8, 4.2))
        (q05, a), (q25, b), (q50, c), (q75, d), (q95, e) = (self._quantile(data, q) for q in
                                                            (0.05, 0.25, 0.5, 0.75, 0.95))
        axes.fill_between(years, q05, q95, color="#9ecae1", alpha=0.6,
                          label=f"{a:.0%}-{e:.0%} band")
        axes.fill_between(years, q25, q75, color="#4292c6", alpha=0.7,
                          label=f"{b:.0%}-{d:.0%} band")
        axes.plot(years, q50, color="#08306b", linewidth=2, label=f"median ({c:.0%})")
        plan = self.plan_path(variable)
        if plan:
            axes.plot(plan[0], plan[1], color="#e6550d", linestyle="--", linewidth=1.6,
                      label="plan path (plan base compounded to the targets)")
        for row in self._target_rows():
            if row["indicator"] != variable or row["basis"] not in LEVEL_BASES:
                continue
            axes.plot([row["year"]], [row["threshold"]], marker="*", markersize=14,
                      color="#a50f15", linestyle="none", zorder=5)
            axes.annotate(f"target {row['comparison']} {row['threshold']:g} ({row['year']})\n"
                          f"P(meet) = {row['p_meet']:.3f}",
                          (row["year"], row["threshold"]), textcoords="offset points",
                          xytext=(-10, 10), ha="right", fontsize=8.5, color="#a50f15")
        axes.set_title(self.labels(title, chinese))
        axes.set_xlabel("year")
        axes.set_ylabel(_unit_label(units, self.labels))
        axes.set_xlim(years[0], years[-1] + 0.5)
        axes.legend(loc="upper left", fontsize=8.5)
        self._save(figure, f"fan_{variable}.png",
                   f"{self.labels(title, chinese)} ({_short_units(units)}): quantiles across paths "
                   "per year; dashed: the plan path; stars: the level targets.")

    def tier_shares(self):
        """Value-added shares (%) by tier: per-path shares averaged over paths (store=full) or the
        sectors' median VA grouped by tier (store=summary). Returns the method text, or None."""
        np = self.np
        tiers = {str(s.get("code")): str(s.get("tier", "other"))
                 for s in self.scenario.get("sectors", []) or []}
        codes = [_text(c) for c in self.ds["sector"].values]
        if "value_added_nominal" in self.ds:
            va = np.asarray(self.ds["value_added_nominal"].values, dtype=float)  # path, year, sector
            totals = va.sum(axis=2)
            shares = {tier: (va[:, :, [tiers.get(c) == tier for c in codes]].sum(axis=2) / totals)
                      .mean(axis=0) for tier, _ in TIERS}
            method = ("each path's tier share of nominal value added, averaged over the "
                      f"{va.shape[0]:,} paths")
        elif "value_added_nominal_quantiles" in self.ds:
            median, _ = self._quantile(self.ds["value_added_nominal_quantiles"], 0.5)
            median = np.asarray(median, dtype=float)  # year, sector
            totals = median.sum(axis=1)
            shares = {tier: median[:, [tiers.get(c) == tier for c in codes]].sum(axis=1) / totals
                      for tier, _ in TIERS}
            method = ("the sectors' median nominal value added summed by tier (summary store: "
                      "no per-path values)")
        else:
            return None
        years = self.ds["year"].values
        present = [(t, zh) for t, zh in TIERS if any(tiers.get(c) == t for c in codes)]
        counts = {t: sum(tiers.get(c) == t for c in codes) for t, _ in TIERS}
        figure, axes = self.plt.subplots(figsize=(8, 4.2))
        axes.stackplot(years, *[100 * shares[t] for t, _ in present],
                       labels=[self.labels(f"{t} ({counts[t]} sectors)", zh) for t, zh in present],
                       colors=[TIER_COLOURS[t] for t, _ in present], alpha=0.85)
        axes.set_title(self.labels("Value-added shares by 4-3-2 tier", "四三二产业增加值占比"))
        axes.set_xlabel("year")
        axes.set_ylabel("share of nominal value added (%)")
        axes.set_xlim(years[0], years[-1])
        axes.set_ylim(0, 100)
        axes.grid(False)
        axes.legend(loc="upper left", fontsize=8.5, bbox_to_anchor=(1.01, 1.0))
        self._save(figure, "tier_shares.png",
                   f"Sector value-added shares (% of nominal value added) by tier: {method}.")
        return method

    def tornado(self):
        np = self.np
        if self.parameter_sets <= 0 or "variance_share_parameters" not in self.targets:
            return None
        rows = [r for r in self._target_rows() if not math.isnan(r["variance_share_parameters"])]
        if not rows:
            return None
        rows.sort(key=lambda r: r["variance_share_parameters"])
        names = [r["id"] for r in rows]
        params = np.array([r["variance_share_parameters"] for r in rows])
        figure, axes = self.plt.subplots(figsize=(8, 0.28 * len(rows) + 1.6))
        y = np.arange(len(rows))
        axes.barh(y, params, color="#3182bd", label="parameters")
        axes.barh(y, 1 - params, left=params, color="#d9d9d9", label="shocks")
        axes.set_yticks(y, names, fontsize=8)
        axes.set_xlim(0, 1)
        axes.set_xlabel("share of the target value's variance (fraction, parameters + shocks = 1)")
        axes.set_title(self.labels(f"Variance shares: {self.parameter_sets} parameter sets",
                                   "方差分解"))
        axes.legend(loc="lower right", fontsize=8.5)
        axes.grid(axis="y", visible=False)
        self._save(figure, "tornado_variance_share.png",
                   "Share of each target's variance due to the parameters (blue) and to the "
                   "shocks (grey), largest parameters share on top (law of total variance; targets "
                   "with no variance are left out).")
        return True

    # ---- page ----------------------------------------------------------------------------------

    def _scorecard_html(self):
        rows = self._target_rows()
        with_shares = self.parameter_sets > 0 and "variance_share_parameters" in self.targets
        head = ["target", "indicator", "year", "plan", "P(meet) ± se", "median", "5 %", "95 %",
                "basis"]
        if self.labels.cjk:
            head.insert(2, "source 出处")
        if with_shares:
            head.append("variance share: parameters")
        out = ["<table class='scorecard'><thead><tr>"
               + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead><tbody>"]
        for r in rows:
            p = r["p_meet"]
            if math.isnan(p):
                colour, band, p_text = "#eeeeee", "n/a", "n/a"
            else:
                colour, band = next((c, n) for limit, c, n in P_MEET_BANDS if p < limit)
                p_text = f"{p:.3f} ± {r['p_meet_se']:.3f}"
            cells = [f"<td class='id'>{html.escape(r['id'])}</td>",
                     f"<td>{html.escape(r['label'])}</td>"]
            if self.labels.cjk:
                cells.append(f"<td class='source'>{html.escape(r['source'])}</td>")
            cells += [f"<td>{r['year']}</td>",
                      f"<td class='num'>{html.escape(r['comparison'])} {_number(r['threshold'])}</td>",
                      f"<td class='num p-meet' data-band='{band}' style='background:{colour}'>"
                      f"{p_text}</td>",
                      f"<td class='num'>{_number(r['median'])}</td>",
                      f"<td class='num'>{_number(r['q05'])}</td>",
                      f"<td class='num'>{_number(r['q95'])}</td>", f"<td>{html.escape(r['basis'])}</td>"]
            if with_shares:
                share = r["variance_share_parameters"]
                cells.append(f"<td class='num'>{'n/a' if math.isnan(share) else f'{share:.3f}'}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
        joint = [f"{key[len('joint_p_meet_'):]}: {float(value):.3f}"
                 for key, value in sorted(self.targets.attrs.items())
                 if key.startswith("joint_p_meet_") and not key.startswith("joint_p_meet_se_")]
        if joint:
            out.append("<p>Joint P(meet all targets of a year): " + html.escape("; ".join(joint))
                       + "</p>")
        return "\n".join(out)

    def write(self):
        self._setup_matplotlib()
        for variable, title, chinese in FAN_CHARTS:
            self.fan_chart(variable, title, chinese)
        self.tier_shares()
        self.tornado()
        attrs = self.ds.attrs
        meta = self.scenario.get("metadata", {}) or {}
        title = f"regiosim report: {_text(attrs.get('scenario_name', meta.get('name', '')))}"
        facts = [("file", os.path.abspath(self.path)), ("region", meta.get("region", "")),
                 ("paths", f"{int(attrs.get('paths', 0)):,}"), ("seed", attrs.get("seed", "")),
                 ("store", self.store), ("parameter sets", self.parameter_sets or "none"),
                 ("engine", f"{_text(attrs.get('engine_version', ''))} "
                            f"(git {_text(attrs.get('git_commit', ''))[:10]})"),
                 ("created (UTC)", _text(attrs.get("created_utc", "")))]
        figures = "\n".join(
            f"<figure><img src='{html.escape(name)}' alt='{html.escape(caption)}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
            for name, caption in self.figures)
        legend = " ".join(f"<span class='swatch' style='background:{c}'></span>{n} "
                          f"{'&lt; ' + format(limit, 'g') if limit != math.inf else '&ge; 0.5'}"
                          for limit, c, n in P_MEET_BANDS)
        page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: "DejaVu Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
       margin: 1.5em auto; max-width: 1100px; color: #222; background: #fff; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.2em; margin-top: 1.6em; }}
dl.facts {{ display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }}
dl.facts dt {{ font-weight: bold; }} dl.facts dd {{ margin: 0; }}
figure {{ margin: 1em 0; }} figure img {{ max-width: 100%; border: 1px solid #ddd; }}
figcaption {{ font-size: 0.85em; color: #555; }}
table.scorecard {{ border-collapse: collapse; font-size: 0.82em; }}
table.scorecard th, table.scorecard td {{ border: 1px solid #ccc; padding: 0.2em 0.4em; }}
table.scorecard th {{ background: #f0f0f0; }}
td.num {{ text-align: right; white-space: nowrap; }} td.source {{ min-width: 12em; }}
.swatch {{ display: inline-block; width: 1em; height: 1em; vertical-align: middle;
          margin: 0 0.3em 0 0.8em; border: 1px solid #999; }}
</style>
<script>
window.addEventListener("load", function () {{
  var images = document.images, ok = images.length > 0;
  for (var i = 0; i < images.length; i++)
    if (!(images[i].complete && images[i].naturalWidth > 0)) ok = false;
  document.body.dataset.images = ok ? "ok" : "broken";
}});
</script>
</head>
<body>
<h1>{html.escape(title)}</h1>
<dl class="facts">
{''.join(f'<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>' for k, v in facts)}
</dl>
<h2>Scorecard</h2>
<p>P(meet): the share of paths meeting the target, ± its Monte Carlo standard error. Cell colours:
{legend}. Plan, median and quantiles in the target's basis unit (levels in their unit, growth in
%/yr, shares in %).</p>
{self._scorecard_html()}
<h2>Figures</h2>
<p>Fan charts: the 5-25-50-75-95 % quantiles across paths of each year ({html.escape(self.store)}
store).</p>
{figures}
</body>
</html>
"""
        with open(os.path.join(self.out_dir, "index.html"), "w", encoding="utf-8") as handle:
            handle.write(page)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="regiosim report",
        description="Write DIR/index.html with fan charts, 4-3-2 tier shares, the scorecard and "
                    "(parameter sets) a variance tornado of a regiosim result file.")
    parser.add_argument("result", help="result file written by regiosim run (HDF5)")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="directory for index.html and the figures (created if missing)")
    parser.add_argument("--english", action="store_true",
                        help="English labels only, even when a CJK font is installed")
    args = parser.parse_args(argv)
    try:
        check_result_file(args.result)
        if os.path.exists(args.out) and not os.path.isdir(args.out):
            raise InvalidInput(f"{args.out}: --out exists and is not a directory")
        try:
            os.makedirs(args.out, exist_ok=True)
        except OSError as error:
            raise InvalidInput(f"{args.out}: cannot create the output directory ({error.strerror})")
        report = Report(args.result, args.out, english_only=args.english)
        report.write()
    except (InvalidInput, ResultFileError) as error:
        print(f"regiosim report: {error}", file=sys.stderr)
        return EXIT_INVALID
    except Exception as error:  # noqa: BLE001 - one line, exit 1, as the CLI does
        print(f"regiosim report: {args.result}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(os.path.join(args.out, "index.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
