"""The errors and warnings minibalance raises (and their scikit-learn twins)."""

from __future__ import annotations

import sys

__all__ = ["InvalidParameterError", "UndefinedMetricWarning", "undefined_metric_warning"]


class InvalidParameterError(ValueError, TypeError):
    """A parameter has a value or type the function does not accept.

    Subclasses both ``ValueError`` and ``TypeError``, like scikit-learn's
    error of the same name, so code written for either keeps working.
    """


class UndefinedMetricWarning(UserWarning):
    """A metric is undefined for the given data (scikit-learn's warning of the same name)."""


_TWINS: dict[type, type] = {}


def undefined_metric_warning() -> type:
    """Return the category to warn with: ours, and scikit-learn's too when it is loaded.

    Code switching from scikit-learn filters or expects
    ``sklearn.exceptions.UndefinedMetricWarning``. When scikit-learn is already
    imported, the warning is a subclass of both classes, so a filter or
    ``pytest.warns`` on either catches it; scikit-learn itself is never
    imported here (a filter on its class needs it imported anyway).
    """
    module = sys.modules.get("sklearn.exceptions")
    theirs = getattr(module, "UndefinedMetricWarning", None)
    if theirs is None:
        return UndefinedMetricWarning
    twin = _TWINS.get(theirs)
    if twin is None:
        twin = type(
            "UndefinedMetricWarning",
            (UndefinedMetricWarning, theirs),
            {"__module__": __name__, "__doc__": UndefinedMetricWarning.__doc__},
        )
        _TWINS[theirs] = twin
    return twin
