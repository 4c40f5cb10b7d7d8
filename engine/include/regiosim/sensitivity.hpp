#pragma once
// Global sensitivity indices of a model output over a design (designs.hpp): Sobol indices on a
// Saltelli design, Morris elementary-effect statistics on Morris trajectories.

#include <cstdint>
#include <vector>

#include "regiosim/designs.hpp"

namespace regiosim {

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

// Morris statistics of the elementary effects EE = (y' - y) / (x'_k - x_k) of each coordinate k,
// with x on the unit cube, so an effect is the output's change per whole range of the parameter:
// mu_star = mean |EE| (Campolongo et al. 2007, the ranking measure), mu = mean EE, sigma = standard
// deviation of EE (r - 1 denominator; NaN with one trajectory: interactions or non-linearity).
struct MorrisIndices {
  std::vector<double> mu_star, mu, sigma;
};
// `unit_design` is morris_design's output (trajectories of d + 1 rows); y in its row order.
MorrisIndices morris_indices(const DesignMatrix& unit_design, const std::vector<double>& y,
                             int dimensions);

}  // namespace regiosim
