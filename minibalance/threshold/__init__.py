"""Threshold tuning: the exact best decision threshold, threshold classifiers, prior correction.

- :func:`find_best_threshold`: every distinct score is a candidate, all scored
  from one sort, with constraints (``min_recall``, ``min_precision``) and costs.
- :class:`FixedThresholdClassifier`, :class:`TunedThresholdClassifierCV`:
  scikit-learn meta-estimators (need scikit-learn, imported lazily).
- :func:`correct_probabilities`: undo the prior shift caused by resampling.
"""

from ._classifiers import FixedThresholdClassifier, TunedThresholdClassifierCV
from ._prior import correct_probabilities
from ._search import ThresholdResult, find_best_threshold

__all__ = [
    "FixedThresholdClassifier",
    "ThresholdResult",
    "TunedThresholdClassifierCV",
    "correct_probabilities",
    "find_best_threshold",
]
