"""How the generic library functions reach one app's models and content."""

from collections.abc import Callable
from dataclasses import dataclass

from .models import LibraryTemplate, LibraryVersion


@dataclass(frozen=True)
class LibrarySpec:
    """How the generic library functions reach one app's models and content."""

    template_model: type[LibraryTemplate]
    version_model: type[LibraryVersion]
    copy_content: Callable[[LibraryVersion, LibraryVersion], None]
    """Copy every content row of the first version into the (empty) second one."""
    items: Callable[[LibraryVersion], dict[str, dict[str, object]]]
    """The version's content as {stable key: {field: comparable value}} for diffs."""
