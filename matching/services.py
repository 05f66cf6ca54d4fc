"""Matching on the database: the knowledge base, the index, candidates and suggestions.

    index_object("demand", demand)             # after publish / change (a Celery task calls it)
    matches_for("demand", demand, "achievement")  # stored suggestions, or computed on the fly
    recompute("demand", demand.pk)             # store top suggestions (Celery task)

Each matchable record is analysed once into a `MatchDocument` (BM25F term weights, knowledge-base
concepts and a float16 vector). Each process keeps, per kind, an `engine.Index` built from those
rows (postings and a vector matrix in numpy): a query scores every record in a few array
operations, then the best ~50 are re-ranked with their full profiles, which also write the
reasons. The cache follows the table: every few seconds it asks for rows changed since it last
looked and puts them into a small second index; removed rows are dropped; after many changes it
rebuilds.
"""

from __future__ import annotations

import collections
import functools
import io
import json
import multiprocessing
import os
import threading
import time

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import Industry
from achievements.models import Achievement
from demands.models import Demand
from talents.display import talent_display
from talents.models import Talent

from . import embedding, engine
from .models import Concept, DocKind, MatchDocument, Suggestion

SUGGESTIONS_KEPT = 10
RERANKED = 50  # candidates re-ranked with full profiles (tie-breakers, reasons)
CHECK_SECONDS = 2.0  # how often a process looks for changed index rows
MAX_DELTA = 5000  # changed rows kept beside the main index before it is rebuilt
MAX_WORKERS = 4  # analysis processes when rebuilding the whole index (at most one per core)
PARALLEL_FROM = 5000  # records to index before analysis is spread over processes

# --------------------------------------------------------------------------- knowledge base

_kb_lock = threading.Lock()
_kb_cache: dict = {"key": None, "kb": None, "checked": 0.0}


def current_kb() -> engine.KnowledgeBase:
    """The knowledge base as edited in the admin (`Concept` rows); terms.json when empty."""
    now = time.monotonic()
    if _kb_cache["kb"] is not None and now - _kb_cache["checked"] < 30:
        return _kb_cache["kb"]
    with _kb_lock:
        active = Concept.objects.filter(is_active=True)
        key = (active.count(), active.order_by("-updated_at").values_list("updated_at", flat=True).first())
        if _kb_cache["kb"] is None or key != _kb_cache["key"]:
            if key[0] == 0:
                kb = engine.default_kb()
            else:
                stopwords = engine.default_kb().stopwords
                names = dict(Industry.objects.values_list("code", "name"))
                kb = engine.KnowledgeBase.from_dicts([c.as_dict() for c in active], stopwords, names)
            _kb_cache.update(key=key, kb=kb)
        _kb_cache["checked"] = now
        return _kb_cache["kb"]


def reset_caches() -> None:
    _kb_cache.update(key=None, kb=None, checked=0.0)
    _indexes.clear()


# --------------------------------------------------------------------------- documents


def demand_document(demand) -> engine.Document:
    county = demand.county or (demand.owner.county if demand.owner_id else None)
    return _demand_document(
        demand.pk,
        demand.title,
        demand.problem,
        demand.technical_field,
        demand.description,
        getattr(demand, "indicators", ""),
        demand.keywords,
        demand.industry.name if demand.industry_id else None,
        county.name if county else "",
    )


def _demand_document(pk, title, problem, technical_field, description, indicators, keywords, industry, county):
    return engine.Document(
        kind=DocKind.DEMAND,
        id=pk,
        title=title,
        fields=[(problem, 1.0), (technical_field, 0.8), (description, 0.6), (indicators or "", 0.4)],
        keywords=list(keywords or []),
        industries=[industry] if industry else [],
        county=county or "",
    )


@functools.cache
def _maturity_labels() -> dict:
    from achievements.models import Maturity

    return dict(Maturity.choices)


def achievement_document(achievement) -> engine.Document:
    return _achievement_document(
        achievement.pk,
        achievement.title,
        achievement.summary,
        achievement.technical_field,
        getattr(achievement, "application", ""),
        achievement.keywords,
        achievement.maturity,
        achievement.industry.name if achievement.industry_id else None,
        achievement.county.name if getattr(achievement, "county_id", None) else "",
    )


def _achievement_document(pk, title, summary, technical_field, application, keywords, maturity, industry, county):
    from achievements.models import Maturity

    return engine.Document(
        kind=DocKind.ACHIEVEMENT,
        id=pk,
        title=title,
        fields=[(summary, 0.8), (technical_field, 0.8), (application or "", 0.5)],
        keywords=list(keywords or []),
        industries=[industry] if industry else [],
        county=county or "",
        maturity_rank=Maturity.rank(maturity),
        maturity_label=_maturity_labels().get(maturity, ""),
    )


def talent_document(talent) -> engine.Document:
    return engine.Document(
        kind=DocKind.TALENT,
        id=talent.pk,
        title=talent_display(talent),
        fields=[(talent.research_field, 1.0), (talent.honours, 0.3)],
        # The employer helps matching ("郑州大学材料学院") but is never quoted in a reason.
        private_fields=[(talent.employer or "", 0.3)],
        keywords=list(talent.keywords or []),
        industries=[i.name for i in talent.industries.all()],
        county=talent.native_county.name if talent.native_county_id else "",
    )


def matchable(kind: str, obj) -> bool:
    if kind == DocKind.DEMAND:
        return obj.status == "published" and not obj.is_expired
    if kind == DocKind.ACHIEVEMENT:
        return obj.status == "published"
    if kind == DocKind.TALENT:
        return obj.status == "admitted"
    return False


def document_for(kind: str, obj) -> engine.Document:
    return {
        DocKind.DEMAND: demand_document,
        DocKind.ACHIEVEMENT: achievement_document,
        DocKind.TALENT: talent_document,
    }[kind](obj)


def load(kind: str, object_id):
    model = {DocKind.DEMAND: Demand, DocKind.ACHIEVEMENT: Achievement, DocKind.TALENT: Talent}[kind]
    return model.objects.filter(pk=object_id).first()


# --------------------------------------------------------------------------- the index


def _row(profile: engine.Profile) -> dict:
    return {
        "title": profile.title[:200],
        "profile": profile.as_json(),
        "vector": embedding.to_bytes(profile.vector) if profile.vector is not None else None,
    }


def names_a_problem(concepts: dict) -> bool:
    """Whether a stored profile's concept hits (its "c") state a problem the knowledge base knows
    clearly: a demand without one is matched on its words alone (a gap the bureau can fill)."""
    return any(engine.Hit.from_list(hit).names_problem for hit in concepts.values())


def index_object(kind: str, obj, kb: engine.KnowledgeBase | None = None) -> MatchDocument | None:
    """Put a matchable record into the index (or take it out when it is not matchable)."""
    if not matchable(kind, obj):
        unindex(kind, obj.pk)
        return None
    profile = engine.analyze(document_for(kind, obj), kb or current_kb())
    document, _ = MatchDocument.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=_row(profile))
    _touch(kind)
    return document


def bulk_index(kind: str, objects, kb: engine.KnowledgeBase | None = None) -> int:
    """Index many records at once (rebuild command, bench): batch embedding, one bulk insert."""
    kb = kb or current_kb()
    objects = [o for o in objects if matchable(kind, o)]
    if not objects:
        return 0
    profiles = engine.analyze_many([document_for(kind, o) for o in objects], kb)
    with transaction.atomic():
        MatchDocument.objects.filter(kind=kind, object_id__in=[o.pk for o in objects]).delete()
        MatchDocument.objects.bulk_create(
            (MatchDocument(kind=kind, object_id=p.id, **_row(p)) for p in profiles), batch_size=1000
        )
    _touch(kind)
    return len(profiles)


def unindex(kind: str, object_id) -> list[tuple[str, int]]:
    """Remove a record from the index and every suggestion about it; returns the sources affected."""
    MatchDocument.objects.filter(kind=kind, object_id=object_id).delete()
    affected = list(
        Suggestion.objects.filter(target_kind=kind, target_id=object_id)
        .values_list("source_kind", "source_id")
        .distinct()
    )
    Suggestion.objects.filter(target_kind=kind, target_id=object_id).delete()
    Suggestion.objects.filter(source_kind=kind, source_id=object_id).delete()
    _touch(kind)
    return affected


# --------------------------------------------------------------------------- per-process index cache


def _entries(rows):
    for object_id, profile, vector in rows:
        concepts = {code: float(hit[0]) for code, hit in (profile.get("c") or {}).items()}
        yield object_id, profile.get("t") or {}, concepts, embedding.from_bytes(vector)


class KindIndex:
    """The cached index of one kind: a main `engine.Index`, recent changes beside it, dropped ids."""

    def __init__(self, kind: str):
        self.kind = kind
        self.lock = threading.Lock()
        self.main: engine.Index | None = None
        self.delta: engine.Index | None = None
        self.delta_rows: dict = {}
        self.dead: set = set()  # ids whose main entry is stale (changed or removed)
        self.seen = None  # newest updated_at loaded
        self.count = 0  # rows in the table when last looked
        self.checked = 0.0

    def _rows(self, qs):
        return qs.values_list("object_id", "profile", "vector").iterator(chunk_size=2000)

    def _load(self) -> None:
        qs = MatchDocument.objects.filter(kind=self.kind)
        state = qs.aggregate(seen=Max("updated_at"), count=Count("id"))
        self.main = engine.Index(_entries(self._rows(qs.order_by("object_id"))))
        self.delta, self.delta_rows, self.dead = None, {}, set()
        self.seen, self.count = state["seen"], state["count"]

    def refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and self.main is not None and now - self.checked < CHECK_SECONDS:
            return
        with self.lock:
            if self.main is None:
                self._load()
                self.checked = time.monotonic()
                return
            qs = MatchDocument.objects.filter(kind=self.kind)
            state = qs.aggregate(seen=Max("updated_at"), count=Count("id"))
            if state["seen"] is not None and (self.seen is None or state["seen"] > self.seen):
                changed = list(self._rows(qs.filter(updated_at__gte=self.seen) if self.seen else qs))
                for entry in _entries(changed):
                    self.delta_rows[entry[0]] = entry
                    self.dead.add(entry[0])
                if len(self.delta_rows) > MAX_DELTA:
                    self._load()
                else:
                    self.delta = engine.Index(list(self.delta_rows.values()))
                    self.seen = state["seen"]
            if state["count"] != self._live_count():
                live = set(qs.values_list("object_id", flat=True))
                gone = (set(self.main.ids) | set(self.delta_rows)) - live
                self.dead |= gone
                for object_id in gone:
                    self.delta_rows.pop(object_id, None)
                self.delta = engine.Index(list(self.delta_rows.values())) if self.delta_rows else None
            self.count = state["count"]
            self.checked = time.monotonic()

    def _live_count(self) -> int:
        main_live = sum(1 for i in self.main.ids if i not in self.dead) if self.dead else self.main.n
        return main_live + len(self.delta_rows)

    def df(self, term: str) -> int:
        return self.main.df(term) + (self.delta.df(term) if self.delta is not None else 0)

    @property
    def n(self) -> int:
        return self.main.n + (self.delta.n if self.delta is not None else 0)

    def idf(self, term: str) -> float:
        return self.main.idf(term, self.n, self.df(term))

    def search(self, query: engine.Profile, limit: int, exclude=()) -> list[engine.Candidate]:
        self.refresh()
        f = engine.fusion()
        found = [
            c
            for c in self.main.search(query, limit + len(self.dead), f, exclude, self.df, self.n)
            if c.id not in self.dead
        ]
        if self.delta is not None:
            found += self.delta.search(query, limit, f, exclude, self.df, self.n)
        found.sort(key=lambda c: -c.fused)
        return found[:limit]


_indexes: dict[str, KindIndex] = {}
_indexes_lock = threading.Lock()


def index_for(kind: str) -> KindIndex:
    with _indexes_lock:
        if kind not in _indexes:
            _indexes[kind] = KindIndex(kind)
        return _indexes[kind]


def _touch(kind: str) -> None:
    """This process changed the table: look again at the next query."""
    cached = _indexes.get(kind)
    if cached is not None:
        cached.checked = 0.0


def profiles(kind: str, ids) -> dict:
    rows = MatchDocument.objects.filter(kind=kind, object_id__in=list(ids)).values_list("object_id", "title", "profile")
    return {i: engine.Profile.from_json(kind, i, title, data) for i, title, data in rows}


def compute(kind: str, obj, target_kind: str, limit: int = SUGGESTIONS_KEPT) -> list[engine.Match]:
    """Rank `target_kind` records for one record, on the fly from the index."""
    kb = current_kb()
    query = engine.analyze(document_for(kind, obj), kb)
    index = index_for(target_kind)
    exclude = [obj.pk] if kind == target_kind else []
    pool = index.search(query, max(RERANKED, limit * 3), exclude)
    return engine.rank(query, pool, profiles(target_kind, [c.id for c in pool]), index, kb, limit)


TARGETS = {
    DocKind.DEMAND: (DocKind.ACHIEVEMENT, DocKind.TALENT),
    DocKind.ACHIEVEMENT: (DocKind.DEMAND,),
    DocKind.TALENT: (DocKind.DEMAND,),
}


def recompute(kind: str, object_id) -> int:
    """Store the top suggestions of one record (idempotent; removes them when not matchable)."""
    obj = load(kind, object_id)
    if obj is None or not matchable(kind, obj):
        Suggestion.objects.filter(source_kind=kind, source_id=object_id).delete()
        return 0
    stored = 0
    for target_kind in TARGETS[kind]:
        matches = compute(kind, obj, target_kind)
        with transaction.atomic():
            Suggestion.objects.filter(source_kind=kind, source_id=object_id, target_kind=target_kind).delete()
            Suggestion.objects.bulk_create(
                Suggestion(
                    source_kind=kind,
                    source_id=object_id,
                    target_kind=target_kind,
                    target_id=m.id,
                    title=m.title[:200],
                    rank=i,
                    score=m.score,
                    reasons=m.reasons,
                )
                for i, m in enumerate(matches, 1)
            )
        stored += len(matches)
    return stored


def stored_matches(kind: str, object_id, target_kind: str) -> list[engine.Match] | None:
    """Stored suggestions of a record, or None when none were computed yet."""
    rows = list(Suggestion.objects.filter(source_kind=kind, source_id=object_id, target_kind=target_kind))
    if not rows:
        return None
    live = set(
        MatchDocument.objects.filter(kind=target_kind, object_id__in=[r.target_id for r in rows]).values_list(
            "object_id", flat=True
        )
    )
    return [engine.Match(r.target_id, r.title, r.score, list(r.reasons)) for r in rows if r.target_id in live]


def matches_for(kind: str, obj, target_kind: str, limit: int = SUGGESTIONS_KEPT) -> list[engine.Match]:
    stored = stored_matches(kind, obj.pk, target_kind)
    if stored is not None:
        return stored[:limit]
    return compute(kind, obj, target_kind, limit)


# What the documents read of each record, as plain values in the order of `_demand_document` /
# `_achievement_document`: 100,000 model instances with their related rows and JSON fields cost
# more to build than analysing the records. The querysets are exactly the matchable records.
DEMAND_VALUES = (
    "pk", "title", "problem", "technical_field", "description", "indicators", "keywords",
    "industry__name", "county__name", "owner__county__name",
)  # fmt: skip
ACHIEVEMENT_VALUES = (
    "pk", "title", "summary", "technical_field", "application", "keywords", "maturity",
    "industry__name", "county__name",
)  # fmt: skip


def _demand_row_document(row):
    *values, county, owner_county = row
    return _demand_document(*values, county or owner_county or "")


def _kind_querysets():
    """(kind, queryset of its matchable records, row → document or None for model instances)."""
    return (
        (
            DocKind.DEMAND,
            Demand.objects.published().order_by("pk").values_list(*DEMAND_VALUES),
            _demand_row_document,
        ),
        (
            DocKind.ACHIEVEMENT,
            Achievement.objects.published().order_by("pk").values_list(*ACHIEVEMENT_VALUES),
            lambda row: _achievement_document(*row),
        ),
        (
            DocKind.TALENT,
            Talent.objects.admitted().select_related("native_county").prefetch_related("industries").order_by("pk"),
            None,
        ),
    )


# The knowledge base handed to forked analysis workers (set before the pool forks: the workers
# inherit it, its jieba tokenizer and the embedding table without pickling them).
_worker_kb: engine.KnowledgeBase | None = None


def _analysed_rows(docs: list[engine.Document]) -> list[tuple]:
    """(object_id, title, profile JSON, vector bytes) for a chunk of documents (in a worker)."""
    kb = _worker_kb or current_kb()
    return [
        (
            p.id,
            p.title[:200],
            json.dumps(p.as_json(), ensure_ascii=False, separators=(",", ":")),
            embedding.to_bytes(p.vector) if p.vector is not None else None,
        )
        for p in engine.analyze_many(docs, kb)
    ]


def _copy_field(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bytes):
        return "\\\\x" + value.hex()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _write_rows(kind: str, rows: list[tuple]) -> None:
    """Insert analysed rows: COPY on PostgreSQL, bulk_create elsewhere (the table holds no row of them)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        now = timezone.now().isoformat()
        buffer = io.StringIO()
        for object_id, title, profile, vector in rows:
            buffer.write("\t".join((kind, str(object_id), _copy_field(title), _copy_field(profile))))
            buffer.write("\t" + _copy_field(vector) + "\t" + now + "\n")
        buffer.seek(0)
        table = MatchDocument._meta.db_table
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {table} (kind, object_id, title, profile, vector, updated_at) FROM STDIN", buffer
            )
        return
    MatchDocument.objects.bulk_create(
        (MatchDocument(kind=kind, object_id=i, title=t, profile=json.loads(p), vector=v) for i, t, p, v in rows),
        batch_size=1000,
    )


def _write_result(kind: str, result) -> int:
    rows = result if isinstance(result, list) else result.get()
    _write_rows(kind, rows)
    return len(rows)


def _workers(requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    if multiprocessing.current_process().daemon:  # a Celery prefork child cannot fork a pool
        return 1
    return min(MAX_WORKERS, os.cpu_count() or 1)


def _chunks(kind: str, qs, from_row, batch: int):
    chunk = []
    for item in qs.iterator(chunk_size=batch):
        if from_row is not None:
            chunk.append(from_row(item))
        elif matchable(kind, item):
            chunk.append(document_for(kind, item))
        if len(chunk) >= batch:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def build_index(kinds=None, stdout=None, batch: int = 2000, workers: int | None = None) -> dict[str, dict]:
    """Re-index every matchable record of `kinds` from scratch; returns counts and timings per kind.

    The records are read here (ORM) in chunks of `batch`; analysis (segmentation, BM25F terms,
    knowledge-base concepts, vectors, JSON) runs in `workers` forked processes — one per core —
    while this process reads the next chunk and writes finished ones with COPY (PostgreSQL).
    """
    global _worker_kb
    reset_caches()
    kb = current_kb()
    kb.tokenizer  # noqa: B018 — loaded once before forking, shared by the workers
    embedding.model()
    wanted = set(kinds or [k for k, _, _ in _kind_querysets()])
    if workers is None and sum(qs.count() for k, qs, _ in _kind_querysets() if k in wanted) < PARALLEL_FROM:
        workers = 1  # forking costs more than it saves on a small index
    workers = _workers(workers)
    result = {}
    pool = None
    if workers > 1:
        _worker_kb = kb
        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        for kind, qs, from_row in _kind_querysets():
            if kind not in wanted:
                continue
            started, cpu = time.perf_counter(), time.process_time()
            with transaction.atomic():
                # Plain DELETE: a project-wide post_delete receiver would make the ORM fetch
                # (and decode) every row first; nothing listens for index rows going away.
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {MatchDocument._meta.db_table} WHERE kind = %s", [kind])
                total = 0
                pending: collections.deque = collections.deque()
                for chunk in _chunks(kind, qs, from_row, batch):  # read in this thread (its DB connection)
                    if pool is None:
                        pending.append(_analysed_rows(chunk))
                    else:
                        pending.append(pool.apply_async(_analysed_rows, (chunk,)))
                    while len(pending) > workers:  # keep every worker busy, bound the memory
                        total += _write_result(kind, pending.popleft())
                while pending:
                    total += _write_result(kind, pending.popleft())
            _touch(kind)
            result[kind] = {
                "count": total,
                "seconds": time.perf_counter() - started,
                "cpu": time.process_time() - cpu,
            }
            if stdout is not None:
                stdout.write(f"{DocKind(kind).label}：已索引 {total} 条")
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        _worker_kb = None
    return result


def rebuild_index(stdout=None, batch: int = 2000, workers: int | None = None) -> dict[str, int]:
    """Re-index every matchable record (after knowledge-base edits)."""
    built = build_index(stdout=stdout, batch=batch, workers=workers)
    return {kind: figures["count"] for kind, figures in built.items()}
