"""The library's tests run on readiness templates, its first user, with the readiness fixtures."""
# ruff: noqa: F401 (fixtures are found by name)

from tests.readiness.conftest import (
    assignment,
    current_start,
    english,
    media_root,
    past_start,
    report,
    submitted,
    version,
)
