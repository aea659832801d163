"""minibalance.dask on a real LocalCluster: the single-machine answers, exactly."""

import contextlib
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minibalance
import minibalance.metrics as single
from minibalance.threshold import find_best_threshold as single_best

da = pytest.importorskip("dask.array")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask  # noqa: E402

import minibalance.dask as mdk  # noqa: E402
from minibalance.dask import _ranking as ranking  # noqa: E402


@pytest.fixture(scope="module")
def client():
    """Two worker processes, as on a small cluster."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit="1GB",
            dashboard_address=None,
        )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _chunks(n, rng, n_parts):
    """Uneven partition sizes summing to n, some of them empty."""
    cuts = np.sort(rng.integers(0, n + 1, n_parts - 1))
    sizes = np.diff(np.r_[0, cuts, n])
    return (tuple(int(v) for v in sizes),)


@st.composite
def problems(draw):
    n = draw(st.integers(2, 400))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < draw(st.sampled_from([0.05, 0.3, 0.5]))).astype(int)
    y[:2] = [0, 1]
    rng.shuffle(y)
    ties = draw(st.sampled_from([None, 1, 2]))
    score = rng.random(n) + 0.4 * y
    if ties is not None:
        score = np.round(score, ties)
    if draw(st.booleans()):
        order = np.argsort(y, kind="stable")  # a class absent from some partitions
        y, score = y[order], score[order]
    weights = draw(st.sampled_from([None, "float", "with_zeros"]))
    w = None
    if weights == "float":
        w = rng.random(n) * 2
    elif weights == "with_zeros":
        w = rng.random(n) * (rng.random(n) < 0.7)
        w[y == 1] += 0.5  # keep both classes weighted
        w[y == 0] += 0.5 * (w[y == 0] == 0) * (np.arange((y == 0).sum()) == 0)
    labels = draw(st.sampled_from(["int", "str"]))
    chunks = _chunks(n, rng, draw(st.integers(1, 7)))
    # rows per value-range bucket: small ones make many buckets out of few rows
    bucket_rows = draw(st.sampled_from([5, 40, 10**6]))
    return y, score, w, labels, chunks, bucket_rows


@contextlib.contextmanager
def _bucket_rows(n):
    """Size the value-range buckets (the driver reads it when planning)."""
    saved = ranking._ROWS_PER_BUCKET
    ranking._ROWS_PER_BUCKET = n
    try:
        yield
    finally:
        ranking._ROWS_PER_BUCKET = saved


def _dask(values, chunks):
    return None if values is None else da.from_array(values, chunks=chunks)


@settings(max_examples=15, deadline=None)
@given(problem=problems())
def test_ranking_metrics_equal_the_single_machine_ones(client, problem):
    y, score, w, labels, chunks, bucket_rows = problem
    with _bucket_rows(bucket_rows):
        _check_ranking_metrics(y, score, w, labels, chunks)


def _check_ranking_metrics(y, score, w, labels, chunks):
    pos_label = 1
    if labels == "str":
        y = np.array(["ok", "fraud"])[y]
        pos_label = "fraud"
    Y, S, W = _dask(y, chunks), _dask(score, chunks), _dask(w, chunks)
    ap = mdk.average_precision_score(Y, S, pos_label=pos_label, sample_weight=W)
    expected = single.average_precision_score(y, score, pos_label=pos_label, sample_weight=w)
    assert ap == pytest.approx(expected, abs=1e-12)
    if labels == "int":
        auc = mdk.roc_auc_score(Y, S, sample_weight=W)
        assert auc == pytest.approx(single.roc_auc_score(y, score, sample_weight=w), abs=1e-12)
    p, r, t = (
        a.compute() for a in mdk.precision_recall_curve(Y, S, pos_label=pos_label, sample_weight=W)
    )
    p1, r1, t1 = single.precision_recall_curve(y, score, pos_label=pos_label, sample_weight=w)
    np.testing.assert_array_equal(t, t1)
    np.testing.assert_allclose(p, p1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(r, r1, rtol=0, atol=1e-12)
    for drop in (False, True):
        if drop and w is not None:
            continue  # weighted: which points are collinear is decided by rounding
        f, tp, t = (
            a.compute()
            for a in mdk.roc_curve(
                Y, S, pos_label=pos_label, sample_weight=W, drop_intermediate=drop
            )
        )
        f1, tp1, t1 = single.roc_curve(
            y, score, pos_label=pos_label, sample_weight=w, drop_intermediate=drop
        )
        np.testing.assert_array_equal(t, t1)
        np.testing.assert_allclose(f, f1, rtol=0, atol=1e-12)
        np.testing.assert_allclose(tp, tp1, rtol=0, atol=1e-12)


@settings(max_examples=12, deadline=None)
@given(
    problem=problems(),
    objective=st.sampled_from(["f1", "mcc", "balanced_accuracy", "precision", "cost"]),
    min_recall=st.sampled_from([None, 0.5, 0.9]),
)
def test_best_threshold_equals_the_single_machine_one(client, problem, objective, min_recall):
    y, score, w, _, chunks, bucket_rows = problem
    with _bucket_rows(bucket_rows):
        _check_best_threshold(y, score, w, chunks, objective, min_recall)


def _check_best_threshold(y, score, w, chunks, objective, min_recall):
    kwargs = {"objective": objective, "min_recall": min_recall, "sample_weight": w}
    if objective == "cost":
        kwargs.update(cost_fp=1.0, cost_fn=7.0)
    try:
        expected = single_best(y, score, **kwargs)
    except ValueError as exc:
        with pytest.raises(ValueError, match=re.escape(str(exc))):
            mdk.find_best_threshold(
                _dask(y, chunks),
                _dask(score, chunks),
                **{**kwargs, "sample_weight": _dask(w, chunks)},
            )
        return
    got = mdk.find_best_threshold(
        _dask(y, chunks), _dask(score, chunks), **{**kwargs, "sample_weight": _dask(w, chunks)}
    )
    assert got.threshold == expected.threshold
    assert got.score == pytest.approx(expected.score, abs=1e-12)
    for field in ("tp", "fp", "fn", "tn", "precision", "recall"):
        assert getattr(got, field) == pytest.approx(getattr(expected, field), abs=1e-9)
    np.testing.assert_array_equal(got.thresholds.compute(), expected.thresholds)
    np.testing.assert_allclose(got.scores.compute(), expected.scores, rtol=0, atol=1e-12)


def test_precision_constraint_errors_match(client):
    rng = np.random.default_rng(0)
    y = (rng.random(500) < 0.1).astype(int)
    score = rng.random(500)
    Y, S = da.from_array(y, chunks=100), da.from_array(score, chunks=100)
    with pytest.raises(ValueError) as exc:
        single_best(y, score, objective="recall", min_precision=0.99)
    with pytest.raises(ValueError, match=re.escape(str(exc.value))):
        mdk.find_best_threshold(Y, S, objective="recall", min_precision=0.99)


def test_nan_scores_are_refused_with_the_single_machine_message(client):
    score = np.array([0.1, 0.4, np.nan, 0.8])
    with pytest.raises(ValueError) as exc:
        single.average_precision_score([0, 1, 0, 1], score)
    with pytest.raises(ValueError, match=re.escape(str(exc.value))):
        mdk.average_precision_score(
            da.from_array(np.array([0, 1, 0, 1]), chunks=2), da.from_array(score, chunks=2)
        )


def test_dask_series_and_a_single_class(client):
    import pandas as pd

    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"y": (rng.random(300) < 0.2).astype(int), "s": rng.random(300)})
    ddf = dd.from_pandas(frame, npartitions=4)
    assert mdk.average_precision_score(ddf["y"], ddf["s"]) == pytest.approx(
        single.average_precision_score(frame["y"], frame["s"]), abs=1e-12
    )
    zeros = da.zeros(10, dtype=int, chunks=5)
    with pytest.warns(Warning, match="No positive class found"):
        assert mdk.average_precision_score(zeros, da.ones(10, chunks=5)) == 0.0


def test_the_same_answer_however_the_work_is_scheduled(client):
    rng = np.random.default_rng(2)
    y = (rng.random(5000) < 0.03).astype(int)
    score = np.round(rng.random(5000) + 0.5 * y, 2)
    answers = {
        mdk.average_precision_score(da.from_array(y, chunks=c), da.from_array(score, chunks=c))
        for c in (500, 1700, 5000)
    }
    expected = single.average_precision_score(y, score)
    assert all(abs(a - expected) < 1e-12 for a in answers)


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    kind=st.sampled_from(["int", "str"]),
    n_parts=st.integers(1, 6),
    weighted=st.booleans(),
)
def test_class_weights_equal_the_single_machine_ones(client, seed, kind, n_parts, weighted):
    rng = np.random.default_rng(seed)
    y = rng.choice(3, 200, p=[0.7, 0.2, 0.1])
    if kind == "str":
        y = np.array(["a", "b", "c"])[y]
    chunks = _chunks(y.size, rng, n_parts)
    Y = da.from_array(y, chunks=chunks)
    w = rng.random(y.size) if weighted else None
    W = None if w is None else da.from_array(w, chunks=chunks)
    classes = np.unique(y)
    np.testing.assert_allclose(
        mdk.compute_class_weight("balanced", classes=classes, y=Y, sample_weight=W),
        minibalance.compute_class_weight("balanced", classes=classes, y=y, sample_weight=w),
        rtol=1e-14,
    )
    sw = mdk.compute_sample_weight("balanced", Y)
    assert sw.chunks == Y.chunks
    np.testing.assert_array_equal(sw.compute(), minibalance.compute_sample_weight("balanced", y))
    mine, theirs = mdk.class_distribution(Y), minibalance.class_distribution(y)
    assert str(mine) == str(theirs)


def test_bad_inputs_name_the_fix(client):
    y = da.from_array(np.array([0, 1, 0, 1]), chunks=2)
    with pytest.raises(ValueError, match="has 3 rows but the labels have 4"):
        mdk.average_precision_score(y, da.from_array(np.array([0.1, 0.2, 0.3]), chunks=2))
    with pytest.raises(ValueError, match="max_points must be an int >= 2"):
        mdk.roc_curve(y, y.astype(float), max_points=1)
    with pytest.raises(TypeError, match="must be a Dask array or Series"):
        mdk.average_precision_score(y, "scores")


def test_thinned_curves_keep_the_ends(client):
    rng = np.random.default_rng(3)
    y = (rng.random(2000) < 0.1).astype(int)
    score = rng.random(2000)
    Y, S = da.from_array(y, chunks=300), da.from_array(score, chunks=300)
    p, r, t = mdk.precision_recall_curve(Y, S, max_points=20)
    p1, _, t1 = single.precision_recall_curve(y, score)
    assert t.size <= 20 and p.size == r.size == t.size + 1
    assert t[0] == t1[0] and t[-1] == t1[-1] and p[-1] == 1.0 and r[-1] == 0.0
    at = np.searchsorted(t1, t)
    np.testing.assert_allclose(p[:-1], p1[at], atol=1e-12)


# --- random samplers ------------------------------------------------------------------------


def _sampling_data(seed, chunks=((300, 0, 200, 500),)):
    rng = np.random.default_rng(seed)
    y = rng.choice(3, 1000, p=[0.8, 0.15, 0.05])
    X = rng.standard_normal((1000, 3))
    return X, y, da.from_array(X, chunks=(chunks[0], 3)), da.from_array(y, chunks=chunks)


@pytest.mark.parametrize(
    "strategy", ["auto", "all", "not minority", 0.5, {0: 100, 1: 60}, {0: 700}]
)
@pytest.mark.parametrize("replacement", [False, True])
def test_under_sampler_hits_the_single_machine_targets(client, strategy, replacement):
    from minibalance.under_sampling import RandomUnderSampler as Single

    X, y, Xd, Yd = _sampling_data(0)
    if isinstance(strategy, float):
        y, Yd = (y > 0).astype(int), (Yd > 0).astype(int)
    single_model = Single(sampling_strategy=strategy, replacement=replacement, random_state=0)
    _, y1 = single_model.fit_resample(X, y)
    ours = mdk.RandomUnderSampler(
        sampling_strategy=strategy, replacement=replacement, random_state=0
    )
    X_res, y_res = ours.fit_resample(Xd, Yd)
    assert ours.sampling_strategy_ == single_model.sampling_strategy_
    assert sum(X_res.chunks[0]) == y1.size  # chunk sizes known before computing
    X_res, y_res, rows = X_res.compute(), y_res.compute(), ours.sample_indices_.compute()
    np.testing.assert_array_equal(np.bincount(y_res), np.bincount(y1))
    np.testing.assert_array_equal(X_res, X[rows])
    np.testing.assert_array_equal(y_res, y[rows])
    if not replacement:
        assert np.all(np.diff(rows) > 0)  # original order, no row twice


@pytest.mark.parametrize("strategy", ["auto", "all", "minority", {1: 800, 2: 300}])
@pytest.mark.parametrize("shrinkage", [None, 0.7])
def test_over_sampler_hits_the_single_machine_targets(client, strategy, shrinkage):
    from minibalance.over_sampling import RandomOverSampler as Single

    X, y, Xd, Yd = _sampling_data(1)
    single_model = Single(sampling_strategy=strategy, shrinkage=shrinkage, random_state=0)
    _, y1 = single_model.fit_resample(X, y)
    ours = mdk.RandomOverSampler(sampling_strategy=strategy, shrinkage=shrinkage, random_state=0)
    X_dask, y_dask = ours.fit_resample(Xd, Yd)
    X_res, y_res = X_dask.compute(), y_dask.compute()
    rows = ours.sample_indices_.compute()
    assert ours.sampling_strategy_ == single_model.sampling_strategy_
    np.testing.assert_array_equal(np.bincount(y_res), np.bincount(y1))
    np.testing.assert_array_equal(y_res, y[rows])
    # each output partition: the partition's rows in order, then its copies
    copies = np.zeros(rows.size, dtype=bool)
    start, first = 0, 0
    sizes = [c for c in Xd.chunks[0] if c]
    out_sizes = [c for c in X_dask.chunks[0] if c]
    for n_in, n_out in zip(sizes, out_sizes, strict=True):
        np.testing.assert_array_equal(rows[start : start + n_in], np.arange(first, first + n_in))
        copies[start + n_in : start + n_out] = True
        start, first = start + n_out, first + n_in
    np.testing.assert_array_equal(X_res[~copies], X[rows][~copies])
    if shrinkage is None:
        np.testing.assert_array_equal(X_res, X[rows])
    else:
        assert not np.any(X_res[copies] == X[rows][copies])  # every copy jittered


def test_the_smoothed_bootstrap_uses_the_single_machine_bandwidth(client):
    from minibalance.dask._random_samplers import _class_moments, _merge_moments

    X, y, _, _ = _sampling_data(2)
    parts = [
        _class_moments(X[a:b], y[a:b], np.arange(3)) for a, b in ((0, 300), (300, 300), (300, 1000))
    ]
    for k in range(3):
        n, mean, m2 = _merge_moments([p[k] for p in parts])
        assert n == (y == k).sum()
        np.testing.assert_allclose(np.sqrt(m2 / n), np.std(X[y == k], axis=0), rtol=1e-12)
        np.testing.assert_allclose(mean, X[y == k].mean(axis=0), rtol=1e-12, atol=1e-15)


def test_the_same_seed_gives_the_same_rows_however_scheduled(client):
    _, _, Xd, Yd = _sampling_data(3)
    sampler = mdk.RandomUnderSampler(random_state=11)
    on_cluster = sampler.fit_resample(Xd, Yd)[0].compute()
    threads = sampler.fit_resample(Xd, Yd)[0].compute(scheduler="threads")
    serial = sampler.fit_resample(Xd, Yd)[0].compute(scheduler="synchronous")
    np.testing.assert_array_equal(on_cluster, threads)
    np.testing.assert_array_equal(on_cluster, serial)
    other = mdk.RandomUnderSampler(random_state=12).fit_resample(Xd, Yd)[0].compute()
    assert not np.array_equal(on_cluster, other)


@pytest.mark.parametrize("replacement", [False, True])
def test_every_row_is_equally_likely_whatever_its_partition(replacement):
    # The law of one global draw: over many seeds each majority row is kept
    # t / n of the time (or drawn t / n times on average), in a small partition
    # as in a large one.
    y = np.r_[np.zeros(30, dtype=int), np.ones(6, dtype=int)]
    rng = np.random.default_rng(0)
    y = y[rng.permutation(y.size)]
    chunks = ((4, 20, 12),)
    Yd = da.from_array(y, chunks=chunks)
    Xd = da.from_array(np.arange(36.0)[:, None], chunks=(chunks[0], 1))
    hits = np.zeros(36)
    n_runs = 600
    with dask.config.set(scheduler="synchronous"):
        for seed in range(n_runs):
            sampler = mdk.RandomUnderSampler(random_state=seed, replacement=replacement)
            sampler.fit_resample(Xd, Yd)
            np.add.at(hits, sampler.sample_indices_.compute(), 1)
    majority = hits[y == 0] / n_runs
    expected = 6 / 30
    sd = np.sqrt(expected * (1 - expected) / n_runs) * (1.2 if replacement else 1)
    assert np.all(np.abs(majority - expected) < 5 * sd)
    np.testing.assert_array_equal(hits[y == 1], n_runs)


def test_sampler_errors_name_the_fix(client):
    _, _, Xd, Yd = _sampling_data(4)
    with pytest.raises(TypeError, match="callable sampling_strategy"):
        mdk.RandomUnderSampler(sampling_strategy=lambda y: {0: 5}).fit_resample(Xd, Yd)
    with pytest.raises(ValueError, match="X has 999 rows but y has 1000"):
        mdk.RandomUnderSampler().fit_resample(Xd[:999], Yd)
    with pytest.raises(ValueError, match="random_state must be"):
        mdk.RandomOverSampler(random_state=-1).fit_resample(Xd, Yd)


# --- SMOTE ------------------------------------------------------------------------------------


@settings(max_examples=8, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_parts=st.integers(1, 6),
    dtype=st.sampled_from([np.float64, np.float32]),
    strategy=st.sampled_from(["auto", "not majority", "minority"]),
    random_state=st.integers(0, 2**32 - 1),
)
def test_smote_gives_the_single_machine_rows(client, seed, n_parts, dtype, strategy, random_state):
    from minibalance.over_sampling import SMOTE as Single

    rng = np.random.default_rng(seed)
    y = rng.choice(3, 600, p=[0.8, 0.15, 0.05])
    y[:18] = np.repeat([0, 1, 2], 6)
    X = rng.standard_normal((600, 3)).astype(dtype)
    chunks = _chunks(600, rng, n_parts)
    ours = mdk.SMOTE(sampling_strategy=strategy, random_state=random_state)
    X_res, y_res = ours.fit_resample(
        da.from_array(X, chunks=(chunks[0], 3)), da.from_array(y, chunks=chunks)
    )
    single_model = Single(sampling_strategy=strategy, random_state=random_state)
    X1, y1 = single_model.fit_resample(X, y)
    assert X_res.shape == X1.shape and X_res.dtype == X1.dtype
    np.testing.assert_array_equal(X_res.compute(), X1)
    np.testing.assert_array_equal(y_res.compute(), y1)
    np.testing.assert_array_equal(ours.base_indices_.compute(), single_model.base_indices_)
    np.testing.assert_array_equal(ours.neighbor_indices_.compute(), single_model.neighbor_indices_)
    np.testing.assert_array_equal(ours.steps_.compute(), single_model.steps_)


def test_smote_refuses_a_class_too_large_to_gather_and_too_few_rows(client):
    from minibalance.over_sampling import SMOTE as Single

    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(500, dtype=int), np.ones(100, dtype=int)]
    X = rng.standard_normal((600, 4))
    Xd, Yd = da.from_array(X, chunks=(200, 4)), da.from_array(y, chunks=200)
    with pytest.raises(ValueError, match=r"Class 1 has 100 rows x 4 features .* max_gather_bytes"):
        mdk.SMOTE(max_gather_bytes=1000).fit_resample(Xd, Yd)
    y_few = np.r_[np.zeros(597, dtype=int), np.ones(3, dtype=int)]
    with pytest.raises(ValueError) as exc:
        Single().fit_resample(X, y_few)
    with pytest.raises(ValueError, match=re.escape(str(exc.value))):
        mdk.SMOTE().fit_resample(Xd, da.from_array(y_few, chunks=200))


# --- label metrics --------------------------------------------------------------------------

LABEL_METRICS = {
    "confusion_matrix": {},
    "balanced_accuracy_score": {},
    "matthews_corrcoef": {},
    "precision_recall_fscore_support": {"average": "macro"},
    "precision_score": {"average": "weighted"},
    "recall_score": {"average": None},
    "f1_score": {"average": "micro"},
    "fbeta_score": {"average": "macro", "beta": 2.0},
    "sensitivity_specificity_support": {"average": "weighted"},
    "sensitivity_score": {"average": "macro"},
    "specificity_score": {"average": None},
    "geometric_mean_score": {"average": "multiclass"},
    "classification_report_imbalanced": {"output_dict": True},
}


def _same(a, b):
    if isinstance(b, dict):
        assert a.keys() == b.keys()
        for key in b:
            _same(a[key], b[key])
    elif isinstance(b, tuple):
        for x, z in zip(a, b, strict=True):
            _same(x, z)
    elif b is None:
        assert a is None
    else:
        np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=0, atol=1e-12)
        assert np.asarray(a).dtype == np.asarray(b).dtype


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_parts=st.integers(1, 6),
    weighted=st.booleans(),
    kind=st.sampled_from(["int", "str"]),
)
def test_label_metrics_equal_the_single_machine_ones(client, seed, n_parts, weighted, kind):
    rng = np.random.default_rng(seed)
    y = rng.choice(3, 500, p=[0.7, 0.2, 0.1])
    pred = np.where(rng.random(500) < 0.3, rng.choice(3, 500), y)
    if kind == "str":
        names = np.array(["ok", "fraud", "churn"])
        y, pred = names[y], names[pred]
    w = rng.random(500) if weighted else None
    chunks = _chunks(500, rng, n_parts)
    Y, P = da.from_array(y, chunks=chunks), da.from_array(pred, chunks=chunks)
    W = None if w is None else da.from_array(w, chunks=chunks)
    for name, kwargs in LABEL_METRICS.items():
        ours = getattr(mdk, name)(Y, P, sample_weight=W, **kwargs)
        theirs = getattr(single, name)(y, pred, sample_weight=w, **kwargs)
        _same(ours, theirs)
    if not weighted:  # the printed report too (weighted supports may differ in a last digit)
        assert mdk.classification_report_imbalanced(Y, P) == (
            single.classification_report_imbalanced(y, pred)
        )


def test_label_metric_errors_are_the_single_machine_ones(client):
    y, pred = np.array([0, 1, 2, 1]), np.array([0, 2, 2, 1])
    Y, P = da.from_array(y, chunks=2), da.from_array(pred, chunks=2)
    with pytest.raises(ValueError) as exc:
        single.f1_score(y, pred)
    with pytest.raises(ValueError, match=re.escape(str(exc.value))):
        mdk.f1_score(Y, P)
