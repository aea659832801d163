r"""A KD-tree whose leaves are runs of contiguous rows, with tight bounding boxes.

The k-NN engine's tree (Friedman, Bentley & Finkel 1977, "An algorithm for
finding best matches in logarithmic expected time"): each node holds a run
``order[start:end]`` of the rows; a node with more than ``leaf_size`` rows is
split in two along its widest dimension, at a multiple of ``leaf_size`` next to
the median, so every leaf but the last holds exactly ``leaf_size`` rows. Each
node keeps the smallest box holding its rows; for a query ``q`` the box gives a
lower bound on the distance to any of them,

.. math:: \mathrm{lb}(q) = \sum_f \max(lo_f - q_f,\; q_f - hi_f,\; 0)^2,

which lets a search skip whole subtrees (see ``_kernels.kdtree``).

Both backends build the same tree (``_kernels.kdtree``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class KDTree:
    """The arrays of a built tree (node 0 is the root).

    Attributes
    ----------
    order : ndarray of intp, shape (n_samples,)
        Row of ``X`` at each tree position: the rows of node ``v`` are
        ``order[start[v]:end[v]]``.
    start, end, left, right : ndarray of intp, shape (n_nodes,)
        Each node's run of positions and its children (``-1`` for a leaf).
    lo, hi : ndarray of float64, shape (n_nodes, n_features)
        The smallest box holding each node's rows.
    """

    order: np.ndarray
    start: np.ndarray
    end: np.ndarray
    left: np.ndarray
    right: np.ndarray
    lo: np.ndarray
    hi: np.ndarray


def build_kdtree(X: np.ndarray, leaf_size: int) -> KDTree:
    """Build the tree of ``X`` (float64, finite) with leaves of ``leaf_size`` rows.

    Each split puts in the left child the ``cut`` rows smallest by
    ``(value along the widest dimension, row index)`` (the first widest
    dimension on a tie), keeping the rows' relative order on both sides: a
    deterministic function of ``X``, so both backends build the same tree.
    O(n log n) time, O(n) memory. The work is in ``_kernels.kdtree``.
    """
    from ._kernels import twin

    build = twin("kdtree", "build")
    n_leaves = max(1, -(-X.shape[0] // leaf_size))
    return KDTree(*build(X, leaf_size, 2 * n_leaves - 1))
