"""Over-samplers: add samples to the smaller classes."""

from ._adasyn import ADASYN
from ._borderline_smote import BorderlineSMOTE
from ._kmeans_smote import KMeansSMOTE
from ._random import RandomOverSampler
from ._smote import SMOTE
from ._smoten import SMOTEN
from ._smotenc import SMOTENC
from ._svm_smote import SVMSMOTE

__all__ = [
    "ADASYN",
    "SMOTE",
    "SMOTEN",
    "SMOTENC",
    "SVMSMOTE",
    "BorderlineSMOTE",
    "KMeansSMOTE",
    "RandomOverSampler",
]
