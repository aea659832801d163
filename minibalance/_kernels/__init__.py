"""Compute kernels, each as a readable NumPy function and a Numba twin.

The twins take plain arrays, do the same arithmetic in the same order and give
the same results; ``_config.get_backend()`` picks one. Numba twins are compiled on
their first call (``minibalance._numba``), so importing these modules is cheap and
the NumPy backend never imports numba.
"""
