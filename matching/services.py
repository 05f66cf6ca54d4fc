"""Matching on the database: the knowledge base, the inverted index, candidates and suggestions.

    index_object("demand", demand)             # after publish / change (a Celery task calls it)
    matches_for("demand", demand, "achievement")  # stored suggestions, or computed on the fly
    recompute("demand", demand.pk)             # store top suggestions (Celery task)

Candidate generation reads the inverted index (`MatchTerm`: one row per expanded concept or
keyword of each matchable record, with a composite (kind, term, document, weight) index), sums
IDF-weighted term weights in SQL to pick the best ~100 candidates, then re-ranks them in Python
with the full engine, which also writes the reasons.
"""

from __future__ import annotations

import threading
import time

from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Sum, Value, When

from achievements.models import Achievement
from demands.models import Demand
from talents.display import talent_display
from talents.models import Talent

from . import engine
from .models import Concept, DocKind, MatchDocument, MatchTerm, Suggestion

SUGGESTIONS_KEPT = 10
CANDIDATES = 100
MAX_QUERY_TERMS = 40
STATS_TTL = 300  # seconds a process trusts its document-frequency table

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
                kb = engine.KnowledgeBase.from_dicts([c.as_dict() for c in active], stopwords)
            _kb_cache.update(key=key, kb=kb)
        _kb_cache["checked"] = now
        return _kb_cache["kb"]


def reset_caches() -> None:
    _kb_cache.update(key=None, kb=None, checked=0.0)
    _stats_cache.clear()


# --------------------------------------------------------------------------- documents


def _industry_names(obj) -> list[str]:
    industry = getattr(obj, "industry", None)
    return [industry.name] if industry is not None else []


def demand_document(demand) -> engine.Document:
    county = demand.county or (demand.owner.county if demand.owner_id else None)
    return engine.Document(
        kind=DocKind.DEMAND,
        id=demand.pk,
        title=demand.title,
        fields=[
            (demand.problem, 1.0),
            (demand.technical_field, 0.8),
            (demand.description, 0.6),
            (getattr(demand, "indicators", ""), 0.4),
        ],
        keywords=list(demand.keywords or []),
        industries=_industry_names(demand),
        county=county.name if county else "",
    )


def achievement_document(achievement) -> engine.Document:
    return engine.Document(
        kind=DocKind.ACHIEVEMENT,
        id=achievement.pk,
        title=achievement.title,
        fields=[
            (achievement.summary, 0.8),
            (achievement.technical_field, 0.8),
            (getattr(achievement, "application", ""), 0.5),
        ],
        keywords=list(achievement.keywords or []),
        industries=_industry_names(achievement),
        county=achievement.county.name if getattr(achievement, "county_id", None) else "",
        maturity_rank=achievement.maturity_rank,
        maturity_label=achievement.get_maturity_display(),
    )


def talent_document(talent) -> engine.Document:
    return engine.Document(
        kind=DocKind.TALENT,
        id=talent.pk,
        title=talent_display(talent),
        fields=[(talent.research_field, 1.0), (talent.honours, 0.3)],
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


def index_object(kind: str, obj, kb: engine.KnowledgeBase | None = None) -> MatchDocument | None:
    """Put a matchable record into the index (or take it out when it is not matchable)."""
    if not matchable(kind, obj):
        unindex(kind, obj.pk)
        return None
    profile = engine.analyze(document_for(kind, obj), kb or current_kb())
    with transaction.atomic():
        document, _ = MatchDocument.objects.update_or_create(
            kind=kind, object_id=obj.pk, defaults={"title": profile.title[:200], "profile": profile.as_json()}
        )
        document.terms.all().delete()
        MatchTerm.objects.bulk_create(
            MatchTerm(document=document, kind=kind, term=term, weight=weight)
            for term, weight in profile.index_terms().items()
        )
    _stats_cache.pop(kind, None)
    return document


def bulk_index(kind: str, objects, kb: engine.KnowledgeBase | None = None) -> int:
    """Index many records at once (rebuild command, bench): two bulk inserts per batch."""
    kb = kb or current_kb()
    objects = [o for o in objects if matchable(kind, o)]
    if not objects:
        return 0
    profiles = [engine.analyze(document_for(kind, o), kb) for o in objects]
    with transaction.atomic():
        MatchDocument.objects.filter(kind=kind, object_id__in=[o.pk for o in objects]).delete()
        documents = MatchDocument.objects.bulk_create(
            MatchDocument(kind=kind, object_id=p.id, title=p.title[:200], profile=p.as_json()) for p in profiles
        )
        if documents and documents[0].pk is None:  # backends that do not return ids
            by_id = dict(
                MatchDocument.objects.filter(kind=kind, object_id__in=[p.id for p in profiles]).values_list(
                    "object_id", "pk"
                )
            )
            for d in documents:
                d.pk = by_id[d.object_id]
        MatchTerm.objects.bulk_create(
            (
                MatchTerm(document_id=d.pk, kind=kind, term=term, weight=weight)
                for d, p in zip(documents, profiles, strict=True)
                for term, weight in p.index_terms().items()
            ),
            batch_size=5000,
        )
    _stats_cache.pop(kind, None)
    return len(documents)


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
    _stats_cache.pop(kind, None)
    return affected


_stats_cache: dict[str, tuple[float, engine.CorpusStats]] = {}
_stats_lock = threading.Lock()


def corpus_stats(kind: str) -> engine.CorpusStats:
    """Document frequencies of every index term of one kind (memoised per process for 5 min)."""
    cached = _stats_cache.get(kind)
    if cached and time.monotonic() - cached[0] < STATS_TTL:
        return cached[1]
    with _stats_lock:
        n_docs = MatchDocument.objects.filter(kind=kind).count()
        df = dict(MatchTerm.objects.filter(kind=kind).values("term").annotate(n=Count("id")).values_list("term", "n"))
        stats = engine.CorpusStats(n_docs, df)
        _stats_cache[kind] = (time.monotonic(), stats)
        return stats


def candidates(query: engine.Profile, target_kind: str, stats: engine.CorpusStats, limit: int = CANDIDATES):
    """Best candidate documents by an IDF-weighted sum over the inverted index (one SQL query)."""
    weights = {}
    for term, w in query.index_terms().items():
        factor = engine.WEIGHT_CONCEPT if term.startswith("c:") else engine.WEIGHT_KEYWORD
        weights[term] = w * factor * stats.idf(term) ** 2
    if not weights:
        return []
    # Terms nearly every document has add cost, not discrimination.
    ceiling = max(50, stats.n_docs // 5)
    selected = sorted(
        (t for t in weights if stats.df.get(t, 0) > 0 and (stats.df.get(t, 0) <= ceiling or t.startswith("c:"))),
        key=lambda t: -weights[t],
    )[:MAX_QUERY_TERMS]
    if not selected:
        return []
    coefficient = Case(*[When(term=t, then=Value(weights[t])) for t in selected], output_field=FloatField())
    rows = (
        MatchTerm.objects.filter(kind=target_kind, term__in=selected)
        .values("document_id")
        .annotate(total=Sum(coefficient * F("weight"), output_field=FloatField()))
        .order_by("-total", "document_id")[:limit]
    )
    ids = [r["document_id"] for r in rows]
    documents = MatchDocument.objects.in_bulk(ids)
    return [
        engine.Profile.from_json(d.kind, d.object_id, d.title, d.profile)
        for d in (documents[i] for i in ids if i in documents)
    ]


def compute(kind: str, obj, target_kind: str, limit: int = SUGGESTIONS_KEPT) -> list[engine.Match]:
    """Rank `target_kind` records for one record, on the fly from the index."""
    kb = current_kb()
    query = engine.analyze(document_for(kind, obj), kb)
    stats = corpus_stats(target_kind)
    pool = candidates(query, target_kind, stats)
    return engine.rank(query, pool, stats, kb, limit=limit)


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


def rebuild_index(stdout=None, batch: int = 2000) -> dict[str, int]:
    """Re-index every matchable record (after knowledge-base edits)."""

    reset_caches()
    kb = current_kb()
    counts = {}
    for kind, qs in (
        (DocKind.DEMAND, Demand.objects.published().select_related("industry", "county", "owner__county")),
        (DocKind.ACHIEVEMENT, Achievement.objects.published().select_related("industry", "county")),
        (DocKind.TALENT, Talent.objects.admitted().select_related("native_county").prefetch_related("industries")),
    ):
        MatchDocument.objects.filter(kind=kind).delete()
        total, chunk = 0, []
        for obj in qs.iterator(chunk_size=batch):
            chunk.append(obj)
            if len(chunk) >= batch:
                total += bulk_index(kind, chunk, kb)
                chunk = []
        total += bulk_index(kind, chunk, kb)
        counts[kind] = total
        if stdout is not None:
            stdout.write(f"{DocKind(kind).label}：已索引 {total} 条")
    return counts
