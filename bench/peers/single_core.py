"""One thread for BLAS, OpenMP and Numba, so that every program of the comparison runs on one core.
The variables take effect only when set before numpy and numba are first imported: the peers'
command lines and compare_peers.py import this module before them."""
import os

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                    "NUMBA_NUM_THREADS")

for _name in THREAD_VARIABLES:
    os.environ[_name] = "1"
