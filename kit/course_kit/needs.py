"""Skip, or fail, a test whose real outside part is missing."""

import os

import pytest


def missing(reason, required_by):
    """Skip with `reason`, or fail when the variable `required_by` is set to 1."""
    # On a laptop a missing browser or Redis only skips; CI sets REQUIRE_*=1,
    # so that a test it meant to run can never pass by being skipped.
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{reason} ({required_by}=1 makes this a failure, not a skip)")
    pytest.skip(reason)
