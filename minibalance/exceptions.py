"""The errors and warnings minibalance raises (and their scikit-learn twins)."""

from __future__ import annotations

import sys

__all__ = [
    "DataConversionWarning",
    "InvalidParameterError",
    "NotFittedError",
    "UndefinedMetricWarning",
    "undefined_metric_warning",
    "with_sklearn_twin",
]


class InvalidParameterError(ValueError, TypeError):
    """A parameter has a value or type the function does not accept.

    Subclasses both ``ValueError`` and ``TypeError``, like scikit-learn's
    error of the same name, so code written for either keeps working.
    """


class UndefinedMetricWarning(UserWarning):
    """A metric is undefined for the given data (scikit-learn's warning of the same name)."""


class DataConversionWarning(UserWarning):
    """Data was converted to another form to be processed (scikit-learn's warning)."""


class NotFittedError(ValueError, AttributeError):
    """A method needs ``fit`` first (scikit-learn's error of the same name)."""


_TWINS: dict[type, type] = {}


def with_sklearn_twin(ours: type) -> type:
    """Return the class to raise or warn with: ours, and scikit-learn's too when it is loaded.

    Code switching from scikit-learn filters, catches or expects
    ``sklearn.exceptions.<name>``. When scikit-learn is already imported, the
    class returned subclasses both ours and scikit-learn's, so a filter,
    ``except`` or ``pytest.raises``/``pytest.warns`` on either catches it;
    scikit-learn itself is never imported here (code naming its class has
    imported it anyway).
    """
    module = sys.modules.get("sklearn.exceptions")
    theirs = getattr(module, ours.__name__, None)
    if theirs is None:
        return ours
    twin = _TWINS.get(theirs)
    if twin is None:
        twin = type(
            ours.__name__, (ours, theirs), {"__module__": __name__, "__doc__": ours.__doc__}
        )
        _TWINS[theirs] = twin
    return twin


def undefined_metric_warning() -> type:
    """Return the category of the undefined-metric warning (see :func:`with_sklearn_twin`)."""
    return with_sklearn_twin(UndefinedMetricWarning)
