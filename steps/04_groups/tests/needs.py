"""Skip, or fail, a test whose real outside part is missing."""

import os

import pytest


def missing(reason, required_by):
    """Skip with `reason`, or fail when the variable `required_by` is set to 1."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{reason} ({required_by}=1 makes this a failure, not a skip)")
    pytest.skip(reason)
