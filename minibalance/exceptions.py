"""Warnings minibalance emits."""

__all__ = ["UndefinedMetricWarning"]


class UndefinedMetricWarning(UserWarning):
    """A metric is undefined for the given data (scikit-learn's warning of the same name)."""
