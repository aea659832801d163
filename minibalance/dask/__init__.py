"""minibalance on Dask: class weights, exact ranking metrics and the best threshold.

Functions that take Dask arrays and Series (the ``dask`` extra) and give the
single-machine answer without gathering the data on one machine:

- the label metrics (:func:`confusion_matrix`, precision / recall / F-beta,
  balanced accuracy, MCC, sensitivity, specificity, G-mean,
  :func:`classification_report_imbalanced`) from one merged table of
  (label, prediction) counts: the single-machine functions' results;
- :func:`class_distribution`, :func:`compute_class_weight` (one pass over ``y``)
  and :func:`compute_sample_weight` (a lazy Dask array, chunked like ``y``);
- :func:`average_precision_score`, :func:`roc_auc_score`,
  :func:`precision_recall_curve`, :func:`roc_curve` (curves as lazy Dask arrays,
  or thinned with ``max_points=``) and :func:`find_best_threshold`: exact, equal
  to the single-machine functions to 1e-12, ties and sample weights included
  (see :mod:`minibalance.dask._ranking` for how);
- :class:`RandomUnderSampler` and :class:`RandomOverSampler` (shrinkage
  included): the single-machine per-class targets exactly, the quotas of each
  partition from one hypergeometric or multinomial draw, the rows drawn where
  they are (see :mod:`minibalance.dask._random_samplers`);
- :class:`SMOTE`: each over-sampled class gathered on one worker (its size
  checked first), the single-machine rows bit for bit for an integer seed,
  appended as new partitions (see :mod:`minibalance.dask._smote`).
"""

from ._labels import (
    balanced_accuracy_score,
    classification_report_imbalanced,
    confusion_matrix,
    f1_score,
    fbeta_score,
    geometric_mean_score,
    matthews_corrcoef,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
    sensitivity_score,
    sensitivity_specificity_support,
    specificity_score,
)
from ._random_samplers import RandomOverSampler, RandomUnderSampler
from ._ranking import (
    average_precision_score,
    find_best_threshold,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)
from ._smote import SMOTE
from ._weights import class_distribution, compute_class_weight, compute_sample_weight

__all__ = [
    "SMOTE",
    "RandomOverSampler",
    "RandomUnderSampler",
    "average_precision_score",
    "balanced_accuracy_score",
    "class_distribution",
    "classification_report_imbalanced",
    "compute_class_weight",
    "compute_sample_weight",
    "confusion_matrix",
    "f1_score",
    "fbeta_score",
    "find_best_threshold",
    "geometric_mean_score",
    "matthews_corrcoef",
    "precision_recall_curve",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
    "roc_auc_score",
    "roc_curve",
    "sensitivity_score",
    "sensitivity_specificity_support",
    "specificity_score",
]
