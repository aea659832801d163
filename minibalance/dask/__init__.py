"""minibalance on Dask: class weights, exact ranking metrics and the best threshold.

Functions that take Dask arrays and Series (the ``dask`` extra) and give the
single-machine answer without gathering the data on one machine:

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
    "class_distribution",
    "compute_class_weight",
    "compute_sample_weight",
    "find_best_threshold",
    "precision_recall_curve",
    "roc_auc_score",
    "roc_curve",
]
