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

The tree is built in NumPy for both backends, so both search the same tree.
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
    depth : int
        Number of levels (1 for a lone leaf).
    """

    order: np.ndarray
    start: np.ndarray
    end: np.ndarray
    left: np.ndarray
    right: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    depth: int


def build_kdtree(X: np.ndarray, leaf_size: int) -> KDTree:
    """Build the tree of ``X`` (float64, finite) with leaves of ``leaf_size`` rows.

    Splits pick the dimension of widest spread (the first on a tie) and
    partition the node's rows with :func:`numpy.argpartition`, so the tree is a
    deterministic function of ``X``. O(n log n) time, O(n) memory.
    """
    n, d = X.shape
    n_leaves = max(1, -(-n // leaf_size))
    n_nodes = 2 * n_leaves - 1
    order = np.arange(n, dtype=np.intp)
    start = np.zeros(n_nodes, dtype=np.intp)
    end = np.zeros(n_nodes, dtype=np.intp)
    left = np.full(n_nodes, -1, dtype=np.intp)
    right = np.full(n_nodes, -1, dtype=np.intp)
    level = np.ones(n_nodes, dtype=np.intp)
    end[0] = n
    n_used = 1
    stack = [0]
    while stack:
        v = stack.pop()
        s, e = start[v], end[v]
        if e - s <= leaf_size:
            continue
        rows = order[s:e]
        values = X[rows]
        dim = int(np.argmax(values.max(axis=0) - values.min(axis=0)))
        cut = (-(-(e - s) // leaf_size) // 2) * leaf_size  # whole leaves on the left
        part = np.argpartition(values[:, dim], cut)
        order[s:e] = rows[part]
        a, b = n_used, n_used + 1
        n_used += 2
        left[v], right[v] = a, b
        start[a], end[a], start[b], end[b] = s, s + cut, s + cut, e
        level[a] = level[b] = level[v] + 1
        stack += [b, a]
    # Boxes: leaves from their rows, then every parent (children have larger ids).
    leaves = np.flatnonzero(left < 0)
    by_start = leaves[np.argsort(start[leaves])]
    ordered = X[order]
    lo = np.empty((n_nodes, d))
    hi = np.empty((n_nodes, d))
    lo[by_start] = np.minimum.reduceat(ordered, start[by_start], axis=0)
    hi[by_start] = np.maximum.reduceat(ordered, start[by_start], axis=0)
    for v in np.flatnonzero(left >= 0)[::-1]:
        np.minimum(lo[left[v]], lo[right[v]], out=lo[v])
        np.maximum(hi[left[v]], hi[right[v]], out=hi[v])
    return KDTree(order, start, end, left, right, lo, hi, int(level.max()))
