"""Arithmetic shared by the metrics and the threshold objectives."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["divide"]


def divide(numerator: Any, denominator: Any, fill: float = 0.0) -> np.ndarray:
    """``numerator / denominator`` in float64, ``fill`` where the denominator is 0."""
    mask = np.asarray(denominator) == 0
    denominator = np.array(denominator, dtype=np.float64)
    denominator[mask] = 1
    result = np.asarray(numerator, dtype=np.float64) / denominator
    result[mask] = fill
    return result
