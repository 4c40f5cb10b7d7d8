#pragma once
// A limit of 5 s of CPU time per unit, and the slowest unit's CPU time, printed at exit.
//
// libFuzzer's -timeout counts wall-clock time, so on a shared machine (a long run under nice while
// others build) a unit that needs 0.5 s of CPU can take 5 s. The CPU time of the thread that runs
// the unit is what an input costs: past the limit the unit aborts, which libFuzzer records as a
// crash with its input. scripts/fuzz.sh keeps -timeout as a backstop for hangs. The clock itself is
// not instrumented for coverage: a branch on the time taken would make each run's coverage differ.

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace regiosim::fuzz {

constexpr long CPU_LIMIT_SECONDS = 5;

class UnitClock {
 public:
  __attribute__((no_sanitize("coverage"))) UnitClock() {
    static const timer_t timer = make_timer();
    timer_ = timer;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start_);
    itimerspec limit{};
    limit.it_value.tv_sec = CPU_LIMIT_SECONDS;
    timer_settime(timer_, 0, &limit, nullptr);
  }
  __attribute__((no_sanitize("coverage"))) ~UnitClock() {
    const itimerspec off{};
    timer_settime(timer_, 0, &off, nullptr);
    timespec end{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    const double seconds = static_cast<double>(end.tv_sec - start_.tv_sec) +
                           1e-9 * static_cast<double>(end.tv_nsec - start_.tv_nsec);
    if (seconds > slowest()) slowest() = seconds;
  }
  UnitClock(const UnitClock&) = delete;
  UnitClock& operator=(const UnitClock&) = delete;

 private:
  static double& slowest() {
    static double seconds = 0;
    return seconds;
  }

  static void on_limit(int) {
    static const char message[] = "regiosim fuzz: unit over 5 s of CPU time\n";
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
    std::abort();
  }

  // Made on the first unit, by the thread that runs every unit (libFuzzer's main thread).
  static timer_t make_timer() {
    struct sigaction action {};
    action.sa_handler = &UnitClock::on_limit;
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
    });
    return timer;
  }

  timer_t timer_{};
  timespec start_{};
};

}  // namespace regiosim::fuzz
