"""`regiosim report`: the HTML report of a result file (bindings/python/regiosim/report.py) for a
full-store run, a summary-store run and a parameter-sets run; the page opened in headless Chromium
(every image loaded, a non-blank screenshot); bad input exits 2 naming the file."""
import html.parser
import pathlib
import shutil
import subprocess

import pytest

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--hide-scrollbars"]
PRIOR = "productivity.long_run_drift={prior: uniform, lo: 0.005, hi: 0.015}"


class ImageSources(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs).get("src"))


def run(regiosim_bin, *args, timeout=180):
    return subprocess.run([regiosim_bin, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def reports(regiosim_bin, tmp_path_factory):
    """name -> (report directory, report stderr) for the three kinds of run."""
    root = tmp_path_factory.mktemp("report")
    runs = {
        "full": ["--paths", 300],
        "summary": ["--paths", 300, "--store", "summary"],
        "parameter_sets": ["--paths", 50, "--parameter-sets", 4, "--set", PRIOR],
    }
    out = {}
    for name, args in runs.items():
        result_file = root / f"{name}.h5"
        done = run(regiosim_bin, "run", "--out", result_file, "--quiet", *args)
        assert done.returncode == 0, done.stderr
        report_dir = root / f"{name}-report"
        done = run(regiosim_bin, "report", result_file, "--out", report_dir)
        assert done.returncode == 0, done.stderr
        out[name] = (report_dir, done.stderr)
    return out


def image_sources(report_dir):
    parser = ImageSources()
    parser.feed((report_dir / "index.html").read_text(encoding="utf-8"))
    return parser.sources


@pytest.mark.parametrize("name", ["full", "summary", "parameter_sets"])
def test_report_writes_page_and_valid_images(reports, name):
    report_dir, stderr = reports[name]
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    sources = image_sources(report_dir)
    # Six fan charts and the tier shares, plus the tornado for a parameter-sets run.
    assert len(sources) == (8 if name == "parameter_sets" else 7), sources
    for source in sources:
        assert source and "://" not in source and not source.startswith("/"), source
        data = (report_dir / source).read_bytes()
        assert data.startswith(PNG_MAGIC) or b"<svg" in data[:2000], source
    assert ("tornado_variance_share.png" in sources) == (name == "parameter_sets")
    assert "fan_gdp_nominal.png" in sources and "tier_shares.png" in sources
    # Offline: no external resource, and the scorecard's P(meet) cells carry their colour band.
    assert "http://" not in page and "https://" not in page
    assert page.count("class='num p-meet'") >= 20
    assert "data-band='red'" in page and "data-band='green'" in page
    # No figure was drawn with a glyph the font lacks (boxes instead of Chinese).
    assert "missing from current font" not in stderr, stderr


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("chromium is not installed (scripts/install-deps.sh installs it)")
    return path


@pytest.mark.parametrize("name", ["full", "parameter_sets"])
def test_report_loads_in_headless_chromium(reports, chromium, name, tmp_path):
    import matplotlib.image
    import numpy

    report_dir, _ = reports[name]
    url = (report_dir / "index.html").resolve().as_uri()
    common = [chromium, *CHROMIUM_FLAGS, "--virtual-time-budget=10000"]
    dom = subprocess.run([*common, f"--user-data-dir={tmp_path / 'dom-profile'}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # The page's inline script sets data-images="ok" once every <img> has loaded (naturalWidth > 0).
    assert 'data-images="ok"' in dom.stdout, dom.stdout[:2000]

    screenshot = tmp_path / "screenshot.png"
    shot = subprocess.run([*common, f"--user-data-dir={tmp_path / 'shot-profile'}",
                           f"--screenshot={screenshot}", "--window-size=1200,2000", url],
                          capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes().startswith(PNG_MAGIC)
    pixels = matplotlib.image.imread(str(screenshot))
    assert pixels.shape[0] >= 1000 and pixels.shape[1] >= 1000, pixels.shape
    grey = pixels[..., :3].mean(axis=2)
    assert float(numpy.std(grey)) > 0.05, "blank screenshot"
    assert float((grey < 0.5).mean()) > 0.005, "no dark pixels: nothing drawn"


def test_report_on_non_hdf5_file_exits_2(regiosim_bin, tmp_path):
    bad = tmp_path / "not-a-result.h5"
    bad.write_text("just text\n")
    done = run(regiosim_bin, "report", bad, "--out", tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert str(bad) in done.stderr and "not a regiosim result" in done.stderr
    assert "HDF5" in done.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_report_on_unknown_schema_version_exits_2(regiosim_bin, tmp_path):
    import h5py

    future = tmp_path / "future.h5"
    with h5py.File(future, "w") as handle:
        handle.attrs["schema"] = "regiosim.run"
        handle.attrs["schema_version"] = 99
    done = run(regiosim_bin, "report", future, "--out", tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert str(future) in done.stderr and "schema_version 99" in done.stderr
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as handle:
        handle.attrs["title"] = "some other HDF5 file"
    done = run(regiosim_bin, "report", other, "--out", tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert str(other) in done.stderr and "schema" in done.stderr
    missing = run(regiosim_bin, "report", tmp_path / "nope.h5", "--out", tmp_path / "out")
    assert missing.returncode == 2 and "nope.h5" in missing.stderr
    usage = run(regiosim_bin, "report", future)  # --out is required
    assert usage.returncode == 2


def damage(path, how):
    """Damages a copy of a good result file as an adversary or a failing disk would."""
    import h5py
    import numpy

    if how == "flipped_header":  # a byte in HDF5's superblock / object headers
        data = bytearray(path.read_bytes())
        for offset in range(64, 2048, 97):
            data[offset] ^= 0xFF
        path.write_bytes(bytes(data))
        return
    with h5py.File(path, "r+") as handle:
        if how == "nan_gdp":
            values = handle["gdp_nominal"][...]
            values[3, 5] = numpy.nan
            handle["gdp_nominal"][...] = values
        elif how == "nan_quantiles":
            values = handle["gdp_nominal_quantiles"][...]
            values[0, 0] = numpy.inf
            handle["gdp_nominal_quantiles"][...] = values
        elif how == "missing_gdp":
            del handle["gdp_nominal"]
        elif how == "odd_paths":
            handle.attrs["paths"] = 7
        elif how == "paths_text":
            handle.attrs["paths"] = "many"
        elif how == "incomplete":
            handle.attrs["status"] = "incomplete"
        elif how == "p_meet":
            values = handle["targets/p_meet"][...]
            values[0] = 1.5
            handle["targets/p_meet"][...] = values


DAMAGES = ["flipped_header", "nan_gdp", "nan_quantiles", "missing_gdp", "odd_paths", "paths_text",
           "incomplete", "p_meet"]


@pytest.fixture(scope="module")
def good_result(regiosim_bin, tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "good.h5"
    done = run(regiosim_bin, "run", "--paths", 50, "--out", path, "--quiet")
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("how", DAMAGES)
def test_report_refuses_a_damaged_result_file(regiosim_bin, good_result, tmp_path, how):
    # Issue 13: report exited 0 on 6 of 42 damaged or foreign files (a byte-flipped file, NaN or
    # missing gdp_nominal, an odd paths attribute), drawing garbage.
    bad = tmp_path / f"{how}.h5"
    shutil.copy(good_result, bad)
    damage(bad, how)
    done = run(regiosim_bin, "report", bad, "--out", tmp_path / "out")
    assert done.returncode == 2, (how, done.returncode, done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1 and str(bad) in done.stderr, done.stderr
    assert "not a regiosim result" in done.stderr
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.parametrize("how", DAMAGES)
def test_open_results_raises_result_file_error_on_a_damaged_file(regiosim, good_result, tmp_path, how):
    bad = tmp_path / f"{how}.h5"
    shutil.copy(good_result, bad)
    damage(bad, how)
    with pytest.raises(regiosim.ResultFileError, match="not a regiosim result"):
        regiosim.open_results(bad)
    with regiosim.open_results(good_result) as ds:  # and a good one still opens
        assert ds.attrs["status"] == "complete"
