"""Shared test setup: Hypothesis profiles and the backend fixture.

Hypothesis profiles: ``dev`` (default locally: quick), ``thorough`` (many examples,
for a deliberate hunt), and Hypothesis's own ``ci`` profile, which it loads by
itself when ``CI=true`` (derandomized, no deadline). Choose one with
``HYPOTHESIS_PROFILE=thorough pytest``.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

import minibalance
from minibalance._config import numba_available

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
if "HYPOTHESIS_PROFILE" in os.environ:
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif not os.environ.get("CI"):
    settings.load_profile("dev")

BACKENDS = ["numpy", "numba"] if numba_available() else ["numpy"]


@pytest.fixture(params=BACKENDS, scope="module")
def backend(request):
    """Run the test once per available backend (numba only when installed).

    Module-scoped so that Hypothesis tests can use it (the setting holds for every
    generated example).
    """
    with minibalance.config_context(backend=request.param):
        yield request.param
