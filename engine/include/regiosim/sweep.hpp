#pragma once
// Parameter sweeps (regiosim sweep): a design of points in the space of some scenario parameters,
// one Monte Carlo run per point, and for Sobol designs the variance-based sensitivity of each
// target's P(meet) and median to the parameters.
//
// Designs are pure functions of their arguments (the random ones of the sweep seed, through the
// counter-based RandomStream), so a sweep is reproducible from its file alone.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "regiosim/error.hpp"
#include "regiosim/runner.hpp"

namespace regiosim {

enum class Design { Grid, Lhs, Sobol, Mc };
const char* to_string(Design design);

// A design on the unit cube or on levels: points[i][k] is parameter k at point i.
using DesignMatrix = std::vector<std::vector<double>>;

// The largest number of Sobol dimensions the embedded direction numbers give.
int sobol_max_dimensions();
// Points 1..n (the all-zero point 0 is skipped) of the unscrambled Sobol sequence in `dimensions`
// dimensions, in Gray-code order, as Joe and Kuo's reference program prints them.
DesignMatrix sobol_points(std::uint64_t n, int dimensions);
// Latin hypercube on [0, 1)^d: in every dimension exactly one point in each of the n strata
// [s / n, (s + 1) / n), the permutations and offsets drawn from the stream keyed by `seed`.
DesignMatrix latin_hypercube(std::uint64_t n, int dimensions, std::uint64_t seed);
// Independent uniforms on (0, 1)^d from the stream keyed by `seed`.
DesignMatrix uniform_points(std::uint64_t n, int dimensions, std::uint64_t seed);
// The full factorial of the levels, the last parameter varying fastest.
DesignMatrix full_factorial(const std::vector<std::vector<double>>& levels);
// The Saltelli design for N base rows in d dimensions from the first N points of a 2d-dimensional
// Sobol sequence (A: its first d coordinates, B: the last d): N (d + 2) rows, in blocks of N:
// A, B, then AB_1 .. AB_d, where AB_i is A with column i taken from B.
DesignMatrix saltelli_design(std::uint64_t base_rows, int dimensions);

// First-order and total Sobol indices from outputs on a Saltelli design (y in its row order), with
// percentile bootstrap 95 % intervals over the N base rows.
struct SobolIndices {
  std::vector<double> first, first_lo, first_hi;
  std::vector<double> total, total_lo, total_hi;
};
// First order: Saltelli et al. (2010), V_i = mean(f(B) (f(AB_i) - f(A))); total: Jansen (1999),
// VT_i = mean((f(A) - f(AB_i))^2) / 2; both divided by the variance of f over the rows of A and B.
// `resamples` bootstrap draws of N base rows with replacement from the stream keyed by `seed`.
SobolIndices sobol_indices(const std::vector<double>& y, std::uint64_t base_rows, int dimensions,
                           int resamples, std::uint64_t seed);

struct SweepParameter {
  std::string key;  // a --set key path
  double lo = 0;
  double hi = 0;
  std::vector<double> levels;  // grid designs
  SourceLocation key_location;
  SourceLocation value_location;  // the range (or levels)
};

struct SweepSpec {
  std::string path;           // the sweep file
  std::string scenario_path;  // resolved against the sweep file's directory
  std::vector<std::string> overrides;
  std::vector<SourceLocation> override_locations;
  std::vector<SweepParameter> parameters;
  Design design = Design::Sobol;
  std::uint64_t points = 0;  // as written; for sobol the N base rows
  std::uint64_t paths = 0;
  std::uint64_t seed = 1;
  bool common_random_numbers = true;
  std::string yaml;  // the sweep file's text
};

// Reads and checks a sweep file; errors are ConfigError at FILE:LINE:COLUMN.
SweepSpec load_sweep(const std::string& path);

// The parameter values of every point (points x parameters).
DesignMatrix sweep_design(const SweepSpec& spec);

struct SweepResult {
  DesignMatrix design;
  std::vector<std::string> target_ids;
  // [point][target]
  std::vector<std::vector<double>> p_meet, p_meet_se, median;
  bool has_sobol = false;
  std::vector<SobolIndices> sobol_p_meet;  // per target, sobol designs only
  std::vector<SobolIndices> sobol_median;
};

// Builds every point's scenario first (a value the scenario rejects is a ConfigError at the sweep
// file's parameter), then runs them one after another, each with `threads` threads.
SweepResult run_sweep(const SweepSpec& spec, int threads, const std::atomic<bool>* cancel);

// Writes the sweep to `path` (via a temporary file and a rename) for xarray's h5netcdf engine.
void write_sweep_file(const std::string& path, const SweepSpec& spec, const SweepResult& result);

}  // namespace regiosim
