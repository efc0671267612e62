"""A synthetic country for load and scale work: the shared context and the bulk writer.

Each app has a ``synthetic.py`` that adds its part (as each has a ``demo.py`` for
``seed_demo``); ``manage.py seed_synthetic`` runs them in order inside one
transaction. Rows are written in bulk (PostgreSQL ``COPY``, ``executemany`` on
SQLite) with primary keys chosen here, so later parts can refer to earlier rows
without reading them back. Everything derives from one seeded random generator:
the same options give the same country.
"""

import csv
import datetime
import io
import json
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from django.core.management.color import no_style
from django.db import connection, models

CHUNK = 20_000
PASSWORD = "kencana-bench"  # noqa: S105 - synthetic data only, like the demo password

NAME_PREFIXES = [
    "Sungai",
    "Batu",
    "Tanjung",
    "Muara",
    "Teluk",
    "Padang",
    "Bukit",
    "Air",
    "Pulau",
    "Rantau",
    "Lubuk",
    "Kuala",
    "Tanah",
    "Koto",
    "Gunung",
    "Sei",
    "Rawa",
    "Labuhan",
]
SYLLABLES = ["ba", "ra", "su", "ta", "li", "ma", "ka", "pu", "ja", "ya", "bu", "se", "la", "ti", "wa", "mu", "no", "de"]
ENDINGS = ["ng", "n", "r", "k", "", "", "", "t", "s"]


@dataclass
class Sizes:
    districts: int = 514
    kecamatan_per_district: int = 14
    desa_per_kecamatan: int = 11
    periods: int = 8
    indicators: int = 60
    vertices: int = 300
    warehouses_per_district: int = 2
    items: int = 150
    movements: int = 1_000_000
    alerts: int = 100_000
    events: int = 2_000
    impact_reports: int = 20_000
    shelters: int = 10_000
    shelter_counts: int = 100_000


@dataclass
class Context:
    """What the parts share: sizes, the random generator, ids handed out, progress."""

    sizes: Sizes
    seed: int
    out: TextIO
    today: datetime.date
    now: datetime.datetime
    rng: random.Random = field(init=False)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # Filled as the parts run; later parts read what earlier ones made.
    districts: list[dict] = field(default_factory=list)
    kecamatan: list[dict] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    _next_ids: dict[type, int] = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)  # noqa: S311 - reproducible synthetic data, not secrets

    def ids(self, model: type[models.Model], n: int) -> range:
        """``n`` fresh primary keys for ``model``, above any row already there."""
        if model not in self._next_ids:
            top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self._next_ids[model] = top + 1
        start = self._next_ids[model]
        self._next_ids[model] = start + n
        return range(start, start + n)

    def say(self, message: str) -> None:
        self.out.write(message + "\n")
        self.out.flush()

    def name(self) -> str:
        word = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3)))
        word = (word + self.rng.choice(ENDINGS)).capitalize()
        return word if self.rng.random() < 0.4 else f"{self.rng.choice(NAME_PREFIXES)} {word}"

    def table(self, model: type[models.Model], fields: Sequence[str]) -> "Table":
        return Table(self, model, fields)

    def finish(self, label: str, started: float) -> None:
        self.seconds[label] = round(time.monotonic() - started, 1)

    def reset_sequences(self) -> None:
        """PostgreSQL sequences past the keys chosen here (SQLite follows explicit keys by itself)."""
        sql = connection.ops.sequence_reset_sql(no_style(), list(self._next_ids))
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def _converter(field_: models.Field):
    """Python value → what the bulk path writes for this column."""
    postgres = connection.vendor == "postgresql"
    if isinstance(field_, models.JSONField):
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    if isinstance(field_, models.DateTimeField):
        if postgres:
            return lambda v: None if v is None else v.isoformat()
        return lambda v: connection.ops.adapt_datetimefield_value(v)
    if isinstance(field_, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field_, models.DecimalField):
        return lambda v: None if v is None else str(v)
    if isinstance(field_, models.BooleanField):
        if postgres:
            return lambda v: None if v is None else ("t" if v else "f")
        return lambda v: None if v is None else int(v)
    return None


class Table:
    """Rows for one table, written in chunks as they come.

    ``fields`` are model field names (a foreign key takes its id). Values are
    given raw; defaults are not applied, so every listed column needs a value.
    """

    def __init__(self, ctx: Context, model: type[models.Model], fields: Sequence[str]):
        self.ctx = ctx
        self.model = model
        meta = model._meta
        model_fields = [meta.get_field(name) for name in fields]
        self.columns = [f.column for f in model_fields]
        self.convert = [(i, c) for i, f in enumerate(model_fields) if (c := _converter(f)) is not None]
        self.rows: list[list] = []
        self.written = 0
        self.label = f"{meta.app_label}.{meta.object_name}"
        self.started = time.monotonic()

    def add(self, *values) -> None:
        self.rows.append(list(values))
        if len(self.rows) >= CHUNK:
            self.flush()

    def extend(self, rows: Iterable[Sequence]) -> None:
        for row in rows:
            self.add(*row)

    def flush(self) -> None:
        if not self.rows:
            return
        for row in self.rows:
            for i, convert in self.convert:
                row[i] = convert(row[i])
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                for row in self.rows:
                    writer.writerow(r"\N" if v is None else v for v in row)
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.rows)  # noqa: S608
        self.written += len(self.rows)
        self.rows = []

    def close(self) -> int:
        self.flush()
        self.ctx.counts[self.label] = self.ctx.counts.get(self.label, 0) + self.written
        self.ctx.say(f"    {self.label:<34} {self.written:>10,} rows  {time.monotonic() - self.started:6.1f} s")
        return self.written


def quantize(value: float, places: str = "0.001") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places))
