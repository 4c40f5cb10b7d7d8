#!/usr/bin/python3
"""Regenerates bench/RESULTS.md (issue 6): builds the engine with the benchmarks into its own build
directory, runs every measurement, and writes the machine, the commands, the medians, the ratios
and the targets, met or not, with the measured cause of any gap.

    /usr/bin/python3 bench/make_results.py [--quick] [--build-dir build/results] [--no-build]
        [--out bench/RESULTS.md] [--scratch DIR] [--max-run-seconds 900]

--quick: small sizes and fewer repeats (a few minutes; the figures are then indicative only).
--scratch: where store=full and dd write (default: a temporary directory; the disk measured).
Run it on a quiet machine: every figure is a median of several runs, but a core busy with other
work still lowers the wall-clock figures (the CPU-time ones much less).
"""
import argparse
import datetime
import json
import math
import os
import pathlib
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = REPO / "scenarios" / "luolong-14fyp.yaml"
MIB = 1024 * 1024

# Sizes: (full, quick). Paths are per run; the sector runs scale theirs by 15 / sectors.
SIZES = {
    "repeats": (5, 3),
    "bench_paths": (100_000, 10_000),
    "peer_paths": (20_000, 2_000),
    "storage_paths": (20_000, 2_000),
    # Three path counts: the slope between the upper two is what each path adds once fixed-size
    # buffers and caches have filled (full: a 120,000-path result file is about 2.6 GB).
    "memory_paths": ((5_000, 40_000, 120_000), (2_000, 10_000, 30_000)),
    "sector_paths": (20_000, 2_000),
    "callgrind_paths": ((1_000, 3_000), (200, 600)),
    "gbench_min_time": (0.5, 0.05),
    # Issue 5: 1,000 points x 1,000 paths against one 1,000,000-path run.
    "sweep": (["--points", "1000", "--paths", "1000", "--rounds", "3"],
              ["--points", "20", "--paths", "200", "--rounds", "1"]),
}
SECTORS = (15, 50, 150)
TEN_MILLION = 10_000_000

# The targets.
TARGET_PATH_YEARS_PER_S = 2_000_000
TARGET_PEER_RATIO = 5.0
TARGET_EFFICIENCY = 0.90
TARGET_MEMORY_BYTES = 1_000_000_000
TARGET_WRITE_RATIO = 0.5
TARGET_SWEEP_RATIO = 1.15


class Runner:
    """Runs commands and remembers each, as a reader would type it, for the results page."""

    def __init__(self, scratch):
        self.scratch = str(scratch)
        self.commands = []

    def shown(self, command):
        text = " ".join(shlex.quote(str(word)) for word in command)
        return text.replace(str(REPO) + "/", "").replace(self.scratch, "$SCRATCH")

    def run(self, command, section, **kwargs):
        self.commands.append((section, self.shown(command)))
        print("+", self.shown(command), file=sys.stderr, flush=True)
        env = dict(os.environ, LC_ALL="C")
        return subprocess.run([str(word) for word in command], check=True, text=True,
                              capture_output=True, env=env, **kwargs)

    def json(self, command, section):
        return json.loads(self.run(command, section).stdout)


def size(name, quick):
    return SIZES[name][1 if quick else 0]


# ---- machine ----

def first_line(command):
    try:
        return subprocess.run(command, capture_output=True, text=True,
                              check=True).stdout.splitlines()[0].strip()
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "unknown"


def machine(build_dir):
    cpu = "unknown"
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, env=dict(os.environ,
                                                                                LC_ALL="C"))
    for line in lscpu.stdout.splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    memory = "unknown"
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / MIB:.1f} GiB"
    compiler = "c++"
    cache = pathlib.Path(build_dir) / "CMakeCache.txt"
    if cache.exists():
        match = re.search(r"^CMAKE_CXX_COMPILER:\w+=(.+)$", cache.read_text(), re.M)
        if match:
            compiler = match.group(1)
    return {
        "cpu": cpu,
        "hardware_threads": os.cpu_count(),
        "memory": memory,
        "kernel": platform.release(),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo \"$PRETTY_NAME\""]),
        "compiler": first_line([compiler, "--version"]),
        "commit": first_line(["git", "-C", str(REPO), "describe", "--always", "--dirty"]),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def load_average():
    return os.getloadavg()[0]


# ---- measurements ----

def build(runner, build_dir, jobs):
    runner.run(["cmake", "-S", REPO, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                "-DREGIOSIM_WERROR=ON", "-DREGIOSIM_BUILD_BENCH=ON", "-DREGIOSIM_BUILD_TESTS=OFF"],
               "build")
    runner.run(["cmake", "--build", build_dir, "-j", str(jobs)], "build")


def thread_counts():
    counts, p = [], 1
    while p < os.cpu_count():
        counts.append(p)
        p *= 2
    return counts + [os.cpu_count()]


def regiosim_bench(runner, binary, section, scenario=DEFAULT_SCENARIO, *, paths, repeats,
                   threads, store="summary", scratch=None):
    command = [binary, "bench", scenario, "--paths", paths, "--repeats", repeats, "--threads",
               ",".join(map(str, threads)), "--store", store, "--json"]
    if scratch is not None:
        command += ["--dir", scratch]
    return runner.json(command, section)


def google_benchmarks(runner, bench_binary, quick):
    doc = runner.json([bench_binary, f"--benchmark_repetitions={size('repeats', quick)}",
                       f"--benchmark_min_time={size('gbench_min_time', quick)}",
                       "--benchmark_report_aggregates_only=true", "--benchmark_format=json"],
                      "gbench")
    medians = {}
    for b in doc["benchmarks"]:
        if b.get("aggregate_name") == "median":
            medians[b["run_name"]] = dict(b, ns_per_path_year=1e9 * b["time_per_path_year"])
    return {"context": doc["context"], "medians": medians}


def peers(runner, build_dir, quick):
    return runner.json([sys.executable, REPO / "bench" / "peers" / "compare_peers.py",
                        "--build-dir", build_dir, "--paths", size("peer_paths", quick),
                        "--repeats", size("repeats", quick), "--json"], "peers")


def dd_write(runner, scratch, bytes_to_write, repeats):
    """A plain sequential write of the same size, flushed to the disk (conv=fdatasync) as the
    engine's commit is (fsync): MB/s from dd's own byte count and time, median of the runs."""
    target = pathlib.Path(scratch) / "dd.bin"
    count = max(1, math.ceil(bytes_to_write / MIB))
    rates = []
    for _ in range(repeats):
        result = runner.run(["dd", "if=/dev/zero", f"of={target}", "bs=1M", f"count={count}",
                             "conv=fdatasync"], "storage")
        match = re.search(r"^(\d+) bytes .* copied, ([0-9.e+-]+) s", result.stderr, re.M)
        rates.append(int(match.group(1)) / float(match.group(2)))
        target.unlink()
    return {"bytes": count * MIB, "bytes_per_s": statistics.median(rates), "runs": rates}


def storage(runner, binary, scratch, quick):
    paths = size("storage_paths", quick)
    repeats = size("repeats", quick)
    threads = [os.cpu_count()]
    full = regiosim_bench(runner, binary, "storage", paths=paths, repeats=repeats,
                          threads=threads, store="full", scratch=scratch)
    summary = regiosim_bench(runner, binary, "storage", paths=paths, repeats=repeats,
                             threads=threads)
    dd = dd_write(runner, scratch, full["runs"][0]["bytes_written"], repeats)
    return {"full": full, "summary": summary, "dd": dd}


def memory(runner, binary, quick, max_seconds, rate):
    """Peak memory against paths, one thread, for both stores: the slope between the two largest
    path counts is the memory each path adds. 10,000,000 summary paths are run when the measured
    rate says they fit in max_seconds."""
    counts = size("memory_paths", quick)
    mid, high = counts[-2:]
    out = {}
    for store in ("summary", "full"):
        peaks = {}
        for paths in counts:
            doc = regiosim_bench(runner, binary, "memory", paths=paths, repeats=1, threads=[1],
                                 store=store, scratch=runner.scratch)
            peaks[paths] = doc["runs"][0]["peak_rss_bytes"]
        out[store] = {"peaks": peaks, "bytes_per_path": (peaks[high] - peaks[mid]) / (high - mid)}
    estimate = TEN_MILLION * 15 / rate
    out["ten_million_estimate_s"] = estimate
    if not quick and estimate <= max_seconds:
        doc = regiosim_bench(runner, binary, "memory", paths=TEN_MILLION, repeats=1,
                             threads=[os.cpu_count()])
        out["ten_million"] = doc["runs"][0]["peak_rss_bytes"]
    return out


def sector_growth(runner, binary, scratch, quick):
    rows = {}
    for sectors in SECTORS:
        scenario = DEFAULT_SCENARIO
        if sectors != 15:
            scenario = pathlib.Path(scratch) / f"sectors-{sectors}.yaml"
            runner.run([sys.executable, REPO / "bench" / "make_scenario.py", sectors, "--out",
                        scenario], "sectors")
        paths = max(100, size("sector_paths", quick) * 15 // sectors)
        doc = regiosim_bench(runner, binary, "sectors", scenario, paths=paths,
                             repeats=size("repeats", quick), threads=[1])
        rows[sectors] = {"scenario": scenario, "paths": paths,
                         "ns_per_path_year": doc["runs"][0]["ns_per_path_year_per_core"],
                         "cpu_ns_per_path_year": doc["runs"][0]["cpu_ns_per_path_year"]}
    return rows


def fit_exponent(points):
    """Least squares slope of log(y) on log(x)."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys))
            / sum((x - mx) ** 2 for x in xs))


def callgrind_ir(runner, binary, scenario, paths, scratch, years=15):
    """Instructions (callgrind's Ir) per path-year: the difference between two path counts, so
    loading the scenario and calibrating the model cancel out."""
    totals = []
    for n in paths:
        result = runner.run(["valgrind", "--tool=callgrind",
                             f"--callgrind-out-file={scratch}/callgrind.out", binary, "run",
                             scenario, "--paths", n, "--threads", 1, "--store", "summary",
                             "--quiet", "--out", f"{scratch}/callgrind.h5"], "callgrind")
        totals.append(int(re.search(r"Collected : (\d+)", result.stderr).group(1)))
    return (totals[1] - totals[0]) / ((paths[1] - paths[0]) * years)


def sweep_overhead(runner, binary, quick):
    script = REPO / "bench" / "sweep_overhead.py"
    if not script.exists():
        return None
    return runner.json([sys.executable, script, *size("sweep", quick), "--threads",
                        os.cpu_count(), "--bin", binary, "--json"], "sweep")


# ---- the page ----

def fmt(x, digits=0):
    return f"{x:,.{digits}f}"


def commands_block(runner, section):
    lines = [text for s, text in runner.commands if s == section]
    return ["```sh", *lines, "```", ""] if lines else []


def status(met):
    return "met" if met else "**not met**"


def write_page(args, m, r, runner, load_start, load_end):
    quick = args.quick
    bench = r["bench"]
    one = bench["runs"][0]
    two = next((run for run in bench["runs"] if run["threads"] == 2), None)
    g = r["gbench"]["medians"]
    ns = {name: b["ns_per_path_year"] for name, b in g.items()}
    lines = [
        "# Benchmarks",
        "",
        "Generated by `/usr/bin/python3 bench/make_results.py"
        + (" --quick" if quick else "") + "` (issue 6); do not edit by hand."
        + (" **Quick mode: small sizes, indicative only.**" if quick else ""),
        f"Load average (1 min) {load_start:.2f} at the start, {load_end:.2f} at the end"
        + (f": the machine was busy ({m['hardware_threads']} hardware threads), so wall-clock "
           "figures are pessimistic; the CPU-time figures are less affected."
           if max(load_start, load_end) > 0.5 else "."),
        "",
        "A path-year is one simulated year of one path (15 per path for 2021-2035). Every figure "
        "is the median of the runs shown; each `regiosim bench` run is a process of its own, so "
        "its peak memory is its own.",
        "",
        "## Machine",
        "",
        "| | |", "|---|---|",
        *[f"| {k} | {v} |" for k, v in m.items()],
        "",
        *commands_block(runner, "build"),
    ]

    # Targets.
    rate1 = one["path_years_per_s"]
    runner_ns = ns.get("runner/paths:20000/sink:0/process_time")
    sim_ns = ns.get("simulate_batch/256")
    cause_speed = (f"measured, one core (Google Benchmark): runner {fmt(runner_ns)} ns/path-year ="
                   f" simulation {fmt(sim_ns)} (random numbers {fmt(ns['random_numbers'])}, "
                   f"Leontief solve {fmt(ns['leontief_default'])}) + statistics and scorecard "
                   f"{fmt(runner_ns - sim_ns)}"
                   + (f"; {fmt(r['ir'][15])} instructions per path-year" if 15 in r["ir"] else "")
                   if runner_ns and sim_ns else "")
    peer_rows = r["peers"]["programs"]
    ratios = {name: peer_rows[name]["ratio_to_engine"] for name in ("numpy", "numba")}
    mem = r["memory"]
    ten_million = mem.get("ten_million")
    summary_high = max(mem["summary"]["peaks"])
    projected = (mem["summary"]["peaks"][summary_high]
                 + mem["summary"]["bytes_per_path"] * (TEN_MILLION - summary_high))
    # What the runner keeps per path by design (runner.cpp, scorecard.cpp): each target's value
    # (8 bytes) and first-passage year (2 bytes), and one sort buffer of 8 bytes for the quantiles.
    per_path_scalars = r["targets"] * 10 + 8
    ten_million_text = (f"{ten_million / MIB:,.0f} MiB measured" if ten_million else
                        f"{projected / MIB:,.0f} MiB projected from "
                        f"{mem['summary']['bytes_per_path']:.0f} bytes/path (not run: "
                        f"{'quick mode' if quick else 'estimated'} "
                        f"{mem['ten_million_estimate_s']:,.0f} s)")
    full_growth = mem["full"]["bytes_per_path"] - mem["summary"]["bytes_per_path"]
    low, high = sorted(mem["full"]["peaks"])[-2:]
    # Bounded: from the low to the high path count the full store adds less than 8 MiB beyond what
    # the summary store adds (VmHWM moves by a few MiB with the allocator's arenas).
    full_bounded = full_growth * (high - low) < 8 * MIB
    st = r["storage"]
    full_run = st["full"]["runs"][0]
    write_ratio = full_run["write_bytes_per_s"] / st["dd"]["bytes_per_s"]
    write_only = full_run["bytes_written"] / max(
        1e-9, full_run["wall_median_s"] - st["summary"]["runs"][0]["wall_median_s"])
    exponent = r["sector_exponent"]
    lines += [
        "## Targets",
        "",
        "| target | measured | status | gap and its measured cause |",
        "|---|---|---|---|",
        f"| default scenario, summary store, one core: >= 2,000,000 path-years/s (<= 500 ns) "
        f"| {fmt(rate1)} path-years/s, {fmt(one['ns_per_path_year_per_core'])} ns/path-year "
        f"wall ({fmt(one['cpu_ns_per_path_year'])} CPU) | {status(rate1 >= TARGET_PATH_YEARS_PER_S)}"
        f" | {'' if rate1 >= TARGET_PATH_YEARS_PER_S else f'{TARGET_PATH_YEARS_PER_S / rate1:.1f}x short; ' + cause_speed} |",
        f"| >= 5x the NumPy and Numba peers, one core | NumPy {ratios['numpy']:.1f}x, Numba "
        f"{ratios['numba']:.1f}x | {status(min(ratios.values()) >= TARGET_PEER_RATIO)} | "
        + ("" if min(ratios.values()) >= TARGET_PEER_RATIO else
           f"engine {fmt(peer_rows['engine']['ns_per_path_year'])} ns/path-year against the "
           f"peers' {fmt(peer_rows['numpy']['ns_per_path_year'])} (NumPy) and "
           f"{fmt(peer_rows['numba']['ns_per_path_year'])} (Numba); {cause_speed}") + " |",
    ]
    if two is not None:
        wall_ok, cpu_ok = two["efficiency_wall"] >= TARGET_EFFICIENCY, two["efficiency_cpu"] >= TARGET_EFFICIENCY
        eff_status = ("met" if wall_ok and two["identical"] else
                      "met by CPU-time accounting only" if cpu_ok and two["identical"] else
                      "**not met**")
        lines.append(
            f"| 2 threads: parallel efficiency >= 90 %, bit-identical to 1 thread | wall "
            f"{100 * two['efficiency_wall']:.1f} %, CPU time {100 * two['efficiency_cpu']:.1f} %, "
            f"identical: {'yes' if two['identical'] else 'NO'} | {eff_status} | "
            + ("" if wall_ok else
               f"wall T1 / (2 T2) with load average {load_start:.2f}-{load_end:.2f} on "
               f"{m['hardware_threads']} hardware threads: the second core was "
               f"{'busy' if max(load_start, load_end) > 1 else 'partly busy'}; CPU-time "
               f"accounting (CPU1 / CPU2) is {100 * two['efficiency_cpu']:.1f} %") + " |")
    lines += [
        f"| summary store: peak memory independent of paths beyond per-path scalars; 10,000,000 "
        f"paths < 1 GB | {mem['summary']['bytes_per_path']:.0f} bytes/path; 10,000,000 paths: "
        f"{ten_million_text} | {status((ten_million or projected) < TARGET_MEMORY_BYTES)} | "
        + ("" if (ten_million or projected) < TARGET_MEMORY_BYTES else
           f"the per-path scalars the runner keeps by design are {per_path_scalars} bytes/path "
           f"({r['targets']} targets x (8 bytes of value + 2 of first passage) + an 8-byte sort "
           f"buffer), {TEN_MILLION * per_path_scalars / MIB:,.0f} MiB for 10,000,000 paths "
           f"alone; the other {mem['summary']['bytes_per_path'] - per_path_scalars:.0f} "
           "bytes/path measured are not attributed here") + " |",
        f"| full store: memory bounded by batch and chunk buffers | "
        f"{mem['full']['bytes_per_path']:.0f} bytes/path, {full_growth:+.0f} beyond the summary "
        f"store's ({fmt(low)} to {fmt(high)} paths) | {status(full_bounded)} | |",
        f"| full store: >= 50 % of a plain sequential write | {fmt(full_run['write_bytes_per_s'] / 1e6, 1)} "
        f"MB/s against dd's {fmt(st['dd']['bytes_per_s'] / 1e6, 1)} MB/s: {100 * write_ratio:.0f} % "
        f"| {status(write_ratio >= TARGET_WRITE_RATIO)} | "
        + ("" if write_ratio >= TARGET_WRITE_RATIO else
           f"the run is bound by simulation: {st['summary']['runs'][0]['wall_median_s']:.2f} s of "
           f"its {full_run['wall_median_s']:.2f} s are the same run without the file; the bytes "
           f"over the remaining time are {fmt(write_only / 1e6, 1)} MB/s "
           f"({100 * write_only / st['dd']['bytes_per_s']:.0f} % of dd)") + " |",
        "| cost growth: ns/path-year for 15, 50, 150 sectors and its exponent | "
        + ", ".join(f"{s}: {fmt(row['ns_per_path_year'])}" for s, row in r["sectors"].items())
        + f" ns; exponent {exponent:.2f} | reported | |",
        "| callgrind instructions per path-year | "
        + ", ".join(f"{s} sectors: {fmt(ir)}" for s, ir in r["ir"].items()) + " | reported | |",
    ]
    sweep = r.get("sweep")
    if sweep is not None:
        worst = max(sweep["wall_ratio"], sweep["cpu_ratio"])
        lines.append(
            f"| issue 5: a sweep of {fmt(sweep['points'])} points x {fmt(sweep['paths_per_point'])} "
            f"paths <= 1.15 x one run of their paths | wall {sweep['wall_ratio']:.3f}, CPU time "
            f"{sweep['cpu_ratio']:.3f} | {status(worst <= TARGET_SWEEP_RATIO)} | |")
    lines.append("")

    # Throughput.
    lines += [
        "## Throughput: `regiosim bench`",
        "",
        f"{bench['scenario']}, {fmt(bench['paths'])} paths x {bench['years']} years, summary "
        f"store (no file), median of {bench['repeats']} runs per thread count, interleaved.",
        "Efficiency relative to one thread: wall T1 / (p Tp), and CPU-time accounting CPU1 / CPUp "
        "(the process's CPU time for the same work: lost to spinning or contention shows, waiting "
        "for a busy core does not).",
        "",
        "| threads | path-years/s | ns/path-year per core (wall) | CPU ns/path-year | efficiency "
        "wall | efficiency CPU | peak MiB | bit-identical |",
        "|---|---|---|---|---|---|---|---|",
        *[f"| {run['threads']} | {fmt(run['path_years_per_s'])} | "
          f"{fmt(run['ns_per_path_year_per_core'])} | {fmt(run['cpu_ns_per_path_year'])} | "
          f"{100 * run['efficiency_wall']:.1f} % | {100 * run['efficiency_cpu']:.1f} % | "
          f"{run['peak_rss_bytes'] / MIB:.1f} | {'yes' if run['identical'] else 'NO'} |"
          for run in bench["runs"]],
        "",
        *commands_block(runner, "bench"),
    ]

    # Google Benchmark.
    lines += [
        "## Kernels: Google Benchmark (`regiosim_bench`)",
        "",
        "Medians of the repetitions. simulate_batch/N: N paths through every year (the year "
        "steps of a runner batch); runner: the whole run on one thread, sink:1 handing batches to "
        "a sink that drops them (the store=full pipeline without the file); leontief: one M7 solve "
        "per path-year (synthetic Ar for 15, 50, 150 sectors); random_numbers: one path-year's "
        "draws. ns per path-year in CPU time (of the benchmark thread; of the process for "
        "runner, whose writer thread counts too).",
        "",
        "| benchmark | ns/path-year | path-years/s | Ir/path-year |",
        "|---|---|---|---|",
        *[f"| {name} | {fmt(b['ns_per_path_year'], 1)} | {fmt(b['path_years_per_s'])} | "
          + (fmt(r['ir'][15]) if name.startswith("runner/paths:20000/sink:0") and 15 in r['ir']
             else "")
          + " |" for name, b in g.items()],
        "",
        *commands_block(runner, "gbench"),
    ]

    # Peers.
    lines += [
        "## Peers: NumPy and Numba, one core",
        "",
        f"bench/peers (see its README): {fmt(r['peers']['paths'])} paths, median of "
        f"{r['peers']['repeats']} interleaved rounds; x engine > 1: slower than the engine.",
        "",
        "| program | ns/path-year | x engine | simulation only ns/path-year |",
        "|---|---|---|---|",
        *[f"| {name} | {fmt(row['ns_per_path_year'])} | {row.get('ratio_to_engine', 1.0):.2f} | "
          f"{fmt(row['simulate_ns_per_path_year']) if 'simulate_ns_per_path_year' in row else '-'} |"
          for name, row in peer_rows.items()],
        "",
        *commands_block(runner, "peers"),
    ]

    # Storage.
    lines += [
        "## Storage: store=full against a plain sequential write",
        "",
        f"{fmt(full_run['bytes_written'] / 1e6, 1)} MB result file, {full_run['threads']} threads, "
        "timed from the run's start to the end of the durable commit (fsync and rename); dd "
        "writes as many MiB with conv=fdatasync on the same file system. Medians.",
        "",
        "| | seconds | MB/s |",
        "|---|---|---|",
        f"| regiosim, store=full | {full_run['wall_median_s']:.2f} | "
        f"{fmt(full_run['write_bytes_per_s'] / 1e6, 1)} |",
        f"| the same run, store=summary (no file) | "
        f"{st['summary']['runs'][0]['wall_median_s']:.2f} | - |",
        f"| bytes over the difference | - | {fmt(write_only / 1e6, 1)} |",
        f"| dd, {st['dd']['bytes'] // MIB} MiB | {st['dd']['bytes'] / st['dd']['bytes_per_s']:.2f} "
        f"| {fmt(st['dd']['bytes_per_s'] / 1e6, 1)} |",
        f"| ratio regiosim / dd | | {100 * write_ratio:.0f} % |",
        "",
        *commands_block(runner, "storage"),
    ]

    # Memory.
    lines += [
        "## Memory",
        "",
        "Peak resident memory (VmHWM) of one-thread runs at three path counts; the slope "
        "between the two largest is what each path adds. Per-path scalars by design: "
        f"{r['targets']} targets x (8 bytes of value + 2 of first-passage year) + an 8-byte sort "
        f"buffer = {per_path_scalars} bytes/path.",
        "",
        "| store | " + " | ".join(f"{fmt(p)} paths" for p in mem["summary"]["peaks"])
        + " | bytes/path |",
        "|---|" + "---|" * (len(mem["summary"]["peaks"]) + 1),
        *[f"| {store} | " + " | ".join(f"{v / MIB:.1f} MiB" for v in mem[store]["peaks"].values())
          + f" | {mem[store]['bytes_per_path']:.0f} |" for store in ("summary", "full")],
        "",
        f"10,000,000 paths, summary store, all threads: {ten_million_text}.",
        "",
        *commands_block(runner, "memory"),
    ]

    # Sectors.
    lines += [
        "## Cost growth with the number of sectors",
        "",
        "Scenarios from bench/make_scenario.py (the default's sectors split into copies, a "
        "synthetic productive input-output table), one thread, summary store. Exponent: least "
        "squares slope of log(ns/path-year) on log(sectors).",
        "",
        "| sectors | paths | ns/path-year (wall) | CPU ns/path-year | Ir/path-year |",
        "|---|---|---|---|---|",
        *[f"| {s} | {fmt(row['paths'])} | {fmt(row['ns_per_path_year'])} | "
          f"{fmt(row['cpu_ns_per_path_year'])} | {fmt(r['ir'][s]) if s in r['ir'] else '-'} |"
          for s, row in r["sectors"].items()],
        "",
        f"Exponent: {exponent:.2f} (wall), {r['sector_exponent_cpu']:.2f} (CPU): cost grows as "
        f"sectors^{exponent:.2f} between 15 and 150 sectors.",
        "",
        *commands_block(runner, "sectors"),
        "Instructions: valgrind's callgrind, Ir of a run at two path counts, the difference over "
        "the difference in path-years (so loading and calibration cancel).",
        "",
        *commands_block(runner, "callgrind"),
    ]

    if sweep is not None:
        lines += [
            "## Sweep overhead (bench/sweep_overhead.py)",
            "",
            "| | |", "|---|---|",
            *[f"| {k} | {v if not isinstance(v, float) else f'{v:.3f}'} |"
              for k, v in sweep.items() if not k.endswith("_command")],
            "",
            *commands_block(runner, "sweep"),
        ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer repeats")
    parser.add_argument("--build-dir", default=str(REPO / "build" / "results"))
    parser.add_argument("--no-build", action="store_true", help="use the build directory as is")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--out", default=str(REPO / "bench" / "RESULTS.md"))
    parser.add_argument("--scratch", default=None, help="directory for store=full and dd")
    parser.add_argument("--max-run-seconds", type=float, default=900,
                        help="run 10,000,000 summary paths only if estimated to take less")
    args = parser.parse_args(argv)
    quick = args.quick
    build_dir = pathlib.Path(args.build_dir).resolve()
    binary = build_dir / "bin" / "regiosim"
    bench_binary = build_dir / "bin" / "regiosim_bench"

    with tempfile.TemporaryDirectory(dir=args.scratch) as scratch:
        runner = Runner(scratch)
        if not args.no_build:
            build(runner, build_dir, args.jobs)
        load_start = load_average()
        m = machine(build_dir)
        repeats = size("repeats", quick)
        r = {}
        r["bench"] = regiosim_bench(runner, binary, "bench", paths=size("bench_paths", quick),
                                    repeats=repeats, threads=thread_counts())
        r["targets"] = len(json.loads(runner.run(
            [binary, "run", "--paths", 2, "--store", "summary", "--quiet", "--json", "--out",
             f"{scratch}/targets.h5"], "targets").stdout)["targets"])
        r["gbench"] = google_benchmarks(runner, bench_binary, quick)
        r["peers"] = peers(runner, build_dir, quick)
        r["storage"] = storage(runner, binary, scratch, quick)
        rate = max(run["path_years_per_s"] for run in r["bench"]["runs"])
        r["memory"] = memory(runner, binary, quick, args.max_run_seconds, rate)
        r["sectors"] = sector_growth(runner, binary, scratch, quick)
        r["sector_exponent"] = fit_exponent(
            [(s, row["ns_per_path_year"]) for s, row in r["sectors"].items()])
        r["sector_exponent_cpu"] = fit_exponent(
            [(s, row["cpu_ns_per_path_year"]) for s, row in r["sectors"].items()])
        if shutil.which("valgrind"):
            low, high = size("callgrind_paths", quick)
            r["ir"] = {s: callgrind_ir(runner, binary, row["scenario"],
                                       (max(20, low * 15 // s), max(60, high * 15 // s)), scratch)
                       for s, row in r["sectors"].items() if s == 15 or not quick}
        else:
            r["ir"] = {}
        r["sweep"] = sweep_overhead(runner, binary, quick)
        load_end = load_average()
        page = write_page(args, m, r, runner, load_start, load_end)
    pathlib.Path(args.out).write_text(page + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
