// Parameter uncertainty (issue item 4): P parameter sets drawn from priors, S paths each, and the
// variance of each target's value split into parameters and shocks (scorecard.hpp VarianceSplit).
#include <catch2/catch.hpp>
#include <cmath>

#include "regiosim/error.hpp"
#include "regiosim/model.hpp"
#include "regiosim/random_stream.hpp"
#include "regiosim/runner.hpp"
#include "regiosim/scenario.hpp"
#include "scenario/prior.hpp"

using namespace regiosim;

namespace {

const char* TINY = REGIOSIM_SOURCE_DIR "/tests/scenarios/tiny.yaml";

RunResult run_sets(const std::vector<std::string>& overrides, std::uint64_t sets,
                   std::uint64_t per_set, std::uint64_t seed = 7, int threads = 2,
                   std::size_t batch = 16) {
  const Model model(load_scenario(TINY, overrides));
  RunOptions options;
  options.paths = per_set;
  options.parameter_sets = sets;
  options.seed = seed;
  options.threads = threads;
  options.batch_size = batch;
  return run(model, options, nullptr);
}

}  // namespace

TEST_CASE("split_variance by hand", "[unit][variance]") {
  // Two sets of two paths: {1, 3} and {5, 7}. Within: (2 + 2) / 2 = 2. Set means 2 and 6: sample
  // variance 8, minus within / S = 1 -> between 7. Shares 7/9 and 2/9.
  const std::vector<double> values = {1, 3, 5, 7};
  const VarianceSplit split = split_variance(values.data(), 2, 2);
  CHECK(split.within == 2);
  CHECK(split.between == 7);
  CHECK(split.parameters == Approx(7.0 / 9.0).epsilon(1e-15));
  CHECK(split.shocks == Approx(2.0 / 9.0).epsilon(1e-15));
  // Set means closer than the within-set noise allows: the unbiased between is negative, clamped.
  const std::vector<double> noisy = {0, 10, 1, 9};
  CHECK(split_variance(noisy.data(), 2, 2).between == 0);
  CHECK(split_variance(noisy.data(), 2, 2).parameters == 0);
}

TEST_CASE("the split accounts for the whole sample variance (one-way ANOVA)", "[unit][variance]") {
  // Before clamping, (P S - 1) T = S (P - 1) (between + within / S) + P (S - 1) within, with T the
  // sample variance of all P x S values: total sum of squares = between-set + within-set. So
  // T = within + between * S (P - 1) / (P S - 1), exactly up to rounding.
  const std::uint64_t sets = 7, per_set = 5;
  std::vector<double> values;
  for (int k = 0; k < 7; ++k) {
    for (int s = 0; s < 5; ++s)
      values.push_back(std::sin(1.7 * k) * 3 + std::cos(2.3 * s + k));
  }
  const VarianceSplit split = split_variance(values.data(), sets, per_set);
  REQUIRE(split.between > 0);  // not clamped, so the identity applies
  double mean = 0;
  for (double v : values)
    mean += v;
  mean /= static_cast<double>(values.size());
  double total = 0;
  for (double v : values)
    total += (v - mean) * (v - mean);
  total /= static_cast<double>(values.size() - 1);
  const double n = static_cast<double>(sets * per_set);
  CHECK(total ==
        Approx(split.within + split.between * per_set * (sets - 1.0) / (n - 1)).epsilon(1e-13));
}

TEST_CASE("between + within is unbiased for the total variance", "[unit][variance]") {
  // One-way random effects x_ks = a_k + e_ks, Var a = 4, Var e = 1: total variance 5. Over R = 2000
  // replications of P = 10 sets of S = 8, the mean of between + within must be within 4 standard
  // errors (the replications' sd / sqrt(R)) of 5. Clamping at 0 could only bias it up; with these
  // variances it practically never happens (P(between < 0) is tiny), so the test also sees bias.
  const std::uint64_t sets = 10, per_set = 8, replications = 2000;
  std::vector<double> values(sets * per_set);
  double sum = 0, sum2 = 0;
  for (std::uint64_t r = 0; r < replications; ++r) {
    const RandomStream rng(4242, r);
    for (std::uint64_t k = 0; k < sets; ++k) {
      const double a = 2.0 * rng.normal(static_cast<Stream>(200), k);
      for (std::uint64_t s = 0; s < per_set; ++s) {
        values[k * per_set + s] = a + rng.normal(static_cast<Stream>(201), k * per_set + s);
      }
    }
    const double estimate = split_variance(values.data(), sets, per_set).total;
    sum += estimate;
    sum2 += estimate * estimate;
  }
  const auto r_count = static_cast<double>(replications);
  const double mean = sum / r_count;
  const double se = std::sqrt((sum2 / r_count - mean * mean) / r_count);
  CHECK(std::fabs(mean - 5.0) < 4 * se);
}

TEST_CASE("no shocks: the parameters' share is exactly 1", "[integration][variance]") {
  // tiny.yaml has every shock volatility 0, so the paths of a set are identical (within = 0).
  const RunResult r = run_sets({"sectors[0].tfp_drift={prior: uniform, lo: 0.0, hi: 0.04}"}, 8, 5);
  REQUIRE(r.paths == 40);
  REQUIRE(r.parameter_values.size() == 8);
  const VarianceSplit& split = *r.scorecard.targets.at(0).variance;
  CHECK(split.within == 0);
  CHECK(split.between > 0);
  CHECK(split.parameters == 1);
  CHECK(split.shocks == 0);
}

TEST_CASE("a parameter with no effect on the target: the parameters' share is near 0",
          "[integration][variance]") {
  // The audit's national culture share is read by the audit only, never by the model: the sets'
  // models are identical, so the P set means are iid with variance sigma^2 / S. The sample variance
  // of P iid normal means has sd (sigma^2 / S) sqrt(2 / (P - 1)); between = that - within / S has
  // about that sd (within, from P (S - 1) degrees of freedom, adds little), so the share
  // between / sigma^2 has sd ~ sqrt(2 / (P - 1)) / S. Four such sd bound it.
  const std::uint64_t sets = 20;
  const std::uint64_t per_set = 50;
  const RunResult r =
      run_sets({"sector_defaults.volatility=0.03",
                "audit.national_culture_va_share={prior: beta, alpha: 4, beta: 80}"},
               sets, per_set);
  const VarianceSplit& split = *r.scorecard.targets.at(0).variance;
  const double sd = std::sqrt(2.0 / static_cast<double>(sets - 1)) / static_cast<double>(per_set);
  CHECK(split.parameters <= 4 * sd);
  CHECK(split.shocks >= 1 - 4 * sd);
}

TEST_CASE("the shares sum to 1 and set k's draws do not depend on P", "[integration][variance]") {
  // The shares are of between + within (VarianceSplit), so they sum to 1 up to rounding: two
  // divisions of a sum by itself, within a few ulps. Shocks and a parameter both matter here.
  const std::vector<std::string> overrides = {
      "sector_defaults.volatility=0.03",
      "sectors[0].tfp_drift={prior: uniform, lo: 0.0, hi: 0.04}"};
  const RunResult r = run_sets(overrides, 12, 30);
  const VarianceSplit& split = *r.scorecard.targets.at(0).variance;
  CHECK(split.parameters > 0.05);
  CHECK(split.shocks > 0.05);
  CHECK(std::fabs(split.parameters + split.shocks - 1) <= 4 * 2.220446049250313e-16);
  // The first 5 sets' draws are the same in a run of 5 sets.
  const RunResult fewer = run_sets(overrides, 5, 30);
  for (std::size_t k = 0; k < 5; ++k)
    CHECK(fewer.parameter_values[k] == r.parameter_values[k]);
}

TEST_CASE("parameter sets need priors and at least 2 sets", "[integration][variance]") {
  CHECK_THROWS_AS(run_sets({}, 4, 5), UsageError);
  CHECK_THROWS_AS(run_sets({"sectors[0].tfp_drift={prior: uniform, lo: 0.0, hi: 0.04}"}, 1, 5),
                  UsageError);
}

TEST_CASE("a prior with a negligible tail outside the domain is truncated to it",
          "[integration][prior]") {
  // N(0.5, 0.1) on shocks.persistence, domain (-1, 1): 1 - Phi(5) = 2.8665e-7 of its mass lies
  // above 1, under the 1e-6 limit, so the prior is kept and cut at 1 (prior_reader.hpp).
  const ScenarioSpec spec =
      load_scenario(TINY, {"shocks.persistence={prior: normal, mean: 0.5, sd: 0.1}"});
  REQUIRE(spec.priors.size() == 1);
  const scenario::Prior& prior = *spec.priors[0].prior;
  CHECK(prior.u_lo < 1e-50);  // Phi(-15) below -1
  CHECK(1.0 - prior.u_hi == Approx(2.8665157187919333e-7).epsilon(1e-6));
  // The top of the kept CDF maps to (nearly) the open end, never to 1 itself.
  CHECK(scenario::prior_quantile(prior, 1.0) < 1.0);
  CHECK(scenario::prior_quantile(prior, 1.0) == Approx(1.0).margin(1e-9));
  CHECK(scenario::prior_quantile(prior, 0.5) == Approx(0.5).margin(1e-6));
  // Every drawn set loads: the values stay inside (-1, 1).
  for (std::uint64_t set = 0; set < 200; ++set)
    CHECK(draw_parameters(spec, 7, set)[0] < 1.0);
  // Twice the sd: 1 - Phi(2.5) = 0.0062 above 1 is too much to cut off.
  CHECK_THROWS_WITH(load_scenario(TINY, {"shocks.persistence={prior: normal, mean: 0.5, sd: 0.2}"}),
                    Catch::Contains("puts 0.006209665325808068 of its mass outside"));
  // A uniform prior closed at the domain's open end has no mass outside: accepted, as is.
  const ScenarioSpec edge =
      load_scenario(TINY, {"shocks.persistence={prior: uniform, lo: 0.999, hi: 1.0}"});
  CHECK(edge.priors[0].prior->u_hi == 1.0);
}
