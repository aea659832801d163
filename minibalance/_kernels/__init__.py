"""Compute kernels, each as a readable NumPy function and a Numba twin.

The twins take plain arrays, do the same arithmetic in the same order and give
the same results; ``_config.get_backend()`` picks one. These modules import numba
(through ``minibalance._numba``) when they are imported, so the rest of the package
imports them lazily, only when a kernel is about to run.
"""
