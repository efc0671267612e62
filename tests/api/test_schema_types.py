"""What the schema says a field holds is what it holds: a field over a nullable column is nullable.

A serializer field declared by hand (``SlugRelatedField(slug_field="code", read_only=True)``) does
not inherit ``null=True`` from the model as generated fields do, so the schema called
``acknowledged_by`` a string while open alerts answered null. Every declared field of every API
serializer over a nullable model field must allow null.
"""

import importlib
import inspect
from pathlib import Path

from rest_framework import serializers

ROOT = Path(__file__).resolve().parents[2]
# Every API module of the project, found on disk, so a new app's API is checked without a list to keep.
API_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for package in ("kencana", "kecamatan", "logistics")
    for path in (ROOT / package).rglob("*api.py")
)


def test_the_modules_checked_include_every_app_with_an_api():
    assert {"kencana.response.api", "logistics.api", "kecamatan.risk_api"} <= set(API_MODULES)


def model_serializers():
    for name in API_MODULES:
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if (
                inspect.isclass(cls)
                and issubclass(cls, serializers.ModelSerializer)
                and cls.__module__ == name
                and hasattr(cls, "Meta")
            ):
                yield cls


def model_field(model, source: str):
    """The model field a dotted source ends at, or None when it is not a field (a property, a method)."""
    field = None
    for part in source.split("."):
        try:
            field = model._meta.get_field(part)
        except Exception:
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def test_every_field_over_a_nullable_column_allows_null(db):
    wrong = []
    for serializer in model_serializers():
        for name, field in serializer().fields.items():
            if field.allow_null or isinstance(field, serializers.ManyRelatedField | serializers.ListSerializer):
                continue
            source = field.source if field.source not in (None, "*") else name
            column = model_field(serializer.Meta.model, source)
            if column is not None and column.concrete and column.null and not column.many_to_many:
                wrong.append(f"{serializer.__module__}.{serializer.__name__}.{name}")
    assert wrong == []


def test_only_list_reads_answer_a_page():
    """An action that creates or changes things answers what it made, never a page of a list: the
    schema must not promise ``count``/``results`` where the body is a plain list."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paged = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method != "get"
        for answer in operation.get("responses", {}).values()
        if "Paginated" in str(answer.get("content", {}))
    ]
    assert paged == []
