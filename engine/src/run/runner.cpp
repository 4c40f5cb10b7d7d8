#include "regiosim/runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <iterator>
#include <memory>
#include <mutex>
#include <thread>

#include "model/elementary.hpp"
#include "regiosim/error.hpp"
#include "regiosim/path_simulator.hpp"

#ifdef REGIOSIM_HAVE_OPENMP
#include <omp.h>
#endif

namespace regiosim {

namespace {

int this_thread() {
#ifdef REGIOSIM_HAVE_OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

// Rates (inflation) can be negative; the sketch works on exp(rate) (our exp and log,
// elementary.hpp, the same on every machine), and the quantile is mapped back.
bool is_rate(Var var) {
  return info(var).quantity == Quantity::Rate;
}

// One sketch per (variable, year[, sector]) series, in VARIABLES order; with `all` false only for
// the variables without sector or satellite extent (RunOptions::sector_quantiles).
class SeriesSketches {
 public:
  SeriesSketches(const TrajectoryBatch& anchors, bool all) {
    const int years = anchors.years();
    for (const VarInfo& v : VARIABLES) {
      offset_[static_cast<std::size_t>(v.var)] = sketches_.size();
      sketched_[static_cast<std::size_t>(v.var)] = all || v.extent == Extent::None;
      if (!sketched_[static_cast<std::size_t>(v.var)]) continue;
      const std::size_t width = extent_width(v.extent, anchors.sectors(), anchors.satellites());
      const double* base = anchors.path_data(v.var, 0);
      for (int t = 0; t < years; ++t) {
        for (std::size_t j = 0; j < width; ++j) {
          const double anchor = is_rate(v.var) ? 1.0 : std::fabs(base[j]);  // base-year value
          sketches_.emplace_back(anchor);
        }
      }
    }
  }

  // One series at a time over all paths of the batch: the sketch's window stays in registers, and
  // the next series reads the same cache lines of the batch, still in L1.
  void add(const TrajectoryBatch& batch) {
    const std::size_t paths = batch.path_count();
    for (const VarInfo& v : VARIABLES) {
      if (!sketched_[static_cast<std::size_t>(v.var)]) continue;
      const std::size_t per_path = batch.values_per_path(v.var);
      QuantileSketch* series = &sketches_[offset_[static_cast<std::size_t>(v.var)]];
      const double* values = batch.data(v.var);
      for (std::size_t i = 0; i < per_path; ++i) {
        if (is_rate(v.var)) {
          rates_.resize(paths);
          for (std::size_t p = 0; p < paths; ++p)
            rates_[p] = values[p * per_path + i];
          elementary::exp(rates_.data(), rates_.data(), paths);
          series[i].add(rates_.data(), paths, 1);
        } else {
          series[i].add(values + i, paths, per_path);
        }
      }
    }
  }

  void merge(const SeriesSketches& other) {
    for (std::size_t i = 0; i < sketches_.size(); ++i)
      sketches_[i].merge(other.sketches_[i]);
  }

  QuantileTable table(int years, int sectors, int satellites) const {
    QuantileTable table;
    table.years = years;
    table.sectors = sectors;
    table.satellites = satellites;
    table.values.resize(VAR_COUNT);
    for (const VarInfo& v : VARIABLES) {
      if (!sketched_[static_cast<std::size_t>(v.var)]) continue;  // left empty
      const std::size_t width =
          static_cast<std::size_t>(years) * extent_width(v.extent, sectors, satellites);
      const QuantileSketch* series = &sketches_[offset_[static_cast<std::size_t>(v.var)]];
      auto& out = table.values[static_cast<std::size_t>(v.var)];
      out.resize(QuantileTable::COUNT * width);
      double x[QuantileTable::COUNT];
      for (std::size_t i = 0; i < width; ++i) {
        series[i].quantiles(QuantileTable::QUANTILES, std::size(x), x);
        for (std::size_t q = 0; q < std::size(x); ++q)
          out[q * width + i] = is_rate(v.var) ? elementary::log(x[q]) : x[q];
      }
    }
    return table;
  }

 private:
  std::vector<QuantileSketch> sketches_;
  std::size_t offset_[VAR_COUNT] = {};
  bool sketched_[VAR_COUNT] = {};
  std::vector<double> rates_;  // exp(rate) of one series over a batch
};

// Trajectory buffers shared by the simulating threads and the writer thread. A full pool makes
// simulating threads wait for the writer: memory stays bounded by the pool, whatever the path
// count.
class BatchPipeline {
 public:
  BatchPipeline(std::size_t buffers, std::size_t batch_size, int years, int sectors, int satellites,
                TrajectorySink* sink)
      : sink_(sink) {
    for (std::size_t i = 0; i < buffers; ++i) {
      storage_.push_back(std::make_unique<TrajectoryBatch>(batch_size, years, sectors, satellites));
      free_.push_back(storage_.back().get());
    }
    if (sink_ != nullptr) writer_ = std::thread([this] { write_loop(); });
  }

  ~BatchPipeline() { close(); }

  TrajectoryBatch* acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    free_ready_.wait(lock, [this] { return !free_.empty(); });
    TrajectoryBatch* batch = free_.back();
    free_.pop_back();
    return batch;
  }

  // Hands a filled batch to the writer (or straight back to the pool without a sink).
  void submit(TrajectoryBatch* batch) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (sink_ != nullptr && !failed_) {
      queue_.push_back(batch);
      queue_ready_.notify_one();
    } else {
      free_.push_back(batch);
      free_ready_.notify_one();
    }
  }

  void release(TrajectoryBatch* batch) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(batch);
    free_ready_.notify_one();
  }

  // Waits for the writer to drain the queue; rethrows its error.
  void close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
      queue_ready_.notify_one();
    }
    if (writer_.joinable()) writer_.join();
  }

  std::exception_ptr error() const { return error_; }
  bool failed() {
    std::lock_guard<std::mutex> lock(mutex_);
    return failed_;
  }

 private:
  void write_loop() {
    for (;;) {
      TrajectoryBatch* batch = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        queue_ready_.wait(lock, [this] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        batch = queue_.front();
        queue_.pop_front();
      }
      try {
        if (!failed()) sink_->write(*batch);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!failed_) error_ = std::current_exception();
        failed_ = true;
      }
      release(batch);
    }
  }

  TrajectorySink* sink_;
  std::vector<std::unique_ptr<TrajectoryBatch>> storage_;
  std::vector<TrajectoryBatch*> free_;
  std::deque<TrajectoryBatch*> queue_;
  std::mutex mutex_;
  std::condition_variable free_ready_;
  std::condition_variable queue_ready_;
  bool closing_ = false;
  bool failed_ = false;
  std::exception_ptr error_;
  std::thread writer_;
};

// The first error in batch order wins, so the reported error does not depend on thread timing.
class FirstError {
 public:
  void record(std::size_t batch, std::exception_ptr error) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_ || batch < batch_) {
      error_ = std::move(error);
      batch_ = batch;
    }
    set_ = true;
  }
  bool set() const { return set_.load(std::memory_order_relaxed); }
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr error_;
  std::size_t batch_ = 0;
  std::atomic<bool> set_{false};
};

}  // namespace

int effective_threads(int requested) {
#ifdef REGIOSIM_HAVE_OPENMP
  return requested > 0 ? requested : omp_get_max_threads();
#else
  (void)requested;
  return 1;  // built without OpenMP: one thread, whatever was asked, and reported as such
#endif
}

namespace {

// The parameter sets' models, built once per set (MODEL.md section 12), in set order.
std::vector<std::unique_ptr<const Model>> parameter_set_models(
    const ScenarioSpec& spec, const RunOptions& options, std::vector<std::vector<double>>& values) {
  if (spec.priors.empty())
    throw UsageError("parameter sets need at least one prior in the scenario");
  if (options.parameter_sets < 2 || options.paths < 2) {
    throw UsageError(
        "parameter sets need at least 2 sets of at least 2 paths (for the variance split)");
  }
  std::vector<std::unique_ptr<const Model>> models;
  for (std::uint64_t k = 0; k < options.parameter_sets; ++k) {
    values.push_back(draw_parameters(spec, options.seed, k));
    models.push_back(std::make_unique<const Model>(with_parameters(spec, values.back())));
  }
  return models;
}

}  // namespace

RunResult run(const Model& model, const RunOptions& options, TrajectorySink* sink,
              const std::atomic<bool>* cancel, const ProgressCallback& progress) {
  if (options.paths == 0) throw UsageError("the number of paths must be at least 1");
  const std::uint64_t sets = options.parameter_sets;
  if (options.paths > 0xFFFFFFFFull || sets > 0xFFFFFFFFull ||
      (sets > 0 && options.paths > 0xFFFFFFFFull / sets))
    throw UsageError("at most 4294967295 paths (the random stream counter holds 32 bits)");
  const std::uint64_t per_set = options.paths;
  const std::uint64_t total = sets > 0 ? sets * per_set : per_set;
  if (options.batch_size == 0) throw UsageError("the batch size must be at least 1");
  if (options.threads < 0) throw UsageError("the thread count must be >= 0 (0: all available)");
  const auto start = std::chrono::steady_clock::now();
  const ScenarioSpec& spec = model.spec();
  const int years = model.years();
  const int sectors = model.sectors();
  const int satellites = model.satellites();
  const int threads = effective_threads(options.threads);
  const std::size_t batch_size =
      static_cast<std::size_t>(std::min<std::uint64_t>(options.batch_size, total));
  const std::size_t batches = static_cast<std::size_t>((total + batch_size - 1) / batch_size);
  const auto paths = static_cast<std::size_t>(total);
  std::vector<std::vector<double>> parameter_values;
  const std::vector<std::unique_ptr<const Model>> drawn =
      sets > 0 ? parameter_set_models(spec, options, parameter_values)
               : std::vector<std::unique_ptr<const Model>>{};
  std::vector<const Model*> models;
  for (const auto& m : drawn)
    models.push_back(m.get());
  if (models.empty()) models.push_back(&model);

  std::vector<IndicatorRef> indicators;
  for (const TargetSpec& target : spec.targets)
    indicators.push_back(indicator_ref(target, satellites));
  // Per-path values only when kept; the scorecard itself streams (MODEL.md section 9).
  const bool keep = options.keep_target_values || sets > 0;
  std::vector<double> target_values(keep ? spec.targets.size() * paths : 0);
  std::vector<ScorecardAccumulator> cards(
      static_cast<std::size_t>(threads),
      ScorecardAccumulator(spec.targets, true, spec.base_year, years));
  // J4: per thread and target, the paths meeting it on GDP measured without revisions.
  const bool revisions = spec.shocks.revision.enabled;
  std::vector<std::vector<std::uint64_t>> met_unrevised(
      static_cast<std::size_t>(threads), std::vector<std::uint64_t>(spec.targets.size(), 0));

  // Base-year values anchor the quantile sketches; they are the same on every path.
  TrajectoryBatch anchor(1, years, sectors, satellites);
  anchor.reset(0, 1);
  PathSimulator(model).simulate(options.seed, options.design_point, 0, anchor, 0);
  std::vector<SeriesSketches> sketches(static_cast<std::size_t>(threads),
                                       SeriesSketches(anchor, options.sector_quantiles));

  BatchPipeline pipeline(
      sink != nullptr ? 2 * static_cast<std::size_t>(threads) : static_cast<std::size_t>(threads),
      batch_size, years, sectors, satellites, sink);
  FirstError first_error;
  std::atomic<std::uint64_t> done{0};
  auto last_report = std::chrono::steady_clock::now();

#ifdef REGIOSIM_HAVE_OPENMP
#pragma omp parallel num_threads(threads)
#endif
  {
    // One simulator per parameter set this thread meets, made when first needed.
    std::vector<std::unique_ptr<PathSimulator>> simulators(models.size());
    SeriesSketches& own = sketches[static_cast<std::size_t>(this_thread())];
    ScorecardAccumulator& card = cards[static_cast<std::size_t>(this_thread())];
    // One path's target values and first-passage indices (MODEL.md section 9).
    std::vector<double> values(indicators.size());
    std::vector<std::uint16_t> passage(indicators.size(), 0);
    std::vector<double> unrevised(static_cast<std::size_t>(years));
    std::vector<std::uint64_t>& own_unrevised =
        met_unrevised[static_cast<std::size_t>(this_thread())];
#ifdef REGIOSIM_HAVE_OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
    for (std::size_t b = 0; b < batches; ++b) {
      if (first_error.set() || pipeline.failed()) continue;
      if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
        first_error.record(0, std::make_exception_ptr(Interrupted()));
        continue;
      }
      TrajectoryBatch* batch = pipeline.acquire();
      const std::uint64_t first = static_cast<std::uint64_t>(b) * batch_size;
      // Counted here: once submitted, the batch belongs to the writer, and another thread may
      // reset it (ThreadSanitizer found the read of path_count() after submit racing with that).
      const std::size_t count =
          static_cast<std::size_t>(std::min<std::uint64_t>(batch_size, total - first));
      try {
        batch->reset(first, count);
        for (std::size_t p = 0; p < count; ++p) {
          const std::size_t set = sets > 0 ? static_cast<std::size_t>((first + p) / per_set) : 0;
          if (!simulators[set]) simulators[set] = std::make_unique<PathSimulator>(*models[set]);
          simulators[set]->simulate(options.seed, options.design_point, first + p, *batch, p);
          for (std::size_t k = 0; k < indicators.size(); ++k) {
            const IndicatorRef& ref = indicators[k];
            const double* indicator = batch->path_data(ref.var, p) + ref.column;
            values[k] = target_value(spec.targets[k], indicator, spec.base_year, ref.stride);
            if (keep) target_values[k * paths + first + p] = values[k];
            if (has_first_passage(spec.targets[k]))
              passage[k] = first_passage_index(spec.targets[k], indicator, years, ref.stride);
            if (revisions && revised_indicator(spec.targets[k])) {
              const double* factor = batch->path_data(Var::RevisionFactor, p);
              for (int t = 0; t < years; ++t)
                unrevised[static_cast<std::size_t>(t)] = indicator[t * ref.stride] / factor[t];
              own_unrevised[k] +=
                  meets(spec.targets[k],
                        target_value(spec.targets[k], unrevised.data(), spec.base_year))
                      ? 1
                      : 0;
            }
          }
          card.add_path(values.data(), passage.data());
        }
        own.add(*batch);
        pipeline.submit(batch);
      } catch (...) {
        pipeline.release(batch);
        first_error.record(b, std::current_exception());
        continue;
      }
      const std::uint64_t now_done = done.fetch_add(count) + count;
      if (progress && this_thread() == 0) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last_report > std::chrono::milliseconds(100)) {
          last_report = now;
          progress(now_done, total);
        }
      }
    }
  }
  pipeline.close();
  first_error.rethrow();
  if (pipeline.error()) std::rethrow_exception(pipeline.error());
  if (progress) progress(done.load(), total);

  for (std::size_t i = 1; i < sketches.size(); ++i) {
    sketches[0].merge(sketches[i]);
    cards[0].merge(cards[i]);
  }
  RunResult result;
  result.quantiles = sketches[0].table(years, sectors, satellites);
  result.scorecard = cards[0].scorecard();
  for (std::size_t k = 0; revisions && k < spec.targets.size(); ++k) {
    if (!revised_indicator(spec.targets[k])) continue;
    std::uint64_t met = 0;
    for (const std::vector<std::uint64_t>& counts : met_unrevised)
      met += counts[k];
    result.scorecard.targets[k].p_meet_unrevised =
        static_cast<double>(met) / static_cast<double>(total);
  }
  if (keep) exact_quantiles(result.scorecard, target_values, total);
  if (sets > 0) {
    for (std::size_t k = 0; k < spec.targets.size(); ++k)
      result.scorecard.targets[k].variance =
          split_variance(target_values.data() + k * paths, sets, per_set);
  }
  result.paths = total;
  result.parameter_sets = sets;
  result.parameter_values = std::move(parameter_values);
  result.target_values = std::move(target_values);
  result.threads = threads;
  result.elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.path_years_per_s =
      static_cast<double>(total) * (years - 1) / std::max(result.elapsed_s, 1e-9);
  return result;
}

}  // namespace regiosim
