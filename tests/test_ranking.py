"""PR curve, ROC curve, AP and ROC AUC against scikit-learn 1.9.

Outcomes must match: arrays exactly equal with the same dtype, scores within
1e-12, the same warnings (category and message), errors of the same kind.
"""

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import event, given
from hypothesis import strategies as st

import minibalance
import minibalance.metrics as mbm
from minibalance._config import numba_available
from minibalance._counts import binary_counts
from minibalance.exceptions import UndefinedMetricWarning

from .strategies import binary_problems


def _run(func, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = func(*args, **kwargs)
            kind = "ok"
        except (ValueError, TypeError) as exc:
            out, kind = exc, "error"
    seen = sorted(
        (w.category.__name__, str(w.message))
        for w in caught
        if issubclass(w.category, UserWarning)
        and not issubclass(w.category, (DeprecationWarning, FutureWarning))
    )
    return kind, out, seen


def assert_same(ours, theirs, exact=True):
    assert ours[0] == theirs[0], (ours[1], theirs[1])
    assert ours[2] == theirs[2], (ours[2], theirs[2])  # same warnings
    if ours[0] != "ok":
        return
    a, b = ours[1], theirs[1]
    if isinstance(b, tuple):
        for x, y in zip(a, b, strict=True):
            assert x.dtype == y.dtype, (x.dtype, y.dtype)
            np.testing.assert_array_equal(x, y, strict=True)
    elif isinstance(b, np.ndarray):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    else:
        assert type(a) is type(b) or (isinstance(a, float) and isinstance(b, float))
        if np.isnan(b):
            assert np.isnan(a)
        else:
            assert a == b or abs(a - b) <= 1e-12, (a, b)  # == covers infinities


@given(problem=binary_problems())
def test_counts_core_equals_sklearn(backend, problem):
    y_true, y_score, w, pos_label = problem
    pos_label = 1 if pos_label is None else pos_label
    _, fps, _, tps, thr = skm.confusion_matrix_at_thresholds(
        y_true, y_score, pos_label=pos_label, sample_weight=w
    )
    ours = binary_counts(np.asarray(y_true) == pos_label, y_score, w)
    for a, b in zip(ours, (fps, tps, thr), strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b, strict=True)


@given(problem=binary_problems(), drop=st.booleans())
def test_precision_recall_curve_equals_sklearn(problem, drop):
    y_true, y_score, w, pos_label = problem
    kwargs = dict(pos_label=pos_label, sample_weight=w, drop_intermediate=drop)
    ours = _run(mbm.precision_recall_curve, y_true, y_score, **kwargs)
    event(f"outcome {ours[0]}")
    assert_same(ours, _run(skm.precision_recall_curve, y_true, y_score, **kwargs))


@given(problem=binary_problems(), drop=st.booleans())
def test_roc_curve_equals_sklearn(problem, drop):
    y_true, y_score, w, pos_label = problem
    kwargs = dict(pos_label=pos_label, sample_weight=w, drop_intermediate=drop)
    ours = _run(mbm.roc_curve, y_true, y_score, **kwargs)
    assert_same(ours, _run(skm.roc_curve, y_true, y_score, **kwargs))


@given(problem=binary_problems())
def test_average_precision_equals_sklearn(backend, problem):
    y_true, y_score, w, pos_label = problem
    kwargs = dict(sample_weight=w)
    if pos_label is not None:
        kwargs["pos_label"] = pos_label
    ours = _run(mbm.average_precision_score, y_true, y_score, **kwargs)
    event(f"outcome {ours[0]}")
    assert_same(ours, _run(skm.average_precision_score, y_true, y_score, **kwargs))


@given(problem=binary_problems(), max_fpr=st.sampled_from([None, 1.0, 0.5, 0.1, 0.0]))
def test_roc_auc_equals_sklearn(problem, max_fpr):
    y_true, y_score, w, _ = problem
    kwargs = dict(sample_weight=w, max_fpr=max_fpr)
    ours = _run(mbm.roc_auc_score, y_true, y_score, **kwargs)
    event(f"outcome {ours[0]}")
    assert_same(ours, _run(skm.roc_auc_score, y_true, y_score, **kwargs))


@st.composite
def multilabel_problems(draw):
    n = draw(st.integers(2, 80))
    n_labels = draw(st.integers(2, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    y = (rng.random((n, n_labels)) < draw(st.sampled_from([0.05, 0.3, 0.7]))).astype(int)
    score = (
        rng.integers(0, 5, (n, n_labels)) / 5.0
        if draw(st.booleans())
        else rng.random((n, n_labels))
    )
    w = rng.random(n) if draw(st.booleans()) else None
    return y, score, w


@given(
    problem=multilabel_problems(),
    average=st.sampled_from([None, "micro", "macro", "weighted", "samples"]),
)
def test_multilabel_average_precision_and_roc_auc(problem, average):
    y, score, w = problem
    for name in ("average_precision_score", "roc_auc_score"):
        ours = _run(getattr(mbm, name), y, score, average=average, sample_weight=w)
        assert_same(ours, _run(getattr(skm, name), y, score, average=average, sample_weight=w))


@given(
    n=st.integers(3, 80),
    k=st.integers(3, 5),
    seed=st.integers(0, 2**32 - 1),
    average=st.sampled_from([None, "micro", "macro", "weighted"]),
)
def test_multiclass_average_precision_one_vs_rest(n, k, seed, average):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    score = rng.random((n, np.unique(y).size))
    ours = _run(mbm.average_precision_score, y, score, average=average)
    assert_same(ours, _run(skm.average_precision_score, y, score, average=average))


# --- pinned cases ---------------------------------------------------------------------


def test_average_precision_by_hand():
    # thresholds 0.8 (tp 1, fp 0), 0.4 (1, 1), 0.35 (2, 1), 0.1 (2, 2)
    # AP = 0.5 * 1 + 0.5 * 2/3
    assert mbm.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(
        0.5 + 0.5 * 2 / 3, abs=1e-15
    )


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300), levels=st.integers(1, 6))
def test_counts_twins_agree_on_heavy_ties(seed, n, levels):
    from minibalance._kernels.counts import merge_counts_numba, merge_counts_numpy

    rng = np.random.default_rng(seed)
    score = rng.integers(0, levels, n).astype(float)
    y = rng.random(n) < 0.3
    pos, neg = np.sort(score[y]), np.sort(score[~y])
    for a, b in zip(merge_counts_numpy(pos, neg), merge_counts_numba(pos, neg), strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300), levels=st.integers(1, 6))
def test_average_precision_twins_agree_bit_for_bit(seed, n, levels):
    from minibalance._kernels.counts import average_precision_numba, average_precision_numpy

    rng = np.random.default_rng(seed)
    score = rng.integers(0, levels, n) / levels if seed % 2 else rng.random(n)
    y = rng.random(n) < 0.3
    y[0] = True
    pos, neg = np.sort(score[y]), np.sort(score[~y])
    assert average_precision_numpy(pos, neg) == average_precision_numba(pos, neg)


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 300),
    levels=st.integers(1, 6),
    positives=st.sampled_from([0.0, 0.3, 1.0]),
    dtype=st.sampled_from([np.float64, np.float32, np.int64]),
)
def test_pr_curve_twins_agree_with_each_other_and_scikit_learn(seed, n, levels, positives, dtype):
    # The fused kernel: the same arrays as the counts-then-divide path, on both
    # backends, with or without positives (recall is then 1, as scikit-learn sets it).
    import warnings

    from minibalance._kernels.counts import pr_curve_numba, pr_curve_numpy

    rng = np.random.default_rng(seed)
    score = (rng.integers(0, levels, n) if seed % 2 else rng.random(n) * 100).astype(dtype)
    y = rng.random(n) < positives
    pos, neg = np.sort(score[y]), np.sort(score[~y])
    ours = pr_curve_numpy(pos, neg)
    for a, b in zip(ours, pr_curve_numba(pos, neg), strict=True):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = skm.precision_recall_curve(y.astype(int), score)
    for a, b in zip(ours, expected, strict=True):
        np.testing.assert_array_equal(a, b)


def test_tied_scores_are_one_operating_point():
    fps, tps, thr = binary_counts(
        np.array([True, False, True, False]), np.array([0.5, 0.5, 0.5, 0.1])
    )
    assert thr.tolist() == [0.5, 0.1] and tps.tolist() == [2, 2] and fps.tolist() == [1, 2]


def test_zero_weight_samples_are_dropped():
    fps, tps, thr = binary_counts(
        np.array([True, False, True]), np.array([0.9, 0.8, 0.7]), np.array([1.0, 0.0, 2.0])
    )
    assert thr.tolist() == [0.9, 0.7] and tps.tolist() == [1.0, 3.0] and fps.tolist() == [0, 0]


def test_roc_auc_one_class_warns_and_is_nan():
    with pytest.warns(UndefinedMetricWarning, match="Only one class is present"):
        assert np.isnan(mbm.roc_auc_score([1, 1, 1], [0.1, 0.2, 0.3]))


def test_string_labels_need_pos_label():
    with pytest.raises(ValueError, match="pos_label is not specified"):
        mbm.precision_recall_curve(["a", "b"], [0.1, 0.9])


def test_nan_scores_are_refused():
    with pytest.raises(ValueError, match="y_score contains NaN"):
        mbm.roc_curve([0, 1], [0.1, np.nan])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16, object])
@pytest.mark.parametrize("n", [4, 5000])
def test_roc_auc_checks_the_scores_once_and_still_refuses_nonfinite(backend, bad, dtype, n):
    from unittest import mock

    from minibalance import _validation
    from minibalance.metrics import _ranking

    rng = np.random.default_rng(n)
    y = (rng.random(n) < 0.3).astype(np.int64)
    y[:2] = (0, 1)
    score = rng.random(n).astype(dtype)
    checks = []
    real = _validation._assert_finite

    def counted(arr, name):
        checks.append(name)
        return real(arr, name)

    with (  # the general path (the one-pass check declines)
        mock.patch.object(_validation, "_assert_finite", counted),
        mock.patch.object(_ranking, "_assert_finite", counted),
        mock.patch.object(_ranking, "_scanned_binary", lambda *a, **k: None),
    ):
        expected = skm.roc_auc_score(y, score.astype(np.float64))
        assert mbm.roc_auc_score(y, score) == pytest.approx(expected, rel=1e-12)
        assert checks.count("y_score") == 1  # the early check only, not again
        score[n // 2] = bad
        what = "NaN" if np.isnan(bad) else "infinity"
        with pytest.raises(ValueError, match=f"contains {what}"):
            skm.roc_auc_score(y, score)
        with pytest.raises(ValueError, match=f"contains {what}"):
            mbm.roc_auc_score(y, score)


def test_multiclass_needs_pos_label_for_curves():
    with pytest.raises(ValueError, match="multiclass format is not supported"):
        mbm.precision_recall_curve([0, 1, 2], [0.1, 0.5, 0.9])


def test_multiclass_roc_auc_needs_multi_class():
    score = np.full((3, 3), 1 / 3)
    with pytest.raises(ValueError, match="multi_class must be in"):
        mbm.roc_auc_score([0, 1, 2], score)


@given(
    n=st.integers(3, 90),
    k=st.integers(3, 5),
    seed=st.integers(0, 2**32 - 1),
    multi_class=st.sampled_from(["ovr", "ovo"]),
    average=st.sampled_from([None, "micro", "macro", "weighted"]),
    data=st.data(),
)
def test_multiclass_roc_auc_equals_sklearn(n, k, seed, multi_class, average, data):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    if data.draw(st.booleans(), label="string labels"):
        y = np.array(["a", "b", "c", "d", "e"])[y]
    n_cols = np.unique(y).size + data.draw(st.sampled_from([0, 0, 1]), label="extra column")
    score = (
        rng.integers(0, 4, (n, n_cols)) + 0.5
        if data.draw(st.booleans())
        else rng.random((n, n_cols))
    )
    score = score / score.sum(axis=1, keepdims=True)
    w = rng.random(n) if data.draw(st.booleans(), label="weights") else None
    kwargs = dict(multi_class=multi_class, average=average, sample_weight=w)
    ours, theirs = (_run_or_not_implemented(lib, y, score, **kwargs) for lib in (mbm, skm))
    assert_same(ours, theirs)


def _run_or_not_implemented(lib, *args, **kwargs):
    # ovo with average=None is not implemented in either library
    try:
        return _run(lib.roc_auc_score, *args, **kwargs)
    except NotImplementedError:
        return "not implemented", None, []


def test_auc_of_a_decreasing_curve():
    assert mbm.auc([1.0, 0.5, 0.0], [1.0, 1.0, 0.0]) == 0.75
    with pytest.raises(ValueError, match="neither increasing nor decreasing"):
        mbm.auc([0.0, 1.0, 0.5], [0.0, 1.0, 1.0])


@given(
    n=st.integers(1, 50),
    seed=st.integers(0, 2**32 - 1),
    order=st.sampled_from(["increasing", "decreasing", "unsorted", "flat"]),
)
def test_auc_equals_sklearn(n, seed, order):
    rng = np.random.default_rng(seed)
    x = rng.random(n)
    if order == "increasing":
        x = np.sort(x)
    elif order == "decreasing":
        x = np.sort(x)[::-1]
    elif order == "flat":
        x = np.zeros(n)
    y = rng.random(n)
    assert_same(_run(mbm.auc, x, y), _run(skm.auc, x, y))


# The radix sort under the Numba backend's ranking metrics (minibalance._kernels.radix_sort).
@st.composite
def sortable_scores(draw):
    """Scores the radix sort must order like np.sort: ties, signed zeros, infinities,
    subnormals, negative numbers; float64, float32, float16 and integers."""
    n = draw(st.integers(0, 3000))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(["continuous", "ties", "specials", "wide", "clustered"]))
    if kind == "continuous":
        score = rng.random(n)
    elif kind == "ties":
        score = rng.integers(-3, 4, n) / 2.0
    elif kind == "specials":
        special = np.array([0.0, -0.0, np.inf, -np.inf, 5e-324, -5e-324, 1.0, -1.0, 1e308])
        score = rng.choice(special, n)
    elif kind == "wide":
        score = rng.standard_normal(n) * 10.0 ** rng.integers(-300, 300, n)
    else:  # one far score, the rest within a few units in the last place of 1
        score = 1.0 + rng.integers(0, 64, n) * 2.0**-52
        score[: min(n, 1)] = 1e300
    dtype = draw(st.sampled_from([np.float64, np.float32, np.float16, np.int64]))
    with np.errstate(over="ignore", invalid="ignore"):
        score = score.astype(dtype) if dtype != np.int64 else np.nan_to_num(score).astype(dtype)
    is_pos = rng.random(n) < draw(st.sampled_from([0.0, 0.1, 0.5, 1.0]))
    return is_pos, score


def _same_sorted(a, b):
    """Equal values in equal order and dtype; a zero's sign may differ (-0.0 == 0.0)."""
    assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(a, b)


@given(problem=sortable_scores(), small=st.booleans())
def test_radix_split_sort_equals_np_sort(problem, small):
    from unittest import mock

    from minibalance._kernels import radix_sort

    is_pos, score = problem
    # the radix path at every size, or the cut-over as shipped; on any CPU (where
    # NumPy's sort is vectorised the Numba twin takes np.sort above the cut-over)
    with (
        mock.patch.object(radix_sort, "RADIX_MIN_SIZE", 1024 if small else 0),
        mock.patch.object(radix_sort, "vector_sort", lambda: False),
    ):
        ours = radix_sort.split_sorted_numba(is_pos, score)
    for a, b in zip(ours, radix_sort.split_sorted_numpy(is_pos, score), strict=True):
        _same_sorted(a, b)


@given(problem=sortable_scores(), table=st.booleans())
def test_roc_area_twins_are_the_mann_whitney_count(problem, table):
    from unittest import mock

    from minibalance._kernels import counts
    from minibalance._kernels.counts import (
        twice_roc_area_binned_numpy,
        twice_roc_area_numba,
        twice_roc_area_numpy,
    )

    def twice_roc_area_binned_numba(is_pos, score):
        # the bucket table at every size, or the cut-over as shipped
        with mock.patch.object(counts, "TABLE_MIN_SIZE", 0 if table else 1024):
            return counts.twice_roc_area_binned_numba(is_pos, score)

    is_pos, score = problem
    score = score[:400].astype(np.float64)  # the pair count below is quadratic
    is_pos = is_pos[:400]
    pos, neg = np.sort(score[is_pos]), np.sort(score[~is_pos])
    # every (positive, negative) pair: 2 when the positive scores higher, 1 on a tie
    pairs = 2 * (pos[:, None] > neg[None, :]) + (pos[:, None] == neg[None, :])
    expected = int(pairs.sum())
    assert twice_roc_area_numpy(pos, neg) == expected
    assert twice_roc_area_numba(pos, neg) == expected
    # and from the labels, the negatives binned among the sorted positives
    assert twice_roc_area_binned_numpy(is_pos, score) == expected
    assert twice_roc_area_binned_numba(is_pos, score) == expected


@given(problem=sortable_scores(), threads=st.booleans(), block=st.sampled_from([1, 2, 5, 1024]))
def test_bucket_table_placement_twins_agree(problem, threads, block):
    """The bucket table (Numba) and np.unique with searchsorted (NumPy) give the same
    integers: the positives per distinct score, the negatives per gap and per tie;
    with the negatives placed in one pass, or split between two threads at any size;
    with the positives radix-sorted or sorted by np.sort; found and counted a block
    of any size at a time."""
    _check_placement_twins(*problem, threads, block)


@pytest.mark.parametrize("positives", [0.3, 0.5])
def test_bucket_table_with_many_groups_agrees(positives):
    """Beyond 2**17 distinct positive scores the buckets per group fall (the table
    stays at 2**20); 300,000 scores, 90,000 or 150,000 groups."""
    rng = np.random.default_rng(7)
    n = 300_000
    score = rng.standard_normal(n) * 10.0 ** rng.integers(-5, 5, n)
    _check_placement_twins(rng.random(n) < positives, score, threads=True)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("crowd", [1, 3, 20])
def test_bucket_table_scores_a_few_ulps_apart(dtype, crowd):
    """Keys that share their bucket and the leading bits of their offset in it: the
    table's code cannot tell them apart, so the groups themselves are compared (a
    lone group, a few scanned, or more than SCAN bisected), ties counted exactly.
    Scores spread over 1e-3 to 1e3 make the buckets wide; around 0.7, ``crowd``
    positives and negatives alternate one ulp apart, with ties."""
    v = dtype(0.7)
    up = [v]
    for _ in range(4 * crowd + 4):
        up.append(np.nextafter(up[-1], dtype(np.inf)))
    down = [np.nextafter(v, dtype(-np.inf))]
    near = np.array(down + up, dtype=dtype)  # 0.7 - 1 ulp, 0.7, 0.7 + 1 ulp, ...
    pos = near[1 : 1 + 2 * crowd : 2]  # every other one from 0.7: crowd groups
    neg = np.concatenate([near, pos[::2]])  # all of them, and ties with some groups
    wide = np.geomspace(1e-3, 1e3, 50).astype(dtype)
    score = np.concatenate([pos, neg, wide, wide])
    is_pos = np.zeros(score.size, bool)
    is_pos[: pos.size] = True
    is_pos[pos.size + neg.size : pos.size + neg.size + wide.size] = True
    _check_placement_twins(is_pos, score, threads=False, block=7)
    from minibalance._kernels import placement

    _, bins, tied = placement.place_negatives_numba(is_pos, score)
    assert bins.sum() == neg.size + wide.size
    # a negative ties when its score is a positive's: those near 0.7 and the wide ones
    assert tied.sum() == np.isin(score[~is_pos], score[is_pos]).sum() > wide.size


@pytest.mark.parametrize("disable", ["avx512", "avx2_and_avx512"])
def test_vector_sort_follows_numpy_dispatch(disable):
    """With NumPy's AVX2 and AVX-512 sorts disabled the radix sort is taken again;
    with AVX-512 alone disabled, NumPy's AVX2 sort is kept where the CPU has AVX2."""
    import os
    import subprocess
    import sys

    from minibalance._kernels import radix_sort

    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__ as dispatched
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # NumPy 1.x
        from numpy.core._multiarray_umath import __cpu_dispatch__ as dispatched
        from numpy.core._multiarray_umath import __cpu_features__ as features
    zen4 = radix_sort._slow_avx512_sort(radix_sort._cpu_description())
    if not radix_sort.vector_sort() and not (zen4 and features.get("AVX2")):
        pytest.skip("NumPy's sort is not vectorised here: nothing to disable")
    avx512 = {name for name in dispatched if name == "X86_V4" or name.startswith("AVX512")}
    if disable == "avx512":
        if not features.get("AVX2") or np.lib.NumpyVersion(np.__version__) < "2.0.0":
            pytest.skip("no AVX2 sort in NumPy here")
        names, expected = avx512, "True"
    else:
        names, expected = avx512 | {"X86_V3", "AVX2"}, "False"
    # only dispatched targets may be disabled (NumPy refuses the others)
    names = sorted(names & set(dispatched))
    code = "from minibalance._kernels.radix_sort import vector_sort; print(vector_sort())"
    env = dict(os.environ, NPY_DISABLE_CPU_FEATURES=" ".join(names))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


@pytest.mark.parametrize(
    ("version", "flags", "expected"),
    [
        ("2.4.6", {"X86_V3": True, "X86_V4": True}, True),
        ("2.4.6", {"X86_V3": True, "X86_V4": False, "AVX2": True}, True),
        ("2.4.6", {"X86_V3": False, "X86_V4": False, "AVX2": True}, False),
        ("2.1.3", {"AVX2": True, "AVX512_SKX": False}, True),
        ("2.1.3", {"AVX2": False, "AVX512_SKX": True}, True),
        ("1.26.4", {"AVX2": True, "AVX512_SKX": False}, False),
        ("1.26.4", {"AVX2": True, "AVX512_SKX": True}, True),
        ("1.24.4", {"AVX2": True, "AVX512_SKX": True}, False),
        ("2.4.6", {"ASIMD": True}, False),
    ],
)
@pytest.mark.parametrize("zen4", [False, True])
def test_vector_sort_reads_numpy_version_and_features(version, flags, expected, zen4):
    """AVX-512 sorts from NumPy 1.25, AVX2 sorts from 2.0; NumPy 2.4's group names
    (X86_V3, X86_V4) first, the older feature names otherwise. On AMD Zen 4 NumPy's
    AVX-512 sort is not counted (it is as slow as a scalar sort there)."""
    from unittest import mock

    from minibalance._kernels import radix_sort

    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:  # NumPy 1.x
        from numpy.core import _multiarray_umath as umath
    cpu = _ZEN4_CPUINFO if zen4 else _INTEL_CPUINFO
    avx512 = flags.get("X86_V4", flags.get("AVX512_SKX", False))
    with (
        mock.patch.object(np, "__version__", version),
        mock.patch.object(umath, "__cpu_features__", flags),
        mock.patch.object(radix_sort, "_cpu_description", lambda: cpu),
    ):
        assert radix_sort.vector_sort.__wrapped__() is (expected and not (zen4 and avx512))


# the first lines of /proc/cpuinfo on an AMD EPYC Zen 4 virtual machine, trimmed
_ZEN4_CPUINFO = """processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC
stepping\t: 1
flags\t\t: fpu sse2 avx2 avx512f avx512dq avx512bw avx512vl
"""
_INTEL_CPUINFO = """processor\t: 0
vendor_id\t: GenuineIntel
cpu family\t: 6
model\t\t: 143
model name\t: Intel(R) Xeon(R) Platinum 8488C
flags\t\t: fpu sse2 avx2 avx512f avx512dq avx512bw avx512vl
"""


@pytest.mark.parametrize(
    ("cpu", "expected"),
    [
        (_ZEN4_CPUINFO, True),
        (_INTEL_CPUINFO, False),
        (_ZEN4_CPUINFO.replace(": 25", ": 26"), False),  # Zen 5, family 1Ah
        (_ZEN4_CPUINFO.replace(": 25", ": 23"), False),  # Zen 2, family 17h
        ("AMD64 Family 25 Model 17 Stepping 1, AuthenticAMD", True),  # Windows
        ("AMD64 Family 26 Model 68 Stepping 0, AuthenticAMD", False),
        ("Intel64 Family 6 Model 143 Stepping 8, GenuineIntel", False),
        ("Family 25, GenuineIntel", False),
        ("AuthenticAMD", False),  # no family given
        ("x86_64", False),
        ("", False),
    ],
)
def test_slow_avx512_sort_reads_amd_family_19h(cpu, expected):
    from minibalance._kernels import radix_sort

    assert radix_sort._slow_avx512_sort(cpu) is expected


def _check_placement_twins(is_pos, score, threads, block=None):
    from unittest import mock

    from minibalance._kernels import placement, radix_sort

    if score.dtype not in (np.float64, np.float32):  # the table takes float scores only
        score = score.astype(np.float64)
    expected = placement.place_negatives_numpy(is_pos, score)
    # the positives sorted by radix passes, or by np.sort (where NumPy's sort is SIMD)
    for vector in (False, True):
        with (
            mock.patch.object(placement, "THREADS_MIN_SIZE", 0 if threads else 2**62),
            mock.patch.object(placement, "BLOCK", block or placement.BLOCK),
            mock.patch("os.cpu_count", lambda: 2),
            mock.patch.object(radix_sort, "vector_sort", lambda vector=vector: vector),
        ):
            ours = placement.place_negatives_numba(is_pos, score)
        for a, b in zip(ours, expected, strict=True):
            assert a.dtype == b.dtype == np.int64
            np.testing.assert_array_equal(a, b)
    counts, bins, tied = placement.place_negatives_numpy(is_pos, score)
    assert counts.sum() == is_pos.sum() and bins.sum() == (~is_pos).sum()
    assert (tied <= bins).all() and tied[0] == 0


def test_bucket_table_refuses_more_positives_than_its_codes_leave_room_for():
    """The first group and the code share 32 bits: beyond MAX_GROUPS positives the
    table refuses, naming the limit and the sort to use instead."""
    from unittest import mock

    from minibalance._kernels import placement

    score = np.linspace(0.0, 1.0, 64)
    is_pos = np.arange(64) % 4 == 0  # 16 positives
    with mock.patch.object(placement, "MAX_GROUPS", 16):
        placement.place_negatives_numba(is_pos, score)  # at the limit: placed
    with (
        mock.patch.object(placement, "MAX_GROUPS", 15),
        pytest.raises(ValueError, match=r"at most 15 positives; got 16.*split_sorted"),
    ):
        placement.place_negatives_numba(is_pos, score)


def test_bucket_table_thread_error_reaches_the_caller():
    """An error in the thread placing the upper half is raised in the caller's thread."""
    from unittest import mock

    from minibalance._kernels import placement

    place_range = placement._place_range

    def failing_upper_half(*args):
        if args[-2] > 0:  # ``first``: the upper half
            raise MemoryError("no room for the upper half's counts")
        return place_range(*args)

    score = np.linspace(0.0, 1.0, 64)
    is_pos = np.arange(64) % 8 == 0
    with (
        mock.patch.object(placement, "THREADS_MIN_SIZE", 0),
        mock.patch("os.cpu_count", lambda: 2),
        mock.patch.object(placement, "_place_range", failing_upper_half),
        pytest.raises(MemoryError, match="upper half"),
    ):
        placement.place_negatives_numba(is_pos, score)


@given(problem=sortable_scores(), table=st.booleans())
def test_binned_average_precision_equals_the_merge_bit_for_bit(problem, table):
    # Small inputs sort the positives only and bin the negatives among them (on
    # Numba, large float ones by the bucket table): the same integer counts at every
    # positive score, so the same terms, added in the same order, as the merge of
    # both sorted classes.
    from unittest import mock

    from minibalance._kernels import counts

    is_pos, score = problem
    if score.dtype == np.float16:  # check_binary_inputs widens float16 to float32
        score = score.astype(np.float32)
    if not is_pos.any():  # the metric warns and never gets here without a positive
        is_pos = np.ones_like(is_pos)
    if score.size == 0:
        return
    pos, neg = np.sort(score[is_pos]), np.sort(score[~is_pos])
    expected = counts.average_precision_numpy(pos, neg)
    assert counts.average_precision_binned_numpy(is_pos, score) == expected
    with mock.patch.object(counts, "TABLE_MIN_SIZE", 0 if table else 1024):
        assert counts.average_precision_binned_numba(is_pos, score) == expected


@pytest.mark.parametrize("n", [1023, 1024, 5000, 100_000])
@pytest.mark.parametrize("scores", ["continuous", "ties", "float32", "signed zeros"])
@pytest.mark.parametrize("vector_sort", [False, True])
def test_large_ranking_metrics_equal_sklearn_on_both_backends(backend, n, scores, vector_sort):
    """The sizes where the Numba backend switches to the radix sort, and beyond; with
    the radix sort or np.sort (where NumPy's is vectorised), whatever this CPU has."""
    from unittest import mock

    from minibalance._kernels import radix_sort

    with mock.patch.object(radix_sort, "vector_sort", lambda: vector_sort):
        _check_large_ranking_metrics(n, scores)


def _check_large_ranking_metrics(n, scores):
    rng = np.random.default_rng(n)
    y = (rng.random(n) < 0.1).astype(int)
    y[:2] = (0, 1)
    if scores == "continuous":
        s = rng.random(n)
    elif scores == "ties":
        s = rng.integers(0, 50, n) / 50.0
    elif scores == "float32":
        s = rng.random(n).astype(np.float32)
    else:
        s = rng.choice(np.array([-0.0, 0.0, 0.5, -0.5]), n)
    for a, b in zip(mbm.precision_recall_curve(y, s), skm.precision_recall_curve(y, s)):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b, strict=True)
    for a, b in zip(mbm.roc_curve(y, s), skm.roc_curve(y, s)):
        np.testing.assert_array_equal(a, b, strict=True)
    assert abs(mbm.average_precision_score(y, s) - skm.average_precision_score(y, s)) <= 1e-12
    assert abs(mbm.roc_auc_score(y, s) - skm.roc_auc_score(y, s)) <= 1e-12


def test_a_curve_of_few_distinct_scores_does_not_keep_its_large_buffers(backend):
    """The Numba PR curve is written into buffers sized for all-distinct scores; with
    heavy ties the curve must come back as small arrays of its own."""
    rng = np.random.default_rng(0)
    y = (rng.random(100_000) < 0.1).astype(int)
    s = rng.integers(0, 3, 100_000) / 2.0
    for a in mbm.precision_recall_curve(y, s):
        assert a.shape[0] <= 4
        assert a.base is None or a.base.nbytes <= 8 * a.nbytes


def _scores_laid_out(s, layout):
    if layout == "big-endian float64":
        return s.astype(">f8")
    if layout == "big-endian float32":
        return s.astype(">f4")
    if layout == "strided":  # a column of predict_proba
        return np.column_stack([1 - s, s])[:, 1]
    return np.frombuffer(b"\0" + s.tobytes(), dtype=np.float64, offset=1)  # unaligned


LAYOUTS = ["big-endian float64", "big-endian float32", "strided", "unaligned"]


@pytest.mark.parametrize("n", [500, 3000])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_scores_of_any_layout_equal_sklearn_on_both_backends(backend, n, layout):
    """A big-endian array (as read from a file), a column of predict_proba and an
    unaligned buffer give scikit-learn's results and are not modified. (Numba cannot
    type a big-endian array: the Numba backend raised a TypingError on them.)"""
    rng = np.random.default_rng(n)
    y = (rng.random(n) < 0.1).astype(int)
    y[:2] = (0, 1)
    s = _scores_laid_out(rng.random(n), layout)
    assert layout != "unaligned" or not s.flags.aligned
    before = s.copy()
    w = rng.random(n)
    for kwargs in ({}, {"sample_weight": w}, {"drop_intermediate": True}):
        for ours, theirs in (
            (
                mbm.precision_recall_curve(y, s, **kwargs),
                skm.precision_recall_curve(y, s, **kwargs),
            ),
            (mbm.roc_curve(y, s, **kwargs), skm.roc_curve(y, s, **kwargs)),
        ):
            for a, b in zip(ours, theirs, strict=True):
                assert a.dtype == b.dtype  # byte order too: the PR thresholds keep the scores'
                np.testing.assert_array_equal(a, b)
    assert abs(mbm.average_precision_score(y, s) - skm.average_precision_score(y, s)) <= 1e-12
    assert abs(mbm.roc_auc_score(y, s) - skm.roc_auc_score(y, s)) <= 1e-12
    assert s.dtype == before.dtype
    np.testing.assert_array_equal(s, before, strict=True)


@pytest.mark.skipif(not numba_available(), reason="numba is not installed")
def test_scores_of_any_layout_compile_no_new_kernel():
    """The scores reach the kernels contiguous, aligned and in native byte order, so a
    column of predict_proba does not compile an 'A'-layout copy of each kernel in the
    caller's process (0.3-3 s apiece, measured) beside the ones the warm-up caches."""
    from minibalance._kernels import counts, radix_sort

    kernels = [
        f for m in (counts, radix_sort) for f in vars(m).values() if hasattr(f, "signatures")
    ]
    before = {f: set(f.signatures) for f in kernels}
    rng = np.random.default_rng(0)
    with minibalance.config_context(backend="numba"):
        for n in (500, 3000):
            y = (rng.random(n) < 0.1).astype(int)
            y[:2] = (0, 1)
            for layout in LAYOUTS:
                s = _scores_laid_out(rng.random(n), layout)
                for metric in ("precision_recall_curve", "roc_curve"):
                    getattr(mbm, metric)(y, s)
                mbm.average_precision_score(y, s)
                mbm.roc_auc_score(y, s)
    new = [(f, sig) for f in kernels for sig in set(f.signatures) - before[f]]
    for f, sig in new:
        for arg in sig:
            assert getattr(arg, "layout", "C") == "C" and getattr(arg, "aligned", True), (f, sig)


LABEL_SETS = [(0, 1), (-1, 1), (-1, 0, 1), (0,), (1,), (-1,), (0, 2), (1, 2), (-1, 0), (0, 1, 2)]


SPECIAL_SCORES = [None, np.nan, np.inf, -np.inf, -0.0]


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 1100),  # across the radix sort's cut-over (1,024)
    labels=st.sampled_from(LABEL_SETS),
    dtype=st.sampled_from([np.float64, np.float32]),
    special=st.sampled_from(SPECIAL_SCORES),
    ties=st.booleans(),
)
def test_usual_pr_curve_call_is_the_validated_one(backend, seed, n, labels, dtype, special, ties):
    """int64 labels and float scores (the usual call) take one compiled pass when the
    labels are exactly {0, 1} or {-1, 1} and the scores finite; the result is the full
    path's and scikit-learn's, and anything else (a third class, one class, NaN or
    infinite scores) is validated as before, with scikit-learn's errors and warnings."""
    _check_usual_pr_curve(seed, n, labels, dtype, special, ties)


@pytest.mark.parametrize("special", SPECIAL_SCORES)
@pytest.mark.parametrize("labels", LABEL_SETS)
def test_usual_pr_curve_call_on_every_label_set(backend, labels, special):
    """Each label set and special score once, whatever Hypothesis draws."""
    for n in (len(labels), 40, 1100):
        _check_usual_pr_curve(n, n, labels, np.float64, special, ties=False)


def _check_usual_pr_curve(seed, n, labels, dtype, special, ties):
    from minibalance._counts import binary_pr_curve, usual_pr_curve
    from minibalance._validation import check_binary_inputs

    rng = np.random.default_rng(seed)
    y = rng.choice(np.array(labels, dtype=np.int64), n)
    y[: len(labels)] = labels[:n]
    s = (rng.integers(0, 5, n) / 4 if ties else rng.random(n)).astype(dtype)
    if special is not None:
        s[rng.integers(0, n)] = special
    before = (y.copy(), s.copy())
    # the labels y holds (with n below the label set's size, not all of them)
    usual = set(np.unique(y).tolist()) in ({0, 1}, {-1, 1})
    usual = usual and bool(np.isfinite(s).all()) and n < 1024
    curve = usual_pr_curve(y, s)
    assert (curve is not None) == usual
    if usual:
        expected = binary_pr_curve(*check_binary_inputs(y, s, None, None)[:2])
        for a, b in zip(curve, expected, strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b, strict=True)
    assert_same(_run(mbm.precision_recall_curve, y, s), _run(skm.precision_recall_curve, y, s))
    np.testing.assert_array_equal(y, before[0], strict=True)
    np.testing.assert_array_equal(s, before[1], strict=True)


@pytest.mark.skipif(not numba_available(), reason="numba is not installed")
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300), labels=st.sampled_from(LABEL_SETS))
def test_usual_pr_curve_twins_agree(seed, n, labels):
    from minibalance._kernels import counts

    rng = np.random.default_rng(seed)
    y = rng.choice(np.array(labels, dtype=np.int64), n)
    s = rng.integers(0, 6, n) / 5.0
    if rng.random() < 0.3:
        s[rng.integers(0, n)] = np.nan
    a, b = counts.pr_curve_usual_numba(y, s), counts.pr_curve_usual_numpy(y, s)
    assert (a is None) == (b is None)
    for x, z in zip(a or (), b or (), strict=True):
        np.testing.assert_array_equal(x, z, strict=True)


@pytest.mark.parametrize(
    ("n_pos", "n", "dtype", "backend", "expected"),
    [
        (10, 1_000, np.float64, "numpy", True),  # below the radix cut-over: always
        (10_000, 1_000_000, np.float64, "numba", True),
        (10_000, 1_000_000, np.float32, "numba", True),
        (10_000, 1_000_000, np.int64, "numba", False),  # the table takes floats only
        (10_000, 1_000_000, np.float64, "numpy", False),
        (600, 1_000, np.float64, "numba", True),
        (1_500, 2_000, np.float64, "numba", False),  # more than half positive
        (2**17, 2**20, np.float64, "numba", True),
        (2**17 + 1, 2**20, np.float64, "numba", False),  # beyond MAX_POSITIVES
    ],
)
def test_binned_placement_is_chosen_for_few_float_positives(n_pos, n, dtype, backend, expected):
    """Average precision and the ROC area take the bucket table on the Numba backend
    for float scores with at most half and at most MAX_POSITIVES positives."""
    from minibalance import _counts, config_context

    y = np.zeros(n, dtype=bool)
    y[:n_pos] = True
    with config_context(backend=backend):
        assert _counts._binned(y, np.zeros(n, dtype=dtype)) is expected


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 3000),
    labels=st.sampled_from([(0, 1), (-1, 0), (1, 2), (0, 2), (0, 1, 2), (5, 5)]),
    pos_label=st.sampled_from([0, 1, 2, -1, 5]),
    dtype=st.sampled_from([np.float64, np.float32]),
    bad=st.sampled_from([None, np.nan, np.inf, -np.inf, "max", -0.0]),
)
def test_binary_scan_twins_agree(backend, seed, n, labels, pos_label, dtype, bad):
    from minibalance._kernels import binary_scan

    rng = np.random.default_rng(seed)
    y = rng.choice(np.array(labels, np.int64), n)
    score = rng.random(n).astype(dtype)
    if bad is not None:
        score[rng.integers(n)] = np.finfo(dtype).max if bad == "max" else bad
    expected = (int(y.min()), int(y.max()), y == pos_label, not np.isfinite(score).all())
    for got in (
        binary_scan.scan_binary_numpy(y, pos_label, score),
        binary_scan.scan_binary_numba(y, pos_label, score),
    ):
        assert got[0] == expected[0] and got[1] == expected[1] and got[3] is expected[3]
        assert got[2].dtype == np.bool_
        np.testing.assert_array_equal(got[2], expected[2])


def _outcome(f, *args, **kwargs):
    """The value, or the error's type and message, and the warnings' messages."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = ("value", f(*args, **kwargs))
        except (ValueError, TypeError) as error:
            value = ("error", type(error), str(error))
    return value, [str(w.message) for w in caught]


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.sampled_from([1023, 1024, 2000]),
    labels=st.sampled_from([(0, 1), (-1, 0), (1, 2), (0, 2), (0, 1, 2), (1, 1), (0, 0)]),
    pos_label=st.sampled_from([1, 0, 2, -1, True, np.int64(1), 1.0, "1", 2**64]),
    dtype=st.sampled_from([np.float64, np.float32, np.float16, np.int64]),
    bad=st.sampled_from([None, np.nan, np.inf]),
    layout=st.sampled_from(["usual", "strided", "big-endian", "list", "int32 labels"]),
    max_fpr=st.sampled_from([None, 1.0, 0.5]),
)
def test_one_pass_check_gives_the_general_paths_answer(
    backend, seed, n, labels, pos_label, dtype, bad, layout, max_fpr
):
    from unittest import mock

    from minibalance.metrics import _ranking

    rng = np.random.default_rng(seed)
    y = rng.choice(np.array(labels, np.int64), n)
    score = (rng.random(n) * 10).astype(dtype)
    if bad is not None and dtype != np.int64:
        score[rng.integers(n)] = bad
    if layout == "strided":
        score = np.repeat(score, 2)[::2]
    elif layout == "big-endian":
        score = score.astype(score.dtype.newbyteorder(">"))
    elif layout == "list":
        y = y.tolist()
    elif layout == "int32 labels":
        y = y.astype(np.int32)
    calls = [
        (mbm.average_precision_score, {"pos_label": pos_label}),
        (mbm.roc_auc_score, {"max_fpr": max_fpr}),
        (_listed_curve, {"pos_label": pos_label}),
        (_listed_curve, {}),  # pos_label=None: {0, 1} or {-1, 1}
    ]
    for f, kwargs in calls:
        fast = _outcome(f, y, score, **kwargs)
        with mock.patch.object(_ranking, "_scanned_binary", lambda *a, **k: None):
            general = _outcome(f, y, score, **kwargs)
        assert fast == general


def _listed_curve(y_true, y_score, **kwargs):
    """The PR curve's arrays as (dtype, values): comparable with ``==``."""
    curve = mbm.precision_recall_curve(y_true, y_score, **kwargs)
    return [(a.dtype.str, a.tolist()) for a in curve]


def test_one_pass_check_serves_the_usual_call(backend):
    from unittest import mock

    from minibalance._kernels import binary_scan

    rng = np.random.default_rng(0)
    y = (rng.random(5000) < 0.1).astype(np.int64)
    y[:2] = (0, 1)
    for dtype in (np.float64, np.float32):
        score = rng.random(5000).astype(dtype)
        with mock.patch.object(
            binary_scan,
            f"scan_binary_{backend}",
            wraps=getattr(binary_scan, f"scan_binary_{backend}"),
        ) as scan:
            assert mbm.average_precision_score(y, score) == pytest.approx(
                skm.average_precision_score(y, score), rel=1e-12
            )
            assert mbm.roc_auc_score(y, score) == pytest.approx(
                skm.roc_auc_score(y, score), rel=1e-12
            )
            assert scan.call_count == 2
            for got, expected in zip(
                mbm.precision_recall_curve(y, score),
                skm.precision_recall_curve(y, score),
                strict=True,
            ):
                assert got.dtype == expected.dtype
                np.testing.assert_allclose(got, expected, rtol=1e-12)
            assert scan.call_count == 3
            # {1, 2} without pos_label: refused (ValueError), after the scan declines
            with pytest.raises(ValueError, match="pos_label is not specified"):
                mbm.precision_recall_curve(y + 1, score)
            assert scan.call_count == 4
            scan.reset_mock()
            # {1, 2}: the greater label is positive, but it is not 1
            assert mbm.roc_auc_score(y + 1, score) == pytest.approx(
                skm.roc_auc_score(y + 1, score), rel=1e-12
            )
            assert mbm.average_precision_score(y + 1, score, pos_label=1) == pytest.approx(
                skm.average_precision_score(y + 1, score, pos_label=1), rel=1e-12
            )
            assert scan.call_count == 2
            score[7] = np.nan  # refused by the general path, after the scan declines
            with pytest.raises(ValueError, match="y_score contains NaN"):
                mbm.average_precision_score(y, score)
            assert scan.call_count == 3


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1024, 4000),
    lo=st.integers(-3, 3),
    positive=st.sampled_from(["lo", "hi", "hi numpy"]),
    share=st.floats(0.001, 0.999),
    dtype=st.sampled_from([np.float64, np.float32]),
    decimals=st.sampled_from([1, 2, 3, None]),
)
def test_one_pass_check_taken_gives_the_general_paths_answer(
    backend, seed, n, lo, positive, share, dtype, decimals
):
    from unittest import mock

    from minibalance._kernels import binary_scan
    from minibalance.metrics import _ranking

    rng = np.random.default_rng(seed)
    y = lo + (rng.random(n) < share).astype(np.int64)
    y[:2] = (lo, lo + 1)
    score = rng.random(n)
    if decimals is not None:  # ties
        score = np.round(score, decimals)
    score = score.astype(dtype)
    pos_label = {"lo": lo, "hi": lo + 1, "hi numpy": np.int64(lo + 1)}[positive]
    name = f"scan_binary_{backend}"
    with mock.patch.object(binary_scan, name, wraps=getattr(binary_scan, name)) as scan:
        ap = mbm.average_precision_score(y, score, pos_label=pos_label)
        roc = mbm.roc_auc_score(y, score)
        curve = _listed_curve(y, score, pos_label=pos_label)
    assert scan.call_count == 3
    expected_curve = skm.precision_recall_curve(y, score, pos_label=pos_label)
    for (dtype, got), expected in zip(curve, expected_curve, strict=True):
        assert dtype == expected.dtype.str
        np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert ap == pytest.approx(skm.average_precision_score(y, score, pos_label=pos_label))
    assert roc == pytest.approx(skm.roc_auc_score(y, score))
    with mock.patch.object(_ranking, "_scanned_binary", lambda *a, **k: None):
        assert ap == mbm.average_precision_score(y, score, pos_label=pos_label)
        assert roc == mbm.roc_auc_score(y, score)
        assert curve == _listed_curve(y, score, pos_label=pos_label)


@pytest.mark.parametrize("n", [40, 3000])
def test_big_endian_float16_scores_are_widened_like_native_ones(backend, n):
    # '>f2' is not np.float16: it reached the Numba kernels as float16 (which
    # they are not compiled for) instead of being widened to float32
    rng = np.random.default_rng(n)
    y = (rng.random(n) < 0.3).astype(np.int64)
    y[:2] = (0, 1)
    score = rng.random(n).astype(">f2")
    wide = score.astype(np.float64)
    assert mbm.average_precision_score(y, score) == pytest.approx(
        skm.average_precision_score(y, wide), rel=1e-12
    )
    assert mbm.roc_auc_score(y, score) == pytest.approx(skm.roc_auc_score(y, wide), rel=1e-12)
    for ours, theirs in zip(
        mbm.precision_recall_curve(y, score), skm.precision_recall_curve(y, wide), strict=True
    ):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
