#include "model/elementary.hpp"

// GCC warns (at the end of the file) that elementary.hpp's F64x4 kernels would pass 32-byte vectors
// by value without AVX; they are always inlined into the AVX2 functions here, so no call does.
#pragma GCC diagnostic ignored "-Wpsabi"

#include "simd_kernel.hpp"

namespace regiosim::elementary {

namespace {

void exp_baseline(const double* in, double* out, std::size_t n) {
  detail::apply<detail::Exp, F64x2>(in, out, n);
}

void log_baseline(const double* in, double* out, std::size_t n) {
  detail::apply<detail::Log, F64x2>(in, out, n);
}

// Four lanes in AVX2, where the CPU has it (simd_kernel.hpp): the kernels inline here and are
// compiled for AVX2 (without FMA), so each value is the baseline's, bit for bit.
#if defined(__x86_64__) || defined(__i386__)
#define REGIOSIM_HAVE_AVX2_KERNEL 1
[[gnu::target("avx2")]] void exp_avx2(const double* in, double* out, std::size_t n) {
  detail::apply<detail::Exp, F64x4>(in, out, n);
}

[[gnu::target("avx2")]] void log_avx2(const double* in, double* out, std::size_t n) {
  detail::apply<detail::Log, F64x4>(in, out, n);
}
#endif

}  // namespace

void exp(const double* in, double* out, std::size_t n) {
#if defined(REGIOSIM_HAVE_AVX2_KERNEL)
  if (use_avx2()) return exp_avx2(in, out, n);
#endif
  exp_baseline(in, out, n);
}

void log(const double* in, double* out, std::size_t n) {
#if defined(REGIOSIM_HAVE_AVX2_KERNEL)
  if (use_avx2()) return log_avx2(in, out, n);
#endif
  log_baseline(in, out, n);
}

}  // namespace regiosim::elementary
