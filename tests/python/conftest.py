"""Shared fixtures: the CLI under test and the source tree (set by CTest, see tests/CMakeLists.txt)."""
import os
import pathlib
import subprocess

import pytest


@pytest.fixture(scope="session")
def regiosim_bin():
    path = os.environ.get("REGIOSIM_BIN")
    if not path:
        pytest.skip("REGIOSIM_BIN is not set: run through ctest")
    return path


@pytest.fixture(scope="session")
def source_dir():
    return pathlib.Path(os.environ.get("REGIOSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture
def run_cli(regiosim_bin):
    def run(*args, timeout=120, **kwargs):
        return subprocess.run([regiosim_bin, *map(str, args)], capture_output=True, text=True,
                              timeout=timeout, **kwargs)
    return run


@pytest.fixture(scope="session")
def regiosim():
    """The Python package, built into REGIOSIM_PYTHON_PACKAGE (ctest puts it on PYTHONPATH): an
    import failure there is a test failure; without the variable the binding tests are skipped."""
    if not os.environ.get("REGIOSIM_PYTHON_PACKAGE"):
        pytest.skip("REGIOSIM_PYTHON_PACKAGE is not set: run through ctest with REGIOSIM_BUILD_PYTHON")
    import regiosim as package
    return package
