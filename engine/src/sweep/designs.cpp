// Sweep designs: Sobol (Joe and Kuo direction numbers), Latin hypercube, uniform, full factorial,
// the Saltelli design built from a Sobol sequence, and Morris trajectories.
#include "regiosim/designs.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <stdexcept>

#include "regiosim/random_stream.hpp"
#include "regiosim/sweep.hpp"

namespace regiosim {

const char* to_string(Design design) {
  switch (design) {
    case Design::Grid:
      return "grid";
    case Design::Lhs:
      return "lhs";
    case Design::Sobol:
      return "sobol";
    case Design::Morris:
      return "morris";
    case Design::Mc:
      return "mc";
  }
  return "?";
}

namespace {

constexpr int BITS = 32;

// Dimensions 2..21 of S. Joe and F. Y. Kuo, "new-joe-kuo-6.21201" (https://web.maths.unsw.edu.au/
// ~fkuo/sobol/): degree s of the primitive polynomial, its coefficients a and the initial direction
// numbers m_1..m_s. Dimension 1 is van der Corput's sequence (all m_k = 1), which needs no entry.
struct Primitive {
  int s;
  std::uint32_t a;
  std::array<std::uint32_t, 7> m;
};
constexpr Primitive JOE_KUO[] = {
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
};

// Direction numbers v_k = m_k 2^(32 - k), k = 1..32, of one dimension (Bratley and Fox's
// recurrence m_k = 2 a_1 m_{k-1} ^ 4 a_2 m_{k-2} ^ ... ^ 2^s m_{k-s} ^ m_{k-s}).
std::array<std::uint32_t, BITS> direction_numbers(int dimension) {
  std::array<std::uint32_t, BITS> v{};
  if (dimension == 0) {
    for (int k = 0; k < BITS; ++k)
      v[static_cast<std::size_t>(k)] = 1u << (BITS - 1 - k);
    return v;
  }
  const Primitive& p = JOE_KUO[dimension - 1];
  std::array<std::uint32_t, BITS> m{};
  for (int k = 0; k < BITS; ++k) {
    if (k < p.s) {
      m[static_cast<std::size_t>(k)] = p.m[static_cast<std::size_t>(k)];
      continue;
    }
    std::uint32_t value =
        m[static_cast<std::size_t>(k - p.s)] ^ (m[static_cast<std::size_t>(k - p.s)] << p.s);
    for (int j = 1; j < p.s; ++j) {
      if (((p.a >> (p.s - 1 - j)) & 1u) != 0) value ^= m[static_cast<std::size_t>(k - j)] << j;
    }
    m[static_cast<std::size_t>(k)] = value;
  }
  for (int k = 0; k < BITS; ++k)
    v[static_cast<std::size_t>(k)] = m[static_cast<std::size_t>(k)] << (BITS - 1 - k);
  return v;
}

void check_dimensions(int dimensions) {
  if (dimensions < 1) throw std::invalid_argument("a design needs at least one dimension");
}

}  // namespace

int sobol_max_dimensions() {
  return static_cast<int>(std::size(JOE_KUO)) + 1;
}

DesignMatrix sobol_points(std::uint64_t n, int dimensions) {
  check_dimensions(dimensions);
  if (dimensions > sobol_max_dimensions())
    throw std::invalid_argument("Sobol points in more dimensions than the direction numbers give");
  if (n >= (std::uint64_t{1} << BITS))
    throw std::invalid_argument("more Sobol points than 32-bit direction numbers give");
  DesignMatrix points(n, std::vector<double>(static_cast<std::size_t>(dimensions)));
  for (int d = 0; d < dimensions; ++d) {
    const std::array<std::uint32_t, BITS> v = direction_numbers(d);
    for (std::uint64_t i = 0; i < n; ++i) {
      // Point i + 1 in Gray-code order is the XOR of the direction numbers of gray(i + 1)'s bits.
      const std::uint64_t gray = (i + 1) ^ ((i + 1) >> 1);
      std::uint32_t x = 0;
      for (int k = 0; k < BITS; ++k) {
        if (((gray >> k) & 1u) != 0) x ^= v[static_cast<std::size_t>(k)];
      }
      points[i][static_cast<std::size_t>(d)] = static_cast<double>(x) * 0x1p-32;
    }
  }
  return points;
}

DesignMatrix latin_hypercube(std::uint64_t n, int dimensions, std::uint64_t seed) {
  check_dimensions(dimensions);
  DesignMatrix points(n, std::vector<double>(static_cast<std::size_t>(dimensions)));
  for (int d = 0; d < dimensions; ++d) {
    const RandomStream stream(seed, static_cast<std::uint64_t>(d));
    std::vector<std::uint64_t> stratum(n);
    std::iota(stratum.begin(), stratum.end(), std::uint64_t{0});
    // Fisher-Yates with draws 0..n-2; the offsets within strata are draws n..2n-1.
    for (std::uint64_t i = n; i > 1; --i) {
      const double u = stream.uniform(Stream::SweepDesign, n - i);
      const auto j = static_cast<std::uint64_t>(u * static_cast<double>(i));
      std::swap(stratum[i - 1], stratum[j < i ? j : i - 1]);
    }
    for (std::uint64_t i = 0; i < n; ++i) {
      const double offset = stream.uniform(Stream::SweepDesign, n + i);
      points[i][static_cast<std::size_t>(d)] =
          (static_cast<double>(stratum[i]) + offset) / static_cast<double>(n);
    }
  }
  return points;
}

DesignMatrix uniform_points(std::uint64_t n, int dimensions, std::uint64_t seed) {
  check_dimensions(dimensions);
  DesignMatrix points(n, std::vector<double>(static_cast<std::size_t>(dimensions)));
  for (std::uint64_t i = 0; i < n; ++i) {
    const RandomStream stream(seed, i);
    for (int d = 0; d < dimensions; ++d)
      points[i][static_cast<std::size_t>(d)] =
          stream.uniform(Stream::SweepDesign, static_cast<std::uint64_t>(d));
  }
  return points;
}

DesignMatrix full_factorial(const std::vector<std::vector<double>>& levels) {
  check_dimensions(static_cast<int>(levels.size()));
  std::uint64_t n = 1;
  for (const std::vector<double>& l : levels)
    n *= l.size();
  DesignMatrix points(n, std::vector<double>(levels.size()));
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t rest = i;
    for (std::size_t k = levels.size(); k-- > 0;) {
      points[i][k] = levels[k][rest % levels[k].size()];
      rest /= levels[k].size();
    }
  }
  return points;
}

DesignMatrix saltelli_design(std::uint64_t base_rows, int dimensions) {
  const DesignMatrix sobol = sobol_points(base_rows, 2 * dimensions);
  const auto d = static_cast<std::size_t>(dimensions);
  DesignMatrix rows;
  rows.reserve(base_rows * (d + 2));
  for (const auto& x : sobol)
    rows.emplace_back(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(d));
  for (const auto& x : sobol)
    rows.emplace_back(x.begin() + static_cast<std::ptrdiff_t>(d), x.end());
  for (std::size_t i = 0; i < d; ++i) {
    for (std::uint64_t j = 0; j < base_rows; ++j) {
      std::vector<double> row = rows[j];
      row[i] = rows[base_rows + j][i];
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

DesignMatrix morris_design(std::uint64_t trajectories, int dimensions, int levels,
                           std::uint64_t seed) {
  check_dimensions(dimensions);
  if (levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("a Morris design needs an even number of levels >= 2");
  const auto d = static_cast<std::size_t>(dimensions);
  const int jump = levels / 2;  // delta = jump / (p - 1) = p / (2 (p - 1))
  DesignMatrix rows;
  rows.reserve(trajectories * (d + 1));
  for (std::uint64_t t = 0; t < trajectories; ++t) {
    const RandomStream stream(seed, t);
    // Draws 0..d-1: the start levels; d..2d-2: the Fisher-Yates shuffle of the coordinate order.
    std::vector<int> level(d);
    for (std::size_t k = 0; k < d; ++k) {
      const double u = stream.uniform(Stream::SweepDesign, k);
      level[k] = std::min(static_cast<int>(u * levels), levels - 1);
    }
    std::vector<std::size_t> order(d);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = d; i > 1; --i) {
      const double u = stream.uniform(Stream::SweepDesign, d + (d - i));
      const auto j = std::min(static_cast<std::size_t>(u * static_cast<double>(i)), i - 1);
      std::swap(order[i - 1], order[j]);
    }
    auto point = [&] {
      std::vector<double> x(d);
      for (std::size_t k = 0; k < d; ++k)
        x[k] = static_cast<double>(level[k]) / (levels - 1);
      return x;
    };
    rows.push_back(point());
    for (std::size_t k : order) {
      // From the lower half of the grid up, from the upper half down: every level stays on it.
      level[k] += level[k] < jump ? jump : -jump;
      rows.push_back(point());
    }
  }
  return rows;
}

}  // namespace regiosim
