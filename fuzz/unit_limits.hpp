#pragma once
// What one unit may cost: 5 s of CPU time and 1 GiB of heap. Past either the unit aborts, which
// libFuzzer records as a crash with its input; at exit the harness prints the most any unit took.
//
// libFuzzer's own limits measure the process, not the unit: -timeout counts wall-clock time,
// which a shared machine stretches (a long run under nice while others build gets a tenth of a
// core), and -rss_limit_mb the peak RSS of a process that has run for hours, where ASan's
// quarantine, caches and stack depot grow (a run of fuzz_scenario reached 892 MB after 220,000
// units although no unit of its corpus needs more than 545 MB alone). Here the CPU time is the
// unit's thread's, and the heap is what the unit holds at most beyond what it started with: the
// bytes asked of malloc, as a release build would hold them, without ASan's redzones.
// scripts/fuzz.sh keeps libFuzzer's limits as backstops for a unit that blocks and for the process.
//
// Nothing here is instrumented for coverage: a branch on the time or memory a unit took would make
// each run's coverage differ.

#include <sanitizer/allocator_interface.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace regiosim::fuzz {

constexpr long CPU_LIMIT_SECONDS = 5;
constexpr long long HEAP_LIMIT_BYTES = 1LL << 30;

class UnitLimits {
 public:
  __attribute__((no_sanitize("coverage"))) UnitLimits() {
    static const timer_t timer = start();
    timer_ = timer;
    heap_now().store(0, std::memory_order_relaxed);
    heap_peak().store(0, std::memory_order_relaxed);
    counting().store(true, std::memory_order_relaxed);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start_);
    itimerspec limit{};
    limit.it_value.tv_sec = CPU_LIMIT_SECONDS;
    timer_settime(timer_, 0, &limit, nullptr);
  }

  __attribute__((no_sanitize("coverage"))) ~UnitLimits() {
    const itimerspec off{};
    timer_settime(timer_, 0, &off, nullptr);
    counting().store(false, std::memory_order_relaxed);
    timespec end{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    const double seconds = static_cast<double>(end.tv_sec - start_.tv_sec) +
                           1e-9 * static_cast<double>(end.tv_nsec - start_.tv_nsec);
    slowest() = seconds > slowest() ? seconds : slowest();
    const long long peak = heap_peak().load(std::memory_order_relaxed);
    largest() = peak > largest() ? peak : largest();
  }

  UnitLimits(const UnitLimits&) = delete;
  UnitLimits& operator=(const UnitLimits&) = delete;

 private:
  static double& slowest() {
    static double seconds = 0;
    return seconds;
  }
  static long long& largest() {
    static long long bytes = 0;
    return bytes;
  }
  static std::atomic<bool>& counting() {
    static std::atomic<bool> on{false};
    return on;
  }
  static std::atomic<long long>& heap_now() {
    static std::atomic<long long> bytes{0};
    return bytes;
  }
  static std::atomic<long long>& heap_peak() {
    static std::atomic<long long> bytes{0};
    return bytes;
  }

  [[noreturn]] __attribute__((no_sanitize("coverage"))) static void die(const char* message) {
    std::size_t length = 0;
    while (message[length] != '\0')
      ++length;
    (void)!write(STDERR_FILENO, message, length);
    std::abort();
  }

  // ASan calls these for every allocation, from any thread; only the unit's count.
  __attribute__((no_sanitize("coverage"))) static void on_malloc(const volatile void*,
                                                                 std::size_t size) {
    if (!counting().load(std::memory_order_relaxed)) return;
    const long long now =
        heap_now().fetch_add(static_cast<long long>(size), std::memory_order_relaxed) +
        static_cast<long long>(size);
    if (now > heap_peak().load(std::memory_order_relaxed))
      heap_peak().store(now, std::memory_order_relaxed);
    if (now > HEAP_LIMIT_BYTES) die("regiosim fuzz: unit over 1 GiB of heap\n");
  }
  __attribute__((no_sanitize("coverage"))) static void on_free(const volatile void* pointer) {
    if (!counting().load(std::memory_order_relaxed) || pointer == nullptr) return;
    heap_now().fetch_sub(static_cast<long long>(__sanitizer_get_allocated_size(pointer)),
                         std::memory_order_relaxed);
  }

  __attribute__((no_sanitize("coverage"))) static void on_cpu_limit(int) {
    die("regiosim fuzz: unit over 5 s of CPU time\n");
  }

  // On the first unit, by the thread that runs every unit (libFuzzer's main thread).
  __attribute__((no_sanitize("coverage"))) static timer_t start() {
    __sanitizer_install_malloc_and_free_hooks(&UnitLimits::on_malloc, &UnitLimits::on_free);
    struct sigaction action {};
    action.sa_handler = &UnitLimits::on_cpu_limit;
    sigaction(SIGXCPU, &action, nullptr);
    sigevent event{};
    event.sigev_notify = SIGEV_SIGNAL;
    event.sigev_signo = SIGXCPU;
    timer_t timer{};
    if (timer_create(CLOCK_THREAD_CPUTIME_ID, &event, &timer) != 0) {
      std::perror("regiosim fuzz: timer_create");
      std::abort();
    }
    std::atexit([] {
      std::fprintf(stderr, "regiosim fuzz: slowest unit %.3f s of CPU time\n", slowest());
      std::fprintf(stderr, "regiosim fuzz: largest unit %.1f MB of heap\n",
                   static_cast<double>(largest()) / (1 << 20));
    });
    return timer;
  }

  timer_t timer_{};
  timespec start_{};
};

}  // namespace regiosim::fuzz
