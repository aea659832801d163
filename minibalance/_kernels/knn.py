"""Exact k-nearest-neighbour kernels: candidate selection and exact re-ranking.

The k-NN engine (``minibalance._neighbors``) feeds these kernels one tile of dot
products at a time, so scratch memory is bounded by the tile size:

1. ``merge_topk``: for each query row keep the ``m`` smallest approximate squared
   distances ``|q|^2 + (|x|^2 - 2 q.x)`` seen so far, ties broken by the smaller
   reference index. One GEMM gives the bracket: the engine appends the squared
   norm to every reference row and a 1 to every query row, whose other entries
   it multiplies by -2 (exactly), so the tile needs no further pass before the
   selection reads it.
2. ``merge_columns``: the self-join's other half. When the queries are the
   references themselves, a tile of rows ``I`` against rows ``J`` also holds
   the distances of ``J``'s rows to ``I``'s; this merge reads it by columns, so
   each pair of blocks is multiplied once.
3. ``rerank``: recompute the exact squared distances ``sum_f (x_f - q_f)^2`` of
   those ``m`` candidates (summed feature by feature, in order) and order them by
   ``(distance, index)``. The GEMM form can lose digits to cancellation; the
   exact pass makes the final order that of the true distances.
4. ``exact_topk``: the fallback for a query whose candidates could not be
   certified (see the engine): every reference, exact distances, the same order.

Queries are points (``Q``, one row per query) measured against the references
``X``; a query may be a row of ``X`` itself (the engine passes ``X[rows]``). Two
Numba helpers hold the rules every Numba kernel of the engine follows (these and
the KD-tree's search): :func:`sq_distance`, the one exact distance sum, and
:func:`insert_sorted`, the one insertion with its tie rule.
"""

import numpy as np

from .._numba import njit

# --- the shared steps of every Numba kernel ---------------------------------------


@njit(cache=True, nogil=True)
def sq_distance(X, j, Q, i):  # pragma: no cover
    """Exact squared distance ``sum_f (X[j, f] - Q[i, f])^2``, summed feature by feature.

    The engine's one definition of the exact distance: the NumPy twins sum the
    same differences in the same order, so both backends order by the same
    values.
    """
    acc = 0.0
    for f in range(X.shape[1]):
        t = X[j, f] - Q[i, f]
        acc += t * t
    return acc


@njit(cache=True, nogil=True)
def insert_sorted(dist, idx, n, d, j):  # pragma: no cover
    """Insert ``(d, j)`` into the first ``n`` entries of ``dist``/``idx``, kept sorted.

    The order is by ``(distance, index)``: of two equal distances the smaller
    index comes first (the engine's tie rule). The arrays hold at most
    ``len(dist)`` entries; when ``n`` reaches that, the last entry drops out, so
    the caller inserts only a pair that precedes it.
    """
    p = min(n, dist.shape[0] - 1)
    while p > 0 and (dist[p - 1] > d or (dist[p - 1] == d and idx[p - 1] > j)):
        dist[p] = dist[p - 1]
        idx[p] = idx[p - 1]
        p -= 1
    dist[p] = d
    idx[p] = j


# --- merge_topk ---------------------------------------------------------------------


def merge_topk_numpy(gram, q_norms, r_start, best_d, best_i):
    """Merge one tile of candidates into the running best (NumPy version).

    Parameters
    ----------
    gram : ndarray of float32 or float64, shape (n_queries, n_refs)
        ``|x|^2 - 2 q.x`` for the query rows and references ``r_start .. r_start+n_refs``
        (one GEMM of the queries ``(-2 q, 1)`` and the references ``(x, |x|^2)``);
        float32 entries are widened to float64 before use, as the Numba twin
        widens them. Not modified.
    q_norms : ndarray of shape (n_queries,)
        Squared norms of the queries: the approximate distance is
        ``q_norms[i] + gram[i, j]``, in float64.
    r_start : int
        Index of the tile's first reference.
    best_d, best_i : ndarray of shape (n_queries, m)
        Running best approximate distances and indices (``inf``/``-1`` when
        empty), sorted by ``(distance, index)``; updated in place.

    Notes
    -----
    The result is the ``m`` smallest ``(distance, index)`` pairs seen so far.
    A new pair can only enter if its distance is below the current worst (an
    equal distance has a larger index), so only those few pairs are sorted in.
    Whether a row of the tile holds such a pair at all is one reduction over the
    tile as the GEMM left it: rounding is monotone, so
    ``min_j fl(q_i + g_ij) = fl(q_i + min_j g_ij)``.
    """
    m = best_d.shape[1]
    big = np.iinfo(best_i.dtype).max
    if gram.shape[1] == 0:
        return
    if gram.shape[1] >= m and best_i[:, 0].max() < 0:
        # Empty running best (the first tile): every entry beats an empty slot. The
        # m-th smallest product of each row (a partition, in the tile's own dtype)
        # bounds the m-th smallest distance D; every entry at or below D is kept
        # and the first m of them, by (distance, index), selected.
        kth = np.partition(gram, m - 1, axis=1)[:, m - 1]
        bound = kth.astype(np.float64) + q_norms
        rows, cols, dist = _entries_below(gram, q_norms, np.arange(gram.shape[0]), bound, True)
        order = _by_row_distance_index(rows, dist, cols)
        keep = order[_first_m_per_group(rows[order], m)]
        best_d[:] = dist[keep].reshape(-1, m)
        best_i[:] = r_start + cols[keep].reshape(-1, m)
        return
    # Most rows of a tile hold no new candidate: one reduction finds the few that do.
    worst = best_d[:, m - 1]
    hit = np.flatnonzero(gram.min(axis=1).astype(np.float64) + q_norms < worst)
    if hit.size == 0:
        return
    rows, cols, dist = _entries_below(gram, q_norms, hit, worst[hit], False)
    if rows.size == 0:
        return
    touched = rows[np.r_[True, rows[1:] != rows[:-1]]]  # nonzero lists rows in order
    old_i = best_i[touched].ravel()
    all_rows = np.concatenate([np.repeat(touched, m), rows])
    all_d = np.concatenate([best_d[touched].ravel(), dist])
    all_i = np.concatenate([np.where(old_i < 0, big, old_i), r_start + cols])
    order = _by_row_distance_index(all_rows, all_d, all_i)
    # every touched row has at least m entries (its old best); keep its first m
    keep = order[_first_m_per_group(all_rows[order], m)]
    best_d[touched] = all_d[keep].reshape(-1, m)
    kept_i = all_i[keep].reshape(-1, m)
    best_i[touched] = np.where(kept_i == big, -1, kept_i)


def _entries_below(gram, q_norms, hit, bound, inclusive):
    """Entries of the rows ``hit`` whose distance ``q_norms + gram`` is below ``bound``.

    The test runs first in the tile's own dtype, against the bound less the
    query's norm, widened by the rounding of that subtraction and of the sum
    (``2^-52`` of each operand) and rounded up to the tile's dtype, so it keeps a
    superset; only those few entries are widened to float64 and tested exactly
    (``<=`` if ``inclusive``). Returns rows, columns and distances, rows in
    increasing order.
    """
    qn = q_norms[hit]
    limit = (bound - qn) + (np.abs(bound) + np.abs(qn)) * 2.0**-52
    limit = np.nextafter(limit.astype(gram.dtype), np.inf, dtype=gram.dtype)
    rows_of = gram if hit.size == gram.shape[0] else gram[hit]  # hit lists rows in order
    sub_rows, cols = _nonzero_2d(rows_of <= limit[:, None])
    rows = hit[sub_rows]
    dist = gram[rows, cols].astype(np.float64) + q_norms[rows]
    within = dist <= bound[sub_rows] if inclusive else dist < bound[sub_rows]
    return rows[within], cols[within], dist[within]


def _by_row_distance_index(rows, dist, idx):
    """Return the order of entries by ``(row, distance, index)``, as ``np.lexsort``.

    Distances rarely tie within a row on continuous data, so two stable sorts
    (distance, then row as int16 where it fits: a radix sort) usually settle the
    order, and the three-key ``lexsort`` runs only when two entries of one row
    share a distance: about 2x faster on the tiles' few thousand entries.
    """
    if rows.size and 0 <= rows.min() and rows.max() < 2**15:
        order = np.argsort(dist, kind="stable")
        r = rows[order].astype(np.int16)
        order = order[np.argsort(r, kind="stable")]
        d = dist[order]
        r = rows[order]
        if not np.any((d[1:] == d[:-1]) & (r[1:] == r[:-1])):
            return order
    return np.lexsort((idx, dist, rows))


def _nonzero_2d(mask):
    """Return ``np.nonzero(mask)`` of a 2-D C-ordered mask, row-major as it is.

    Flat positions split by the row length: the same pairs as ``np.nonzero``,
    whose 2-D form takes about 13x longer on a (1024, 512) tile (measured).
    """
    if mask.shape[1] == 0:
        return np.nonzero(mask)
    return np.divmod(np.flatnonzero(mask), mask.shape[1])


def _first_m_per_group(sorted_groups, m):
    """Positions of the first ``m`` entries of every run of equal values."""
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    return (starts[:, None] + np.arange(m)).ravel()


# Width of the blocks the Numba merge first tests as a whole (one vectorised pass).
_BLOCK = 128
# Width of the sub-blocks a block that holds a candidate is tested in before any walk.
_SUB = 16


@njit(cache=True, nogil=True, inline="always")
def _first_tile_cap(row, qn, m):  # pragma: no cover
    """Return an upper bound on the ``m``-th smallest distance ``qn + row[j]`` of a row.

    The row is cut into ``m`` groups of consecutive entries; the largest of the
    ``m`` group minima is at least the ``m``-th smallest entry (the ``m``
    minima are ``m`` distinct entries at or below it). Rounding is monotone,
    so the bound on the distances is ``qn`` plus that entry, in float64. The
    next float up is returned, so that the strict test ``d < cap`` keeps every
    entry at or below the bound; ``inf`` when the groups would hold fewer than
    two entries each (no saving).
    """
    size = row.shape[0] // m
    if size < 2:
        return np.inf
    top = -np.inf
    for g in range(m):
        part = row[g * size : (g + 1) * size]
        low = part[0]
        for j in range(1, part.shape[0]):
            low = part[j] if part[j] < low else low
        top = max(top, qn + low)
    return np.nextafter(top, np.inf)


@njit(cache=True, nogil=True)
def merge_topk_numba(gram, q_norms, r_start, best_d, best_i):  # pragma: no cover
    """Numba twin of :func:`merge_topk_numpy`: one insertion-sorted buffer per row.

    Each block of ``_BLOCK`` references is first tested as a whole: a
    branch-free pass over 1-D views, which LLVM turns into SIMD code, tells
    whether any distance in it beats the current worst. Most blocks of a large
    class hold no new candidate and are dismissed by that pass alone; a block
    with one is tested again in sub-blocks of ``_SUB``, and only a sub-block
    with one is walked element by element (on 20-dimensional normal data, after
    the first tiles: 13% less time than walking the whole block). All passes
    compute the same expression, so the result is that of the plain loop.

    A row whose running best is not yet full (its first tile) would take
    almost every early entry: ``m (1 + ln(n / m))`` insertions for ``n``
    entries in random order, each a mispredicted branch. There the test also
    uses :func:`_first_tile_cap`, a bound on the row's ``m``-th smallest
    distance in this tile, as the NumPy twin uses its partition: an entry
    above it cannot be among the ``m`` best after this tile, so skipping it
    leaves the result as it was (the entries at or below the cap meet the same
    running best in the same order, but for a tail of such entries that the
    tile pushes out anyway). Measured on a 1,024 x 256 tile of 20-dimensional
    normal data: 35 insertions a row become about 16, and the first tile takes
    0.62 instead of 0.99 us a row.

    Serial and GIL-free on purpose: the engine runs one query block per core in
    threads, each with a one-thread GEMM. A parallel kernel interleaved with a
    multi-threaded GEMM made the two thread pools fight over the cores (ten times
    slower, measured).
    """
    n_q, n_r = gram.shape
    m = best_d.shape[1]
    for i in range(n_q):
        qn = q_norms[i]
        worst = best_d[i, m - 1]
        row = gram[i]
        if worst == np.inf:  # not yet full: the first tile's own loop, with a cap
            _merge_capped_row(row, qn, r_start, best_d[i], best_i[i])
            continue
        for j0 in range(0, n_r, _BLOCK):
            j1 = min(j0 + _BLOCK, n_r)
            block = row[j0:j1]
            hit = False
            for j in range(block.shape[0]):
                hit |= (qn + block[j]) < worst
            if not hit:
                continue
            for s0 in range(j0, j1, _SUB):
                s1 = min(s0 + _SUB, j1)
                sub = row[s0:s1]
                hit = False
                for j in range(sub.shape[0]):
                    hit |= (qn + sub[j]) < worst
                if not hit:
                    continue
                for j in range(s0, s1):
                    d = qn + row[j]
                    if d < worst:
                        insert_sorted(best_d[i], best_i[i], m, d, r_start + j)
                        worst = best_d[i, m - 1]


@njit(cache=True, nogil=True)
def _merge_capped_row(row, qn, r_start, dist, idx):  # pragma: no cover
    """:func:`merge_topk_numba` for one row whose running best is not full.

    The same block test and walk, against ``min(worst, cap)`` with the cap of
    :func:`_first_tile_cap`, and no sub-blocks: most blocks of a first tile
    hold candidates, and testing them twice was slower (measured). A function
    of its own keeps the common loop (a full running best) free of the cap.
    """
    m = dist.shape[0]
    cap = _first_tile_cap(row, qn, m)
    limit = min(dist[m - 1], cap)
    for j0 in range(0, row.shape[0], _BLOCK):
        j1 = min(j0 + _BLOCK, row.shape[0])
        block = row[j0:j1]
        hit = False
        for j in range(block.shape[0]):
            hit |= (qn + block[j]) < limit
        if not hit:
            continue
        for j in range(j0, j1):
            d = qn + row[j]
            if d < limit:
                insert_sorted(dist, idx, m, d, r_start + j)
                limit = min(dist[m - 1], cap)


# --- merge_columns ------------------------------------------------------------------


def merge_columns_numpy(gram, q_norms, q_start, best_d, best_i):
    """Merge one tile into the running best of its *columns* (NumPy version).

    The other half of the self-join (see the engine): a tile of the rows
    ``q_start ..`` against the columns, whose own rows are the same set, also
    holds every column's distances to those rows. Column ``j`` takes row ``i``
    as a candidate at the distance ``q_norms[i] + gram[i, j]``, the very value
    :func:`merge_topk_numpy` gives the pair ``(i, j)``: each pair's product is
    computed once and serves both of its rows.

    Parameters
    ----------
    gram : ndarray of float32 or float64, shape (n_rows, n_cols)
        ``|x_j|^2 - 2 x_i.x_j`` for the rows ``q_start .. q_start+n_rows`` and the
        columns whose running best is ``best_d``/``best_i``. Not modified.
    q_norms : ndarray of shape (n_rows,)
        Squared norms of the tile's rows.
    q_start : int
        Index of the tile's first row: the index each candidate enters with.
    best_d, best_i : ndarray of shape (n_cols, m)
        Running best of the columns, as in :func:`merge_topk_numpy`; updated in place.

    Notes
    -----
    The distances are the rows' float64 sums, transposed; against zero norms
    (adding 0.0 is exact) :func:`merge_topk_numpy` then keeps the ``m``
    smallest ``(distance, index)`` pairs of each column.
    """
    dist = gram.astype(np.float64) + q_norms[:, None]
    zeros = np.zeros(gram.shape[1])
    merge_topk_numpy(np.ascontiguousarray(dist.T), zeros, q_start, best_d, best_i)


@njit(cache=True, nogil=True)
def merge_columns_numba(gram, q_norms, q_start, best_d, best_i):  # pragma: no cover
    """Numba twin of :func:`merge_columns_numpy`: the tile is read row by row.

    Each row meets the columns' current worst distances, kept in a local
    vector; as in :func:`merge_topk_numba`, a block of ``_BLOCK`` columns is
    first tested as a whole (one branch-free, vectorised pass), then in
    sub-blocks of ``_SUB``, and walked only where some column takes a new
    candidate. Within a call the rows arrive in
    index order, so a later row never displaces an equal distance: the NumPy
    twin's result whenever the running best holds only earlier rows (the
    engine's self-join merges in any order, and there the exact re-rank and
    the certificate decide ties).
    """
    n_q, n_r = gram.shape
    m = best_d.shape[1]
    worst = np.empty(n_r)
    for j in range(n_r):
        worst[j] = best_d[j, m - 1]
    for i in range(n_q):
        qn = q_norms[i]
        row = gram[i]
        for j0 in range(0, n_r, _BLOCK):
            j1 = min(j0 + _BLOCK, n_r)
            block = row[j0:j1]
            limits = worst[j0:j1]
            hit = False
            for j in range(block.shape[0]):
                hit |= (qn + block[j]) < limits[j]
            if not hit:
                continue
            for s0 in range(j0, j1, _SUB):
                s1 = min(s0 + _SUB, j1)
                sub = row[s0:s1]
                limits = worst[s0:s1]
                hit = False
                for j in range(sub.shape[0]):
                    hit |= (qn + sub[j]) < limits[j]
                if not hit:
                    continue
                for j in range(s0, s1):
                    d = qn + row[j]
                    if d < worst[j]:
                        insert_sorted(best_d[j], best_i[j], m, d, q_start + i)
                        worst[j] = best_d[j, m - 1]


# --- rerank -------------------------------------------------------------------------


def rerank_numpy(X, Q, cand, n_neighbors, farthest=False):
    """Order candidates by exact squared distance, then index (NumPy version).

    Parameters
    ----------
    X : ndarray of float64, shape (n_samples, n_features)
        The reference points.
    Q : ndarray of float64, shape (n_queries, n_features)
        The query points (rows of ``X`` or others).
    cand : ndarray of intp, shape (n_queries, m)
        Candidate neighbour indices (``-1`` marks an unused slot, never chosen).
    n_neighbors : int
        How many to return.
    farthest : bool, default=False
        Order by decreasing distance instead (ties still by increasing index).

    Returns
    -------
    ndarray of intp, shape (n_queries, n_neighbors)
    """
    valid = cand >= 0
    gathered = X[np.where(valid, cand, 0)]
    dist = np.zeros(cand.shape)
    for f in range(X.shape[1]):  # feature by feature, the order sq_distance sums in
        t = gathered[:, :, f] - Q[:, None, f]
        dist += t * t
    if farthest:
        dist = -dist  # exact: the order of -d is the reverse order of d
    dist[~valid] = np.inf
    order = np.lexsort((np.where(valid, cand, np.iinfo(cand.dtype).max), dist), axis=-1)
    return np.take_along_axis(cand, order[:, :n_neighbors], axis=1)


@njit(cache=True, nogil=True)
def rerank_numba(X, Q, cand, n_neighbors, farthest=False):  # pragma: no cover
    """Numba twin of :func:`rerank_numpy`.

    The ``m`` candidates' sums run side by side, feature by feature: each is
    :func:`sq_distance`'s sum, term for term in the same order (so the same
    value), but the ``m`` chains of additions are independent and overlap,
    where one sum after another waits on each addition (measured on 1,024
    queries x 8 random candidates: 1.36x faster at 3 and 200 features, 1.08x
    at 20; at 200 the rest is reading the candidates' rows from memory).
    """
    sign = -1.0 if farthest else 1.0
    n_q, m = cand.shape
    out = np.empty((n_q, n_neighbors), dtype=cand.dtype)
    dist = np.empty(m)
    idx = np.empty(m, dtype=cand.dtype)
    acc = np.empty(m)
    rows = np.empty(m, dtype=cand.dtype)
    for i in range(n_q):
        for c in range(m):
            rows[c] = max(cand[i, c], 0)  # an empty slot (-1) is measured, then dropped
            acc[c] = 0.0
        for f in range(X.shape[1]):
            q = Q[i, f]
            for c in range(m):
                t = X[rows[c], f] - q
                acc[c] += t * t
        for c in range(m):
            j = cand[i, c]
            if j < 0:
                insert_sorted(dist, idx, c, np.inf, np.iinfo(cand.dtype).max)
            else:
                insert_sorted(dist, idx, c, sign * acc[c], j)
        for c in range(n_neighbors):
            out[i, c] = idx[c]
    return out


def last_distances_numpy(X, Q, rows):
    """Exact squared distance from each query ``Q[i]`` to the row ``X[rows[i]]`` (NumPy version).

    Summed feature by feature, as :func:`rerank_numpy` sums, so it is the very
    value the neighbours were ordered by (the engine's certificate compares it).
    """
    last = X[rows]
    dist = np.zeros(rows.shape[0])
    for f in range(X.shape[1]):
        t = last[:, f] - Q[:, f]
        dist += t * t
    return dist


@njit(cache=True, nogil=True)
def last_distances_numba(X, Q, rows):  # pragma: no cover
    """Numba twin of :func:`last_distances_numpy`: :func:`sq_distance` per query."""
    out = np.empty(rows.shape[0])
    for i in range(rows.shape[0]):
        out[i] = sq_distance(X, rows[i], Q, i)
    return out


def rerank_rows_numpy(X, q_rows, cand, n_neighbors):
    """Re-rank the candidates of queries that are rows of ``X``; also the last one's distance.

    :func:`rerank_numpy` for the queries ``X[q_rows]``, and
    :func:`last_distances_numpy` of the last neighbour returned: the two values
    the engine's certificate needs, from one call.

    Parameters
    ----------
    X : ndarray of float64, shape (n_samples, n_features)
    q_rows : ndarray of intp, shape (n_queries,)
        The query rows.
    cand : ndarray of intp, shape (n_queries, m)
        Candidate rows, every slot filled (no ``-1``), ``m >= n_neighbors``.
    n_neighbors : int

    Returns
    -------
    block : ndarray of intp, shape (n_queries, n_neighbors)
        The nearest first, equal distances by index.
    last : ndarray of float64, shape (n_queries,)
        The exact squared distance of ``block[:, -1]``.
    """
    Q = X[q_rows]
    block = rerank_numpy(X, Q, cand, n_neighbors)
    return block, last_distances_numpy(X, Q, block[:, -1])


@njit(cache=True, nogil=True)
def rerank_rows_numba(X, q_rows, cand, n_neighbors):  # pragma: no cover
    """Numba twin of :func:`rerank_rows_numpy`, in one pass.

    :func:`rerank_numba`'s side-by-side sums, reading each query from its row
    of ``X`` (no copy of the queries); the last neighbour's distance is its
    sum from that pass, the very value :func:`last_distances_numba` computes
    (the same terms in the same order).
    """
    n_q, m = cand.shape
    out = np.empty((n_q, n_neighbors), dtype=cand.dtype)
    last = np.empty(n_q)
    dist = np.empty(m)
    idx = np.empty(m, dtype=cand.dtype)
    acc = np.empty(m)
    for i in range(n_q):
        r = q_rows[i]
        for c in range(m):
            acc[c] = 0.0
        for f in range(X.shape[1]):
            q = X[r, f]
            for c in range(m):
                t = X[cand[i, c], f] - q
                acc[c] += t * t
        for c in range(m):
            insert_sorted(dist, idx, c, acc[c], cand[i, c])
        for c in range(n_neighbors):
            out[i, c] = idx[c]
        last[i] = dist[n_neighbors - 1]
    return out, last


# --- exact_topk ---------------------------------------------------------------------


def exact_topk_numpy(X, Q, i, n_neighbors, farthest=False):
    """Find the ``n_neighbors`` rows of ``X`` nearest to ``Q[i]``: exact distance, then index.

    Scans every row (O(n) memory for one query): the fallback of the engine.
    Distances are summed feature by feature, as :func:`rerank_numpy` does.
    ``farthest``: the farthest rows instead, farthest first.
    """
    dist = np.zeros(X.shape[0])
    for f in range(X.shape[1]):
        t = X[:, f] - Q[i, f]
        dist += t * t
    if farthest:
        dist = -dist
    return np.lexsort((np.arange(X.shape[0]), dist))[:n_neighbors]


@njit(cache=True, nogil=True)
def exact_topk_numba(X, Q, i, n_neighbors, farthest=False):  # pragma: no cover
    """Numba twin of :func:`exact_topk_numpy`: one insertion-sorted buffer."""
    sign = -1.0 if farthest else 1.0
    dist = np.full(n_neighbors, np.inf)
    idx = np.full(n_neighbors, -1, dtype=np.intp)
    for j in range(X.shape[0]):
        d = sign * sq_distance(X, j, Q, i)
        if d < dist[n_neighbors - 1]:  # rows come in index order: ties keep the first
            insert_sorted(dist, idx, n_neighbors, d, j)
    return idx
