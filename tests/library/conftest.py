"""The library's tests run on readiness templates, its first user, with the readiness fixtures."""

from tests.readiness.conftest import (
    english,
    media_root,
    version,
    assignment,
    current_start,
    report,
    submitted,
    past_start,
)  # noqa: F401
