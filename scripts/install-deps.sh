#!/usr/bin/env bash
# Installs the Debian 12 packages regiosim needs to build, run and test. Idempotent: does nothing
# when everything is present. Runs apt-get as root, or through sudo otherwise.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libeigen3-dev libboost-dev libhdf5-dev libyaml-cpp-dev librandom123-dev libcli11-dev catch2
  libbenchmark-dev valgrind
  clang-format clang-14 libclang-rt-14-dev libomp-14-dev
  python3 python3-numpy python3-xarray python3-h5netcdf python3-h5py python3-pytest python3-yaml
  python3-dev pybind11-dev python3-pandas python3-matplotlib python3-numba python3-scipy
  chromium fonts-wqy-microhei
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
