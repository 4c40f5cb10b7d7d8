#pragma once
// Counter-based random numbers (ARCHITECTURE.md convention 5): Random123's Philox4x32-10, keyed by
// the master seed; the counter is (draw index / 2, stream id, path, design point). Every number is
// a pure function of (seed, design point, path, stream, draw index), so path k gets the same
// numbers for any thread count, batch size or total number of paths, and a new shock family with a
// new stream id leaves the draws of the existing ones bit-identical. Normals come from our own
// Box-Muller transform (never std::normal_distribution, whose algorithm differs between standard
// libraries), with our own logarithm and sine/cosine (fdlibm's polynomials, within 2 ulp), so
// neither do they depend on the platform's libm.

#include <cstddef>
#include <cstdint>

namespace regiosim {

// Stream ids: one per shock family. Never renumber; add new ones at the end.
enum class Stream : std::uint32_t {
  RegionalFactor = 1,     // f_t (M1)
  GroupFactor = 2,        // h_{g,t} (M1)
  SectorShock = 3,        // e_{j,t} (M1)
  Investment = 4,         // eps_{b,t} (M2)
  InvestmentPrice = 5,    // P^I noise (M3)
  Inflation = 6,          // eps_{pi,t} (M8)
  SectorPrice = 7,        // eta_{j,t} (M8)
  Migration = 8,          // eps_{m,t} (M9)
  Income = 9,             // eps_{y,t} (M10)
  Retail = 10,            // M11
  Revenue = 11,           // nu_t (M12)
  TouristVisits = 12,     // visits innovation (M11)
  RdIntensity = 13,       // R&D intensity innovation (M13)
  StudentMixing = 14,     // chi-square mixing of Student-t innovations (M1)
  PandemicOnset = 15,     // J1 onset uniform, one per year
  PandemicSeverity = 16,  // J1 severity uniform, one per year
  BustRegime = 17,        // J2 regime uniform, one per year
  BustDrop = 18,          // J2 size of the FAI fall, one normal per year
  ProjectArrivals = 19,   // J3 Poisson uniform per (year, sector)
  ProjectSize = 20,       // J3 Pareto uniforms per (year, sector, project)
  NamedProjects = 21,     // J3 completion uniform per named project
  ParameterDraw = 22,     // prior draws of a parameter set (path = set), one per prior
  SweepDesign = 23,       // LHS and mc sweep designs (path = dimension or point)
  SweepBootstrap = 24,    // bootstrap resamples of Sobol indices (path = resample)
  RevisionOnset = 25,     // J4 revision uniform, one per year (years outside the census list)
  RevisionSize = 26,      // J4 revision size, one normal per year
};

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t path, std::uint32_t design_point = 0);

  // The standard normal number at draw `index` of `stream`.
  double normal(Stream stream, std::uint64_t index) const;
  // out[k] = normal(stream, first + k) for k < n, generating each Box-Muller pair once.
  void normals(Stream stream, std::uint64_t first, double* out, std::size_t n) const;
  // A run of normals: out[k] = normal(stream, first + k) for k < count.
  struct Draws {
    Stream stream;
    std::uint64_t first;
    std::size_t count;
    double* out;
  };
  // Every run of `draws` at once, with the same numbers as one at a time. A path-year takes a few
  // normals from each of many streams; pooling them fills the Philox blocks that normals()
  // generates side by side (two or four at a time, SSE2 or AVX2), where single draws would leave
  // most lanes idle.
  void normals(const Draws* draws, std::size_t runs) const;
  // A uniform number on the open interval (0, 1) with 53 random bits, at draw `index`.
  double uniform(Stream stream, std::uint64_t index) const;
  // Every run of `draws` as uniforms: out[k] = uniform(stream, first + k), blocks shared as above.
  void uniforms(const Draws* draws, std::size_t runs) const;

 private:
  std::uint32_t key_[2];
  std::uint32_t path_lo_;
  std::uint32_t design_point_;
};

}  // namespace regiosim
