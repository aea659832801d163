"""minibalance: imbalanced classification from scratch in NumPy.

Class weights, resampling, metrics for the rare class and threshold tuning,
checked against scikit-learn and imbalanced-learn. NumPy is the only runtime
dependency; numba and scipy make it faster when installed.
"""

from ._config import config_context, get_config, set_config
from ._warmup import warm_up
from .base import FunctionSampler
from .class_weight import (
    ClassDistribution,
    class_distribution,
    compute_class_weight,
    compute_sample_weight,
)
from .over_sampling import SMOTE, RandomOverSampler
from .under_sampling import RandomUnderSampler

__version__ = "0.1.0"

__all__ = [
    "SMOTE",
    "ClassDistribution",
    "FunctionSampler",
    "RandomOverSampler",
    "RandomUnderSampler",
    "__version__",
    "class_distribution",
    "compute_class_weight",
    "compute_sample_weight",
    "config_context",
    "get_config",
    "set_config",
    "warm_up",
]
