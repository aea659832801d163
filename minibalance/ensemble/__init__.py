"""Balanced ensembles: scikit-learn's trees and boosting, fed by minibalance's samplers.

- :class:`BalancedBaggingClassifier`: bagging whose every member trains on a
  balanced resample of its bootstrap (any sampler).
- :class:`BalancedRandomForestClassifier`: a random forest whose every tree
  grows on a balanced random under-sample.
- :class:`EasyEnsembleClassifier`: AdaBoost members on balanced subsets.
- :class:`RUSBoostClassifier`: AdaBoost with random under-sampling before
  every boosting round.

All need scikit-learn (``pip install 'minibalance[sklearn]'``) and take
``calibrate="prior"`` to correct ``predict_proba`` back to the training data's
class prior (see :mod:`minibalance.ensemble._common`).
"""

from ._bagging import BalancedBaggingClassifier
from ._easy_ensemble import EasyEnsembleClassifier
from ._forest import BalancedRandomForestClassifier
from ._weight_boosting import RUSBoostClassifier

__all__ = [
    "BalancedBaggingClassifier",
    "BalancedRandomForestClassifier",
    "EasyEnsembleClassifier",
    "RUSBoostClassifier",
]
