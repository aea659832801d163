r"""The corrected resampled t-test, and the Student t tail it needs, in NumPy alone.

Cross-validation folds share most of their training data, so the per-fold
scores of two techniques are not independent, and the ordinary paired t-test
is far too confident. Nadeau and Bengio (2003) correct its variance for that
overlap: with :math:`J` paired differences :math:`d_j` (one per fold; for
:math:`r` repeats of :math:`k`-fold, :math:`J = k r`, as Bouckaert and Frank
2004 apply it), their mean :math:`\bar d` and sample variance :math:`s^2`
(``ddof=1``),

.. math::

    t = \frac{\bar d}{\sqrt{\left(\frac{1}{J} + \frac{n_{test}}{n_{train}}\right) s^2}},

with :math:`J - 1` degrees of freedom; for :math:`k`-fold,
:math:`n_{test} / n_{train} = 1 / (k - 1)`. The two-sided p-value is
:math:`P(|T_{J-1}| \ge |t|) = I_{\nu / (\nu + t^2)}(\nu / 2, 1 / 2)` with
:math:`\nu = J - 1`, where :math:`I_x(a, b)` is the regularized incomplete beta
function, evaluated by its continued fraction (Lentz's method).

References
----------
.. [1] C. Nadeau and Y. Bengio, "Inference for the Generalization Error",
   Machine Learning 52, 239-281, 2003.
.. [2] R. R. Bouckaert and E. Frank, "Evaluating the Replicability of
   Significance Tests for Comparing Learning Algorithms", PAKDD 2004.
.. [3] W. H. Press et al., "Numerical Recipes", 3rd ed., section 6.4 (the
   incomplete beta function).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

__all__ = ["TTestResult", "corrected_resampled_ttest", "student_t_two_sided_p"]


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for aa in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            step = d * c
            h *= step
        if abs(step - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float, one_minus_x: float) -> float:
    r"""Regularized incomplete beta function :math:`I_x(a, b)`.

    ``1 - x`` is passed separately, computed without cancellation by the caller
    (for the t tail, :math:`t^2 / (\nu + t^2)`), so p-values near 1 keep their digits.
    """
    if x <= 0.0:
        return 0.0
    if one_minus_x <= 0.0:
        return 1.0
    log_front = (
        math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
        + a * math.log(x)
        + b * math.log(one_minus_x)
    )
    front = math.exp(log_front)
    # The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, one_minus_x) / b


def student_t_two_sided_p(t: float, df: float) -> float:
    r"""Two-sided p-value :math:`P(|T_{df}| \ge |t|)` of Student's t distribution.

    Parameters
    ----------
    t : float
        The statistic (``inf`` gives 0, ``nan`` gives ``nan``).
    df : float
        Degrees of freedom, > 0.

    Returns
    -------
    float

    Examples
    --------
    >>> round(student_t_two_sided_p(2.776445105, 4), 6)  # the 97.5% quantile of t(4)
    0.05
    """
    if not df > 0:
        raise ValueError(f"df={df} must be positive.")
    if math.isnan(t):
        return math.nan
    if math.isinf(t):
        return 0.0
    t2 = t * t
    return _betainc(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2))


class TTestResult(NamedTuple):
    """Outcome of :func:`corrected_resampled_ttest`."""

    mean_difference: float
    statistic: float
    pvalue: float
    df: int


def corrected_resampled_ttest(
    differences: np.ndarray, n_train: float, n_test: float
) -> TTestResult:
    """Nadeau and Bengio's corrected resampled t-test on paired fold differences.

    Parameters
    ----------
    differences : array-like of shape (J,)
        Per-fold score of a technique minus that of the reference, on the same
        folds (J >= 2).
    n_train, n_test : float
        Training and test sizes of a fold (their ratio is what matters).

    Returns
    -------
    TTestResult
        ``mean_difference``, ``statistic`` t, two-sided ``pvalue``, ``df = J - 1``.
        With zero variance, t is 0 (p = 1) when every difference is 0, and
        ``±inf`` (p = 0) otherwise.

    Notes
    -----
    See the module docstring for the formula and the references.

    Examples
    --------
    >>> r = corrected_resampled_ttest([0.02, 0.03, 0.01, 0.04, 0.02], 800, 200)
    >>> round(r.statistic, 4), r.df
    (3.1379, 4)
    """
    d = np.asarray(differences, dtype=np.float64).ravel()
    if d.size < 2:
        raise ValueError(f"The t-test needs at least 2 folds; got {d.size}.")
    if not np.all(np.isfinite(d)):
        return TTestResult(math.nan, math.nan, math.nan, d.size - 1)
    mean = float(d.mean())
    var = float(d.var(ddof=1))
    df = d.size - 1
    if var == 0.0:
        if mean == 0.0:
            return TTestResult(mean, 0.0, 1.0, df)
        return TTestResult(mean, math.copysign(math.inf, mean), 0.0, df)
    t = mean / math.sqrt((1.0 / d.size + n_test / n_train) * var)
    return TTestResult(mean, t, student_t_two_sided_p(t, df), df)
