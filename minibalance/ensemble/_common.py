r"""What the balanced ensembles share: seeding, encoded strategies, prior calibration.

Calibration to the original prior
---------------------------------
Every member of a balanced ensemble learns from a resample whose class
frequencies :math:`\pi'_c` are not the population's :math:`\pi_c` (after
random under-sampling to ``"auto"`` they are equal), so the averaged
probabilities overstate the rare class. With ``calibrate="prior"``,
``predict_proba`` maps them back by Bayes' rule on the odds
(:func:`minibalance.threshold.correct_probabilities`; Elkan 2001, Dal Pozzolo
et al. 2015):

.. math::

    p(c \mid x) = \frac{p'(c \mid x)\, \pi_c / \pi'_c}{\sum_k p'(k \mid x)\, \pi_k / \pi'_k},

with :math:`\pi` the class frequencies of the training data and :math:`\pi'`
the mean over members of the frequencies each member was trained on. The
correction is monotone, so rankings (ROC AUC, average precision) do not
change; ``predict`` stays the ensemble's balanced decision (the argmax of the
uncorrected probabilities), which is what balancing was for.

References
----------
.. [1] C. Elkan, "The Foundations of Cost-Sensitive Learning", IJCAI 2001.
.. [2] A. Dal Pozzolo, O. Caelen, R. A. Johnson and G. Bontempi, "Calibrating
   Probability with Undersampling for Unbalanced Classification", IEEE SSCI 2015.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_sampling_strategy
from ..threshold import correct_probabilities

__all__ = [
    "MAX_INT",
    "MeanProbabilityVote",
    "PriorCalibration",
    "encoded_strategy",
    "require_sklearn",
    "set_random_states",
]

# scikit-learn's seed range for the members of an ensemble
MAX_INT = np.iinfo(np.int32).max


def require_sklearn(owner: str) -> None:
    """Raise a clear ImportError when scikit-learn, whose trees we wrap, is missing."""
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised in a bare environment
        raise ImportError(
            f"{owner} wraps scikit-learn's estimators and needs scikit-learn: "
            "pip install 'minibalance[sklearn]'."
        ) from exc


def set_random_states(estimator: Any, random_state: Any) -> None:
    """Seed every ``random_state`` parameter of ``estimator``, nested ones included.

    One ``randint(MAX_INT)`` per parameter named ``random_state`` or ending in
    ``__random_state``, in sorted name order, from ``check_random_state(random_state)``:
    scikit-learn's own rule for the members of its ensembles, so a member gets
    the seeds it gets there. A ``RandomState`` is advanced in place.
    """
    from sklearn.utils import check_random_state

    rng = check_random_state(random_state)
    keys = [
        key
        for key in sorted(estimator.get_params(deep=True))
        if key == "random_state" or key.endswith("__random_state")
    ]
    seeds = {key: int(rng.randint(MAX_INT)) for key in keys}
    if seeds:
        estimator.set_params(**seeds)


def encoded_strategy(sampling_strategy: Any, y: Any, classes: np.ndarray, sampling_type: str):
    """Return the sampling strategy for a member that sees labels encoded as 0..K-1.

    The ensembles fit their members on ``np.searchsorted(classes, y)``, so a
    dict keyed by the original labels is resolved on ``y`` and re-keyed by
    class position; other strategies do not name classes and pass unchanged.
    """
    if not isinstance(sampling_strategy, dict) or sampling_type == "bypass":
        return sampling_strategy
    resolved = check_sampling_strategy(sampling_strategy, y, sampling_type)
    return {int(np.flatnonzero(classes == key)[0]): value for key, value in resolved.items()}


class PriorCalibration:
    """Mixin: ``calibrate="prior"`` maps ``predict_proba`` back to the training prior.

    Subclasses call :meth:`_set_priors` at the end of ``fit`` with the class
    counts of the training data and of each member's training set.
    """

    _calibrate_options = (None, "prior")

    def _check_calibrate(self) -> None:
        if self.calibrate not in self._calibrate_options:
            raise ValueError(
                f"calibrate={self.calibrate!r} is not supported; use None (probabilities "
                "as the members give them) or 'prior' (corrected to the training data's "
                "class prior)."
            )

    def _set_priors(self, original_counts: np.ndarray, member_counts: list) -> None:
        """Record ``original_prior_`` and ``resampled_prior_`` (class fractions)."""
        original = np.asarray(original_counts, dtype=np.float64)
        self.original_prior_ = original / original.sum()
        fractions = [np.asarray(c, dtype=np.float64) / np.sum(c) for c in member_counts]
        self.resampled_prior_ = np.mean(fractions, axis=0) if fractions else self.original_prior_

    def _calibrated(self, proba: np.ndarray) -> np.ndarray:
        if self.calibrate != "prior":
            return proba
        if np.any(self.resampled_prior_ == 0) or np.any(self.original_prior_ == 0):
            raise ValueError(
                "calibrate='prior' needs every class in the training data and in the "
                f"members' training sets; the priors are {self.original_prior_.tolist()} "
                f"and {self.resampled_prior_.tolist()}."
            )
        return correct_probabilities(
            proba, original_prior=self.original_prior_, resampled_prior=self.resampled_prior_
        )

    def _uncorrected_proba(self, X: Any) -> np.ndarray:
        # the estimator's own predict_proba: the next class after this mixin
        return super().predict_proba(X)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Predict class probabilities (corrected to the training prior with ``calibrate="prior"``).

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        return self._calibrated(self._uncorrected_proba(X))

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Return the log of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        if self.calibrate != "prior":
            return super().predict_log_proba(X)
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))


class MeanProbabilityVote:
    """Mixin (after :class:`PriorCalibration`): predict the class of highest uncorrected mean.

    The balanced members' decision, whatever ``calibrate`` does to the probabilities.
    """

    def predict(self, X: Any) -> np.ndarray:
        """Predict the class of highest mean (uncorrected) probability.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        proba = self._uncorrected_proba(X)  # checks that the ensemble is fitted
        return self.classes_.take(np.argmax(proba, axis=1), axis=0)
