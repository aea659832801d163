"""The exact k-NN engine on its own: the measurements behind its tuning constants.

- ``Algorithms``: brute force, our KD-tree (Numba) and scipy's cKDTree (certified, NumPy) across
  the feature counts where ``choose_algorithm`` switches (``KDTREE_MAX_FEATURES`` on
  Numba, ``CKDTREE_MAX_FEATURES`` on NumPy), 40,000 Gaussian rows, k = 5, and
  scikit-learn's ``NearestNeighbors`` (its ``auto``) on the same data.
- ``BruteTiles``: the brute force with other (query, reference) tile sizes than
  ``_TILES``, 40,000 x 20, so a change of the constants has a number behind it.
- ``SelfJoin``: the brute force within one set with and without the self-join, per
  backend (20,000 x 20 and 10,000 x 200).

Kernels are compiled in ``setup``.
"""

import importlib.util

import numpy as np

import minibalance
from minibalance import _neighbors
from minibalance._config import numba_available

N_SAMPLES = 40_000
K = 5


def _data(n_features, n=N_SAMPLES):
    return np.random.default_rng(0).standard_normal((n, n_features))


class Algorithms:
    params = (
        [4, 8, 10, 12, 20],
        ["brute", "kd_tree", "ckdtree", "sklearn"],
        ["numpy", "numba"] if numba_available() else ["numpy"],
    )
    param_names = ["n_features", "algorithm", "backend"]
    timeout = 300

    def setup(self, n_features, algorithm, backend):
        if algorithm == "ckdtree" and importlib.util.find_spec("scipy") is None:
            raise NotImplementedError("scipy is not installed")
        if algorithm == "sklearn" and backend != "numpy":
            raise NotImplementedError("one scikit-learn row is enough")
        # Each backend's tree: our KD-tree runs on Numba (its NumPy twin is the readable
        # reference, one query at a time in Python), scipy's cKDTree on NumPy.
        if algorithm == "kd_tree" and backend != "numba":
            raise NotImplementedError("the KD-tree's NumPy twin is a reference, not a path")
        if algorithm == "ckdtree" and backend != "numpy":
            raise NotImplementedError("cKDTree serves the NumPy backend")
        self.X = _data(n_features)
        self.context = minibalance.config_context(backend=backend)
        if algorithm != "sklearn":  # warm the kernels
            with self.context:
                _neighbors.kneighbors(self.X[:5000], K, algorithm=algorithm)

    def time_kneighbors(self, n_features, algorithm, backend):
        if algorithm == "sklearn":
            from sklearn.neighbors import NearestNeighbors

            NearestNeighbors(n_neighbors=K + 1).fit(self.X).kneighbors(self.X)
            return
        with minibalance.config_context(backend=backend):
            _neighbors.kneighbors(self.X, K, algorithm=algorithm)


class BruteTiles:
    params = (
        # the shipped tiles (Numba 1024 x 256, NumPy 1024 x 512) and their neighbours
        [(256, 1024), (512, 512), (512, 2048), (1024, 256), (1024, 512), (1024, 1024)],
        ["numpy", "numba"] if numba_available() else ["numpy"],
    )
    param_names = ["tiles", "backend"]
    timeout = 300

    def setup(self, tiles, backend):
        self.X = _data(20)
        self.saved = dict(_neighbors._TILES)
        _neighbors._TILES[backend] = tiles
        with minibalance.config_context(backend=backend):
            _neighbors.kneighbors(self.X[:5000], K, algorithm="brute")

    def teardown(self, tiles, backend):
        _neighbors._TILES.clear()
        _neighbors._TILES.update(self.saved)

    def time_brute(self, tiles, backend):
        with minibalance.config_context(backend=backend):
            _neighbors.kneighbors(self.X, K, algorithm="brute")


class SelfJoin:
    """The brute force within one set (SMOTE's search), with and without the self-join.

    The self-join multiplies each pair of row blocks once and merges the tile
    both ways; ``plain`` is the query-block search the NumPy backend keeps.
    Both backends, so ``_SELF_JOIN``'s per-backend choice has a number behind it.
    """

    params = (
        ["20000x20", "10000x200"],
        ["self_join", "plain"],
        ["numpy", "numba"] if numba_available() else ["numpy"],
    )
    param_names = ["shape", "search", "backend"]
    timeout = 300

    def setup(self, shape, search, backend):
        n, d = map(int, shape.split("x"))
        self.X = _data(d, n)
        self.saved = dict(_neighbors._SELF_JOIN)
        _neighbors._SELF_JOIN[backend] = search == "self_join"
        with minibalance.config_context(backend=backend):
            _neighbors.kneighbors(self.X[:3000], K, algorithm="brute")

    def teardown(self, shape, search, backend):
        _neighbors._SELF_JOIN.update(self.saved)

    def time_brute(self, shape, search, backend):
        with minibalance.config_context(backend=backend):
            _neighbors.kneighbors(self.X, K, algorithm="brute")
