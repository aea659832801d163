"""Utilities under imbalanced-learn's names: resolving a ``sampling_strategy``.

``check_sampling_strategy(sampling_strategy, y, sampling_type, **kwargs)`` is the
resolver every minibalance sampler uses: it turns a float, a string, a dict, a
list or a callable into ``{class: number of samples}`` with imbalanced-learn
0.14's semantics (see its docstring).
"""

from .._validation import check_sampling_strategy

__all__ = ["check_sampling_strategy"]
