"""The template library shared between districts: versions, publishing, adoption, provenance, diffs.

Readiness, plan and card templates use it. A concrete app subclasses the two abstract
models of ``models.py`` (a *template* is the lineage a district owns, a *version* is one
numbered edition of its content) and describes its content with a ``spec.LibrarySpec``
(how to copy a version's content, how to list its items for a diff). ``selectors.py``
(what a user may browse, diffs) and ``services.py`` (publish, retire, branch, adopt)
then work without knowing what the content is. The pages stay with the content they
show (``readiness/views/library.py``, ``plans/template_views.py``), so this app imports
no programme app: it sits below readiness and plans.

Rules the functions keep:
- a version is ``draft`` → ``published`` → ``retired``; only a draft is editable;
- a template has at most one draft at a time (editing a published version makes it);
- publishing a draft retires the previously published version of the same template;
- adopting copies a published version into another district as a draft, recording
  the source template and version (the provenance), and never touches the source.
"""
