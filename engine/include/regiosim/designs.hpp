#pragma once
// Experimental designs on the unit cube (regiosim sweep). Each is a pure function of its arguments
// (the random ones of a seed, through the counter-based RandomStream), so a sweep is reproducible
// from its file alone.

#include <cstdint>
#include <vector>

namespace regiosim {

// A design: points[i][k] is coordinate (parameter) k of point i.
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
// Morris (1991) elementary-effect trajectories on the grid {0, 1/(p-1), .., 1} of p = `levels`
// (even) levels: `trajectories` blocks of d + 1 rows. Within a block, each row differs from the one
// before in a single coordinate, by +-delta with delta = p / (2 (p - 1)), and every coordinate
// moves exactly once. Each block's start (every level equally likely; coordinates starting in the
// lower half of the grid step up, the others down) and order of coordinates are drawn from the
// stream keyed by `seed` and the block.
DesignMatrix morris_design(std::uint64_t trajectories, int dimensions, int levels,
                           std::uint64_t seed);

}  // namespace regiosim
