"""Under-samplers: remove samples from the larger classes."""

from ._random import RandomUnderSampler

__all__ = ["RandomUnderSampler"]
