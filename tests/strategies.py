"""Hypothesis strategies shared by the tests.

Hypothesis draws the shape of a problem (sizes, class skew, label type, a seed);
NumPy builds the bulk data from the seed, so examples stay small to describe and
fast to generate.
"""

import numpy as np
from hypothesis import strategies as st

LABEL_KINDS = ("int", "negint", "uint8", "str", "object_str", "float", "bool", "sparse_int")


def _labels_of_kind(kind, n_classes, rng):
    if kind == "int":
        return np.arange(n_classes, dtype=np.int64) * rng.integers(1, 4)
    if kind == "negint":
        return np.arange(n_classes, dtype=np.int32) - n_classes // 2
    if kind == "uint8":
        return np.arange(n_classes, dtype=np.uint8) + 250 - n_classes
    if kind == "str":
        return np.array([f"class_{chr(97 + i % 26)}{i}" for i in range(n_classes)])
    if kind == "object_str":
        return np.array([f"c{i}" for i in range(n_classes)], dtype=object)
    if kind == "float":
        return np.arange(n_classes) * 0.5 - 1.0
    if kind == "bool":
        return np.array([False, True])[:n_classes]
    if kind == "sparse_int":  # a range far wider than the sample: the sorting path
        return np.sort(rng.choice(10**9, size=n_classes, replace=False)).astype(np.int64)
    raise ValueError(kind)


@st.composite
def skewed_labels(draw, min_classes=1, max_classes=8, max_size=300, kinds=LABEL_KINDS):
    """A 1-D label vector with skewed class counts, of a drawn label dtype.

    Class ``i`` gets a share proportional to ``skew**i``, so one class can be
    very rare; every class gets at least one sample.
    """
    kind = draw(st.sampled_from(kinds))
    hi = 2 if kind == "bool" else max_classes
    n_classes = draw(st.integers(min(min_classes, hi), hi))
    n = draw(st.integers(max(n_classes, 1), max_size))
    skew = draw(st.sampled_from([1.0, 0.5, 0.2, 0.05]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    labels = _labels_of_kind(kind, n_classes, rng)
    p = skew ** np.arange(n_classes)
    codes = rng.choice(n_classes, size=n, p=p / p.sum())
    codes[rng.permutation(n)[:n_classes]] = np.arange(n_classes)  # every class present
    return labels[codes]


@st.composite
def sample_weights(draw, n):
    """Non-negative sample weights for ``n`` samples (some may be zero), or None."""
    kind = draw(st.sampled_from(["none", "ints", "floats", "with_zeros", "float32"]))
    if kind == "none":
        return None
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if kind == "ints":
        w = rng.integers(1, 5, size=n).astype(float)
    elif kind == "floats":
        w = rng.random(n) * 10
    elif kind == "with_zeros":
        w = rng.random(n) * (rng.random(n) < 0.7)
    else:
        w = (rng.random(n) * 3).astype(np.float32)
    if n and not np.any(w):
        w[0] = 1.0
    return w


@st.composite
def multi_output_labels(draw, max_outputs=3, max_size=200):
    """A 2-D integer/string label array of shape (n_samples, n_outputs)."""
    n_outputs = draw(st.integers(2, max_outputs))
    n = draw(st.integers(2, max_size))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cols = []
    for _ in range(n_outputs):
        n_classes = int(rng.integers(1, 5))
        p = np.r_[1.0, np.full(n_classes - 1, 0.3)]
        cols.append(rng.choice(n_classes, size=n, p=p / p.sum()))
    y = np.column_stack(cols)
    if draw(st.booleans()):
        y = np.char.add("k", y.astype(str))
    return y


@st.composite
def resampling_problems(draw, min_class_size=1, max_classes=4, max_size=240, max_features=24):
    """(X, y) for samplers: continuous X (no distance ties), skewed classes.

    Every class has at least ``min_class_size`` samples. X is float64 or float32;
    labels are ints, strings or bools.
    """
    kind = draw(st.sampled_from(["int", "str", "bool", "negint"]))
    n_classes = 2 if kind == "bool" else draw(st.integers(2, max_classes))
    sizes = []
    for i in range(n_classes):
        hi = max(min_class_size, max_size // (2 + i))
        sizes.append(draw(st.integers(min_class_size, hi), label=f"class {i} size"))
    n_features = draw(st.integers(1, max_features), label="n_features")
    dtype = draw(st.sampled_from([np.float64, np.float32]), label="dtype")
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    labels = _labels_of_kind(kind, n_classes, rng)
    y = np.repeat(labels, sizes)
    order = rng.permutation(y.size)
    y = y[order]
    X = (rng.standard_normal((y.size, n_features)) * rng.uniform(0.1, 100)).astype(dtype)
    return X, y


@st.composite
def sampling_strategies(draw, y, sampling_type):
    """A sampling_strategy of any form for labels ``y`` (valid or not)."""
    classes, counts = np.unique(y, return_counts=True)
    form = draw(st.sampled_from(["str", "float", "dict", "callable"]))
    if form == "str":
        return draw(
            st.sampled_from(["auto", "minority", "majority", "not minority", "not majority", "all"])
        )
    if form == "float":
        return draw(st.floats(0.05, 1.0))
    chosen = draw(st.lists(st.sampled_from(range(classes.size)), unique=True, min_size=1))
    target = {}
    for i in chosen:
        if sampling_type == "over-sampling":
            target[classes[i].item()] = int(counts[i]) + draw(st.integers(-1, 50))
        else:
            target[classes[i].item()] = draw(st.integers(0, int(counts[i]) + 1))
    if form == "callable":
        return lambda y_: dict(target)
    return target


@st.composite
def binary_problems(draw, max_size=200, both_classes=False):
    """(y_true, y_score, sample_weight, pos_label): ties, weights with zeros, label kinds.

    With ``both_classes``, a positive and a negative of non-zero weight are always present.
    """
    n = draw(st.integers(2 if both_classes else 1, max_size))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    p = draw(st.sampled_from([0.0, 0.01, 0.1, 0.5, 1.0]))
    if both_classes:
        p = min(max(p, 0.01), 0.99)
    y = rng.random(n) < p
    if both_classes:
        y[:2] = [True, False]
    kind = draw(st.sampled_from(["01", "pm1", "bool", "str", "float01"]))
    pos_label = None
    if kind == "01":
        y_true = y.astype(int)
    elif kind == "pm1":
        y_true = np.where(y, 1, -1)
    elif kind == "bool":
        y_true = y
    elif kind == "float01":
        y_true = y.astype(float)
    else:
        y_true = np.where(y, "fraud", "ok")
        pos_label = "fraud"
    if draw(st.booleans(), label="explicit pos_label") and kind in ("01", "float01"):
        pos_label = 1
    scores = draw(st.sampled_from(["discrete", "continuous", "float32", "int"]))
    if scores == "discrete":
        y_score = rng.integers(0, 4, n) / 4.0  # heavy ties
    elif scores == "continuous":
        y_score = rng.standard_normal(n)
    elif scores == "float32":
        y_score = rng.random(n).astype(np.float32)
    else:
        y_score = rng.integers(-3, 3, n)
    weights = draw(st.sampled_from(["none", "floats", "zeros", "ints"]))
    if weights == "none":
        w = None
    elif weights == "floats":
        w = rng.random(n) * 5
    elif weights == "zeros":
        w = rng.random(n) * (rng.random(n) < 0.6)
        w[:2] = 1.0
    else:
        w = rng.integers(0, 3, n).astype(float)
        w[:2] = 1.0
    return y_true, y_score, w, pos_label
