"""Readiness pages, by sub-domain: templates (editor, import/export), reports (entry, review, results), library.

The library's rules (versions, publishing, adoption, diffs) live in ``kencana.library``.
"""

from django.http import HttpRequest


def is_post(request: HttpRequest) -> bool:
    return request.method == "POST"
