"""Reference tables (counties, industries, talent categories: every `accounts.models.ReferenceItem`)
read once per process instead of once per request.

- `reference_rows(Model)`: every row, in the model's order (active and inactive).
- `reference_index(Model)`: the id / code / Chinese-name lookup over them (core.inputs.ReferenceIndex),
  e.g. `?county=wenxian` → the county, without a query.
- `reference_by_id(Model)`: `{id: row}`, to name a foreign key from its id without a join;
  `attach_reference_ids(rows, field)` reads a page's many-to-many ids to such a table in one query.
- `active_choices(Model)`: `[(code, name), …]` of the active rows, for a filter's drop-down.

The rows are shared by every request of the process: read them, never change them.

Refreshed when edited: saving or deleting a reference row (post_save / post_delete, connected in
core.apps for every ReferenceItem model) drops this process's copy at once and bumps a generation
number in the shared cache (Redis in production); every other process compares its copy with that
number at most every REFRESH_SECONDS and reloads when it changed. `QuerySet.update()` and raw SQL
send no signals: call `reference_changed(Model)` after them.
"""

import time

from django.core.cache import cache
from django.db import connections, router, transaction
from django.forms.models import ModelChoiceIterator

REFRESH_SECONDS = 10

# model label → _Entry
_entries: dict = {}


class _Entry:
    __slots__ = ("rows", "generation", "checked_at", "_index", "_by_id")

    def __init__(self, rows, generation):
        self.rows = rows
        self.generation = generation
        self.checked_at = time.monotonic()
        self._index = None
        self._by_id = None

    def by_id(self) -> dict:
        if self._by_id is None:
            self._by_id = {row.pk: row for row in self.rows}
        return self._by_id

    def index(self, model):
        if self._index is None:
            from .inputs import ReferenceIndex

            self._index = ReferenceIndex(_RowsQuerySet(model, self.rows))
        return self._index


class _RowsQuerySet(list):
    """What ReferenceIndex needs of a queryset: the rows and `.model`."""

    def __init__(self, model, rows):
        super().__init__(rows)
        self.model = model


def _key(model) -> str:
    return f"reference-generation:{model._meta.label_lower}"


def _entry(model) -> _Entry:
    label = model._meta.label_lower
    entry = _entries.get(label)
    if entry is not None:
        now = time.monotonic()
        if now - entry.checked_at < REFRESH_SECONDS:
            return entry
        if cache.get(_key(model), 0) == entry.generation:
            entry.checked_at = now
            return entry
    generation = cache.get(_key(model), 0)
    entry = _Entry(list(model._default_manager.all()), generation)
    _entries[label] = entry
    return entry


def reference_rows(model) -> list:
    return _entry(model).rows


def reference_index(model):
    return _entry(model).index(model)


def reference_by_id(model) -> dict:
    """{id: row}: a list page names a row's county or industry from its id, without a join."""
    return _entry(model).by_id()


def attach_reference_ids(rows: list, field: str) -> list:
    """Give each row of a page `<field>_ids`, the ids its many-to-many `field` (to a reference
    table) holds: one query over the link table for the whole page, no model objects; name them
    with `reference_by_id`. (An array column in the page query itself would be computed for every
    row an OFFSET skips.) The query is two columns of one table by a list of ids, written out:
    building it as a queryset cost more than running it."""
    if not rows:
        return rows
    m2m = type(rows[0])._meta.get_field(field)
    through = m2m.remote_field.through._meta
    source = through.get_field(m2m.m2m_field_name()).column
    target = through.get_field(m2m.m2m_reverse_field_name()).column
    connection = connections[router.db_for_read(m2m.remote_field.through)]
    name = connection.ops.quote_name
    ids = [row.pk for row in rows]
    sql = (
        f"SELECT {name(source)}, {name(target)} FROM {name(through.db_table)} "
        f"WHERE {name(source)} IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        links = cursor.fetchall()
    by_row: dict = {}
    for row_id, target_id in links:
        by_row.setdefault(row_id, []).append(target_id)
    for row in rows:
        row.__dict__[f"{field}_ids"] = by_row.get(row.pk, [])
    return rows


def reference_ids(row, field: str) -> list[int]:
    """The ids attach_reference_ids gave the row (or, without it, read from the relation)."""
    ids = row.__dict__.get(f"{field}_ids")
    return ids if ids is not None else [obj.pk for obj in getattr(row, field).all()]


def active_choices(model) -> list[tuple[str, str]]:
    return [(o.code, o.name) for o in reference_rows(model) if o.is_active]


def reference_changed(model) -> None:
    """Drop this process's copy of `model`'s rows and tell the other processes to reload theirs."""
    _entries.pop(model._meta.label_lower, None)
    key = _key(model)
    try:
        cache.incr(key)
    except ValueError:  # not in the cache yet
        cache.set(key, 1, timeout=None)


def clear() -> None:
    """Forget every cached table in this process (tests: a rolled-back transaction sends no signal)."""
    _entries.clear()


def on_reference_saved(sender, instance, **kwargs):
    from accounts.models import ReferenceItem

    if isinstance(instance, ReferenceItem):
        model = type(instance)
        reference_changed(model)  # this process, at once (also inside the transaction)
        # …and again once committed, so that no process keeps rows it read before the commit.
        transaction.on_commit(lambda: reference_changed(model), using=kwargs.get("using"))


class ReferenceChoiceIterator(ModelChoiceIterator):
    """A model choice field's options from the per-process rows (`reference_rows`) instead of a
    query per drop-down, when its queryset is the whole reference table in the model's order (as a
    filter's county, industry or type drop-down is). A narrowed queryset is read as usual.
    Use: `iterator = ReferenceChoiceIterator` on a ModelChoiceField subclass."""

    def _rows(self):
        query = self.queryset.query
        if query.where or query.is_sliced or query.order_by or self.queryset._prefetch_related_lookups:
            return None
        return reference_rows(self.queryset.model)

    def __iter__(self):
        rows = self._rows()
        if rows is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in rows:
            yield self.choice(obj)

    def __len__(self):
        rows = self._rows()
        if rows is None:
            return super().__len__()
        return len(rows) + (self.field.empty_label is not None)


def whole_table(queryset) -> bool:
    """Whether `queryset` is every row of its (reference) table, unnarrowed."""
    query = queryset.query
    return not (query.where or query.is_sliced)


def reference_rows_for(model, ids) -> list:
    """The rows of `model` with these ids, in the table's own order (sort order, then id), as
    `obj.<m2m>.all()` would give them: a list row names a record's industries with it."""
    rows = (reference_row(model, pk) for pk in ids)
    return sorted((row for row in rows if row is not None), key=lambda row: (row.sort_order, row.pk))


def reference_row(model, pk):
    """The row of `model` with this id (None for None). A row added since this process read the
    table (another process's edit, not yet seen here) reloads this process's copy once."""
    if pk is None:
        return None
    row = reference_by_id(model).get(pk)
    if row is None:
        _entries.pop(model._meta.label_lower, None)
        row = reference_by_id(model).get(pk)
    return row
