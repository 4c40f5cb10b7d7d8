"""regiosim: Monte Carlo scenarios of a regional economy against its plan targets.

The engine is the compiled module ``regiosim._regiosim``; it is imported on first use of a name that
needs it (``load_scenario``, ``run``, ``audit``, ``multipliers``, ``model_arrays``, ``Scenario``,
``Result``), so the pure-Python parts (``open_results``, the exceptions, submodules such as a
report) import without it.
"""
import importlib

from .errors import ConfigError, ModelError, RegiosimError, ResultFileError
from .results import open_results

__all__ = [
    "ConfigError",
    "ModelError",
    "RegiosimError",
    "Result",
    "ResultFileError",
    "Scenario",
    "audit",
    "load_scenario",
    "model_arrays",
    "multipliers",
    "open_results",
    "run",
]

_ENGINE_NAMES = {"Result", "Scenario", "audit", "load_scenario", "model_arrays", "multipliers",
                 "run"}


def __getattr__(name):
    if name in _ENGINE_NAMES:
        return getattr(importlib.import_module(".api", __name__), name)
    raise AttributeError(f"module 'regiosim' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | _ENGINE_NAMES)
