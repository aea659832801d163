"""Over-samplers: add samples to the smaller classes."""

from ._random import RandomOverSampler
from ._smote import SMOTE

__all__ = ["SMOTE", "RandomOverSampler"]
