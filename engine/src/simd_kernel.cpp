#include "simd_kernel.hpp"

namespace regiosim {

namespace {

SimdKernel forced = SimdKernel::Automatic;

bool cpu_has_avx2() {
#if defined(__x86_64__) || defined(__i386__)
  static const bool has = __builtin_cpu_supports("avx2") != 0;
  return has;
#else
  return false;
#endif
}

}  // namespace

bool use_avx2() {
  if (forced != SimdKernel::Automatic) return forced == SimdKernel::Avx2;
  return cpu_has_avx2();
}

void force_simd_kernel(SimdKernel kernel) {
  forced = kernel;
}

bool simd_kernel_available(SimdKernel kernel) {
  return kernel != SimdKernel::Avx2 || cpu_has_avx2();
}

}  // namespace regiosim
