# Warning flags for every regiosim target. -ffast-math is never used: the engine checks for NaN and
# Inf (MODEL.md section 10) and fast-math lets the compiler assume they do not exist.
add_library(regiosim_warnings INTERFACE)
target_compile_options(regiosim_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                                   -Wno-sign-conversion)
if(REGIOSIM_WERROR)
  target_compile_options(regiosim_warnings INTERFACE -Werror)
endif()
