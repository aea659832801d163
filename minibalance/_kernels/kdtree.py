"""The KD-tree of the k-NN engine: its build and its exact search (see ``minibalance._kdtree``).

**Build.** Node by node from the root: a node with more than ``leaf_size``
rows sends to its left child the ``cut`` rows smallest by ``(value along its
widest dimension, row index)``, ``cut`` a multiple of ``leaf_size`` next to
half, both sides keeping their relative order; boxes are then taken bottom-up.
Every step is defined by comparisons, so both twins build the same tree.

**Search.**
For each query, a depth-first search from the root, the nearer child first,
skipping every node whose box is farther than the current ``m``-th best
(``lb > worst``); a leaf's rows are measured and the best kept. The search is
exact: a row is kept or dropped by its exact squared distance
``sum_f (x_f - q_f)^2`` (float64, summed feature by feature, the engine's
``rerank`` order), ties by the smaller row index; and a box's bound never
exceeds that distance of a row inside it (rounding is monotone), so nothing
skipped could have entered. The result is therefore the unique ``m`` smallest
``(distance, row)`` pairs, whatever the tree or visiting order.

The Numba twin first measures a leaf in float32 (eight lanes of SIMD instead
of four): a row goes to the exact test only if its float32 distance could be
within the current worst, by a rigorous bound on the float32 error (see
:func:`float32_filter_slack`). The NumPy twin measures every row of a visited
leaf exactly. Both give the same result.
"""

import numpy as np

from .._numba import njit
from .knn import insert_sorted, sq_distance

# --- build --------------------------------------------------------------------------


def _split_size(size, leaf_size):
    """Rows of the left child: whole leaves, about half of them."""
    return (-(-size // leaf_size) // 2) * leaf_size


def build_numpy(X, leaf_size, n_nodes):
    """Build the tree (NumPy version): ``order, start, end, left, right, lo, hi``."""
    n, d = X.shape
    order = np.arange(n, dtype=np.intp)
    start = np.zeros(n_nodes, dtype=np.intp)
    end = np.zeros(n_nodes, dtype=np.intp)
    left = np.full(n_nodes, -1, dtype=np.intp)
    right = np.full(n_nodes, -1, dtype=np.intp)
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
        values = values[:, dim]
        cut = _split_size(e - s, leaf_size)
        pivot = np.partition(values, cut - 1)[cut - 1]  # the largest value on the left
        to_left = values < pivot
        tied = np.flatnonzero(values == pivot)
        need = cut - np.count_nonzero(to_left)  # tied rows that go left: the lowest
        to_left[tied[np.argsort(rows[tied], kind="stable")[:need]]] = True
        order[s:e] = np.concatenate([rows[to_left], rows[~to_left]])
        a, b = n_used, n_used + 1
        n_used += 2
        left[v], right[v] = a, b
        start[a], end[a], start[b], end[b] = s, s + cut, s + cut, e
        stack += [b, a]
    ordered = X[order]
    lo = np.empty((n_nodes, d))
    hi = np.empty((n_nodes, d))
    for v in range(n_nodes - 1, -1, -1):  # children have larger ids than parents
        if left[v] < 0:
            lo[v] = ordered[start[v] : end[v]].min(axis=0)
            hi[v] = ordered[start[v] : end[v]].max(axis=0)
        else:
            lo[v] = np.minimum(lo[left[v]], lo[right[v]])
            hi[v] = np.maximum(hi[left[v]], hi[right[v]])
    return order, start, end, left, right, lo, hi


@njit(cache=True, nogil=True)
def build_numba(X, leaf_size, n_nodes):  # pragma: no cover
    """Numba twin of :func:`build_numpy`."""
    n, d = X.shape
    order = np.arange(n)
    start = np.zeros(n_nodes, dtype=np.intp)
    end = np.zeros(n_nodes, dtype=np.intp)
    left = np.full(n_nodes, -1, dtype=np.intp)
    right = np.full(n_nodes, -1, dtype=np.intp)
    end[0] = n
    n_used = 1
    stack = np.empty(n_nodes + 1, dtype=np.intp)
    stack[0] = 0
    top = 1
    values = np.empty(n)
    scratch = np.empty(n, dtype=np.intp)
    low = np.empty(d)
    high = np.empty(d)
    while top > 0:
        top -= 1
        v = stack[top]
        s, e = start[v], end[v]
        size = e - s
        if size <= leaf_size:
            continue
        low[:] = X[order[s]]
        high[:] = X[order[s]]
        for p in range(s + 1, e):
            row = order[p]
            for f in range(d):  # selects, not min/max: 0.37 vs 0.9 ms at 10,000 x 20
                x = X[row, f]
                low[f] = x if x < low[f] else low[f]
                high[f] = x if x > high[f] else high[f]
        dim = 0
        for f in range(1, d):
            if high[f] - low[f] > high[dim] - low[dim]:
                dim = f
        for p in range(size):
            values[p] = X[order[s + p], dim]
        cut = (-(-size // leaf_size) // 2) * leaf_size
        pivot = np.partition(values[:size], cut - 1)[cut - 1]
        need = cut
        n_tied = 0
        for p in range(size):
            if values[p] < pivot:
                need -= 1
            elif values[p] == pivot:
                scratch[n_tied] = order[s + p]
                n_tied += 1
        # tied rows with an index up to the need-th smallest go left
        last = np.sort(scratch[:n_tied])[need - 1] if need > 0 else -1
        a_pos = 0
        b_pos = cut
        for p in range(size):
            row = order[s + p]
            if values[p] < pivot or (values[p] == pivot and row <= last):
                scratch[a_pos] = row
                a_pos += 1
            else:
                scratch[b_pos] = row
                b_pos += 1
        order[s:e] = scratch[:size]
        a = n_used
        b = n_used + 1
        n_used += 2
        left[v] = a
        right[v] = b
        start[a] = s
        end[a] = s + cut
        start[b] = s + cut
        end[b] = e
        stack[top] = b
        stack[top + 1] = a
        top += 2
    lo = np.empty((n_nodes, d))
    hi = np.empty((n_nodes, d))
    for v in range(n_nodes - 1, -1, -1):
        if left[v] < 0:
            lo[v] = X[order[start[v]]]
            hi[v] = X[order[start[v]]]
            for p in range(start[v] + 1, end[v]):
                row = order[p]
                for f in range(d):
                    x = X[row, f]
                    lo[v, f] = x if x < lo[v, f] else lo[v, f]
                    hi[v, f] = x if x > hi[v, f] else hi[v, f]
        else:
            for f in range(d):
                lo[v, f] = min(lo[left[v], f], lo[right[v], f])
                hi[v, f] = max(hi[left[v], f], hi[right[v], f])
    return order, start, end, left, right, lo, hi


# --- search -------------------------------------------------------------------------


def float32_filter_slack(n_features, max_centred, max_abs, dtype):
    r"""Return ``(delta, gamma)`` for the filter of the Numba search.

    With :math:`c = fl_{64}(x - \mu)` the centred rows (references and queries),
    :math:`M = \max|c|` (``max_centred``), :math:`A = \max|x| + \max|\mu|`
    (``max_abs``) and :math:`u` the unit roundoff of ``dtype``,
    each filter difference :math:`t_f = fl(fl(c_f(x)) - fl(c_f(q)))` is within
    :math:`e = 4uM + 2u_{64}A` of :math:`x_f - q_f`, so
    :math:`\|t\| \le \|x - q\| + \Delta` with :math:`\Delta = \sqrt{K}\, e`
    (``K`` features), and the computed :math:`\sum t_f^2` is at most
    :math:`(1 + \gamma)\|t\|^2`. A row whose exact distance is within
    ``worst`` therefore has a filter distance of at most

    .. math:: (\sqrt{w (1 + \gamma_{64})} + \Delta)^2 (1 + \gamma),

    which is the threshold the kernel uses: it takes ``1e-12`` for
    :math:`\gamma_{64} / 2` (the float64 rounding of the exact sum, up to
    thousands of features) and ``gamma`` carries ``4u`` of headroom for rounding
    the threshold itself to ``dtype``.
    """
    k = n_features
    u = float(np.finfo(dtype).eps) / 2
    u64 = 2.0**-53
    delta = 1.01 * np.sqrt(k) * (4 * u * max_centred + 2 * u64 * max_abs)
    gamma = (k + 2) * u / (1 - (k + 2) * u) + 4 * u
    return delta, gamma


def kdtree_query_numpy(X, Xt, Q, Qc, delta, gamma, start, end, left, right, lo, hi, order, out):
    """Find the ``m`` nearest rows of every query point ``Q[i]`` (NumPy version).

    Parameters
    ----------
    X : ndarray of float64, shape (n_samples, n_features)
        The references (row ``order[p]`` is at tree position ``p``).
    Xt, Qc, delta, gamma
        The float32 filter of the Numba twin (unused here).
    Q : ndarray of float64, shape (n_queries, n_features)
        The query points (rows of ``X`` or others).
    start, end, left, right, lo, hi, order
        The tree (:class:`minibalance._kdtree.KDTree`).
    out : ndarray of intp, shape (n_queries, m)
        Receives the rows of ``X`` (not tree positions) nearest first.
    """
    m = out.shape[1]
    for i in range(Q.shape[0]):
        q = Q[i]
        best_d = np.full(m, np.inf)
        best_i = np.full(m, -1, dtype=np.intp)
        stack = [(0, 0.0)]
        while stack:
            v, bound = stack.pop()
            if bound > best_d[-1]:
                continue
            if left[v] >= 0:
                a, b = left[v], right[v]
                lb = [_box_bound(lo[c], hi[c], q) for c in (a, b)]
                near, far = (0, 1) if lb[0] <= lb[1] else (1, 0)
                stack += [((a, b)[far], lb[far]), ((a, b)[near], lb[near])]
                continue
            rows = X[order[start[v] : end[v]]]
            dist = np.zeros(rows.shape[0])
            for f in range(rows.shape[1]):  # feature by feature, as rerank sums
                t = rows[:, f] - q[f]
                dist += t * t
            all_d = np.concatenate([best_d, dist])
            all_i = np.concatenate([best_i, order[start[v] : end[v]]])
            keep = np.lexsort((np.where(all_i < 0, np.iinfo(np.intp).max, all_i), all_d))[:m]
            best_d, best_i = all_d[keep], all_i[keep]
        out[i] = best_i


def _box_bound(lo, hi, q):
    """Lower bound on the squared distance from ``q`` to any point of the box."""
    bound = 0.0
    for f in range(q.shape[0]):
        g = max(lo[f] - q[f], q[f] - hi[f], 0.0)
        bound += g * g
    return bound


@njit(cache=True, nogil=True)
def kdtree_query_numba(
    X, Xt, Q, Qc, delta, gamma, start, end, left, right, lo, hi, order, out
):  # pragma: no cover
    """Numba twin of :func:`kdtree_query_numpy`, with the float32 filter.

    ``Xt`` holds the centred references in tree order, transposed (features x
    rows) in float32, so that measuring a leaf runs over contiguous columns in
    SIMD; ``Qc`` the centred queries in the same dtype; ``delta`` and ``gamma``
    come from :func:`float32_filter_slack`.
    """
    n_f = X.shape[1]
    m = out.shape[1]
    width = 0
    for v in range(start.shape[0]):
        if left[v] < 0:
            width = max(width, end[v] - start[v])
    acc = np.empty(width, dtype=Xt.dtype)
    best_d = np.empty(m)
    best_i = np.empty(m, dtype=np.intp)
    stack_v = np.empty(2 * start.shape[0] + 2, dtype=np.intp)
    stack_b = np.empty(2 * start.shape[0] + 2)
    inf = np.inf
    for i in range(Q.shape[0]):
        q = Qc[i]
        best_d[:] = inf
        best_i[:] = -1
        threshold = Xt.dtype.type(inf)
        stack_v[0] = 0
        stack_b[0] = 0.0
        top = 1
        while top > 0:
            top -= 1
            v = stack_v[top]
            if stack_b[top] > best_d[m - 1]:
                continue
            a = left[v]
            if a >= 0:
                b = right[v]
                la = 0.0
                lb = 0.0
                for f in range(n_f):
                    qf = Q[i, f]
                    g = max(lo[a, f] - qf, qf - hi[a, f], 0.0)
                    la += g * g
                    g = max(lo[b, f] - qf, qf - hi[b, f], 0.0)
                    lb += g * g
                if la <= lb:  # the nearer child is popped first
                    stack_v[top], stack_b[top] = b, lb
                    stack_v[top + 1], stack_b[top + 1] = a, la
                else:
                    stack_v[top], stack_b[top] = a, la
                    stack_v[top + 1], stack_b[top + 1] = b, lb
                top += 2
                continue
            s = start[v]
            w = end[v] - s
            column = Xt[0, s : s + w]
            qf = q[0]
            for j in range(w):
                t = column[j] - qf
                acc[j] = t * t
            for f in range(1, n_f):
                column = Xt[f, s : s + w]
                qf = q[f]
                for j in range(w):
                    t = column[j] - qf
                    acc[j] += t * t
            hit = False
            for j in range(w):  # branch-free, so that it vectorises
                hit |= acc[j] <= threshold
            if not hit:
                continue
            for j in range(w):
                if acc[j] > threshold:
                    continue
                row = order[s + j]
                dist = sq_distance(X, row, Q, i)  # the few rows the filter lets through
                worst = best_d[m - 1]
                if dist > worst or (dist == worst and best_i[m - 1] >= 0 and row > best_i[m - 1]):
                    continue
                insert_sorted(best_d, best_i, m, dist, row)
                worst = best_d[m - 1]
                if worst < inf:
                    # 1e-12: the float64 rounding of the exact sum (and of this line).
                    reach = np.sqrt(worst) * (1.0 + 1e-12) + delta
                    threshold = Xt.dtype.type(reach * reach * (1.0 + gamma) + 1e-30)
        for c in range(m):
            out[i, c] = best_i[c]
