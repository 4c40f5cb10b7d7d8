# All dependencies are Debian 12 packages (scripts/install-deps.sh installs them).
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(Boost 1.74 REQUIRED)
find_package(yaml-cpp 0.7 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(HDF5 1.10 REQUIRED COMPONENTS C HL)
find_package(Threads REQUIRED)

# Random123 is header-only and ships no CMake config.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(Random123::Random123 INTERFACE IMPORTED)
target_include_directories(Random123::Random123 INTERFACE ${RANDOM123_INCLUDE_DIR})

if(REGIOSIM_OPENMP)
  find_package(OpenMP REQUIRED COMPONENTS CXX)
endif()

# Python for the tests that open result files with xarray and for the bindings: Debian's
# interpreter, which sees Debian's python3-xarray, python3-h5netcdf and python3-pandas (a python3
# earlier on PATH may not). pybind11 (bindings/) builds for the Python3 found here.
set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python interpreter for tests and bindings")
if(REGIOSIM_BUILD_PYTHON)
  find_package(Python3 REQUIRED COMPONENTS Interpreter Development.Module)
else()
  find_package(Python3 COMPONENTS Interpreter)
endif()
