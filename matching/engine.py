"""The matching engine: pure functions, no database.

Enterprises describe a problem in plain words ("液压设备老是漏油"); institutes describe a
technology ("高性能氟橡胶密封材料"). The knowledge base (`matching/data/terms.json`, editable
in the admin as `matching.Concept`) maps both kinds of wording to shared *concepts*: a concept
has technology terms (how institutes write) and problem phrases (how enterprises write), a
kind (`tech` — what solves a problem — or `object` — the equipment or product it is about,
weighted lower) and related concepts (weaker links).

    profile = analyze(document, kb)          # concepts hit, keyword tokens, industry, …
    results = rank(query_profile, candidate_profiles, stats, kb)   # best first, with reasons

Scoring (all parts in [0, 1], then weighted):
  * concepts: IDF-weighted cosine of the concept vectors (problem ↔ technology bridges count
    like shared technology); object concepts weigh half, related concepts 0.4;
  * keywords: IDF-weighted cosine of segmented words and the record's own keywords;
  * same industry: a mild bonus that cannot lift a neighbour over the real solution;
  * maturity (achievement meets the demand's wish, or is far along), same county (talents).
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from core.text import new_tokenizer

DATA_FILE = Path(__file__).resolve().parent / "data" / "terms.json"

WEIGHT_CONCEPT = 0.70
WEIGHT_KEYWORD = 0.20
WEIGHT_INDUSTRY = 0.05
WEIGHT_MATURITY = 0.03
WEIGHT_COUNTY = 0.05
OBJECT_FACTOR = 0.5
RELATED_FACTOR = 0.4
# In a demand, a technology term without a problem phrase usually names what the enterprise
# already makes or uses ("耐火材料破碎车间"); the problem phrase names what it needs.
DEMAND_CONTEXT_FACTOR = 0.6
MIN_SCORE = 0.05  # below this a "match" is only a shared industry: not worth showing

_ASCII_WORD = re.compile(r"^[A-Za-z0-9\-]+$")


# --------------------------------------------------------------------------- knowledge base


@dataclass(frozen=True)
class Concept:
    code: str
    name: str
    kind: str = "tech"  # "tech" or "object"
    industries: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def base_weight(self) -> float:
        return OBJECT_FACTOR if self.kind == "object" else 1.0


class KnowledgeBase:
    """Concepts plus a surface-form lookup (longest match first) and the stopword list."""

    def __init__(self, concepts: list[Concept], stopwords=()):
        self.concepts = {c.code: c for c in concepts}
        self.stopwords = frozenset(stopwords)
        # surface (normalised) -> list of (concept code, "t" technology term / "p" problem)
        self.surfaces: dict[str, list[tuple[str, str]]] = {}
        for c in concepts:
            for via, words in (("t", c.terms), ("p", c.problems)):
                for word in words:
                    key = normalize(word)
                    if len(key) >= 2:
                        self.surfaces.setdefault(key, []).append((c.code, via))
        self.lengths = sorted({len(s) for s in self.surfaces}, reverse=True)
        self._tokenizer = None
        self._lock = threading.Lock()

    @classmethod
    def from_dicts(cls, rows: list[dict], stopwords=()) -> KnowledgeBase:
        concepts = [
            Concept(
                code=r["code"],
                name=r["name"],
                kind=r.get("kind", "tech"),
                industries=tuple(r.get("industries", ())),
                terms=tuple(r.get("terms", ())),
                problems=tuple(r.get("problems", ())),
                related=tuple(r.get("related", ())),
            )
            for r in rows
        ]
        return cls(concepts, stopwords)

    @classmethod
    def from_file(cls, path: Path = DATA_FILE) -> KnowledgeBase:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_dicts(data["concepts"], data.get("stopwords", ()))

    # jieba is loaded once per knowledge base, lazily, with every term as a user word so
    # compounds like "脉冲袋式除尘" stay whole.
    @property
    def tokenizer(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    tokenizer = new_tokenizer()
                    for surface in self.surfaces:
                        tokenizer.add_word(surface, freq=20000)
                    self._tokenizer = tokenizer
        return self._tokenizer

    def segment(self, text: str) -> list[str]:
        return [w for w in self.tokenizer.lcut(normalize(text)) if w.strip()]


_default_kb: KnowledgeBase | None = None
_default_lock = threading.Lock()


def default_kb() -> KnowledgeBase:
    """The knowledge base from terms.json (the DB layer may supply an edited one instead)."""
    global _default_kb
    if _default_kb is None:
        with _default_lock:
            if _default_kb is None:
                _default_kb = KnowledgeBase.from_file()
    return _default_kb


def normalize(text: str) -> str:
    """Full-width → half-width, upper-case Latin letters, trimmed."""
    return unicodedata.normalize("NFKC", text or "").upper().strip()


# --------------------------------------------------------------------------- documents


@dataclass
class Document:
    """What the engine needs of a demand, an achievement or a talent."""

    kind: str  # "demand" | "achievement" | "talent"
    id: int | str
    title: str
    fields: list[tuple[str, float]] = field(default_factory=list)  # (text, weight)
    keywords: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)  # Chinese names
    county: str = ""
    maturity_rank: int | None = None  # achievements: how far along (higher is further)
    maturity_label: str = ""
    required_maturity_rank: int | None = None  # demands: the wish, if any


@dataclass
class Hit:
    weight: float
    term: str = ""  # technology surface seen in the text
    problem: str = ""  # problem surface seen in the text
    related_from: str = ""  # concept name this was reached from (related link)

    def as_list(self):
        return [round(self.weight, 3), self.term, self.problem, self.related_from]

    @classmethod
    def from_list(cls, value):
        return cls(float(value[0]), value[1], value[2], value[3])


@dataclass
class Profile:
    kind: str
    id: int | str
    title: str
    concepts: dict[str, Hit]
    tokens: dict[str, float]
    industries: list[str] = field(default_factory=list)
    county: str = ""
    maturity_rank: int | None = None
    maturity_label: str = ""
    required_maturity_rank: int | None = None

    def index_terms(self) -> dict[str, float]:
        """Terms of the inverted index: "c:<concept>" and "k:<token>" with their weights."""
        terms = {f"c:{code}": hit.weight for code, hit in self.concepts.items()}
        terms.update({f"k:{token}"[:80]: w for token, w in self.tokens.items()})
        return terms

    def as_json(self) -> dict:
        return {
            "c": {code: hit.as_list() for code, hit in self.concepts.items()},
            "k": {t: round(w, 3) for t, w in self.tokens.items()},
            "i": self.industries,
            "n": self.county,
            "m": [self.maturity_rank, self.maturity_label],
            "rm": self.required_maturity_rank,
        }

    @classmethod
    def from_json(cls, kind, id, title, data: dict) -> Profile:
        m = data.get("m") or [None, ""]
        return cls(
            kind=kind,
            id=id,
            title=title,
            concepts={code: Hit.from_list(v) for code, v in data.get("c", {}).items()},
            tokens={t: float(w) for t, w in data.get("k", {}).items()},
            industries=list(data.get("i", [])),
            county=data.get("n", ""),
            maturity_rank=m[0],
            maturity_label=m[1],
            required_maturity_rank=data.get("rm"),
        )


def find_surfaces(text: str, kb: KnowledgeBase) -> list[str]:
    """Known surfaces in `text`, scanning left to right, longest match first, no overlaps."""
    text = normalize(text)
    found, i, n = [], 0, len(text)
    while i < n:
        for length in kb.lengths:
            if i + length > n:
                continue
            piece = text[i : i + length]
            if piece in kb.surfaces and not _inside_ascii_word(text, i, length, piece):
                found.append(piece)
                i += length
                break
        else:
            i += 1
    return found


def _inside_ascii_word(text, start, length, piece) -> bool:
    """ "AR" must not match inside "RADAR": Latin terms need non-Latin neighbours."""
    if not _ASCII_WORD.match(piece):
        return False
    before = text[start - 1] if start > 0 else " "
    after = text[start + length] if start + length < len(text) else " "
    return before.isascii() and before.isalnum() or after.isascii() and after.isalnum()


def analyze(doc: Document, kb: KnowledgeBase | None = None) -> Profile:
    kb = kb or default_kb()
    concepts: dict[str, Hit] = {}
    texts = [(doc.title, 1.0), *doc.fields, ("，".join(doc.keywords), 1.0)]
    for text, weight in texts:
        if not text:
            continue
        for surface in find_surfaces(text, kb):
            for code, via in kb.surfaces[surface]:
                concept = kb.concepts[code]
                w = weight * concept.base_weight
                if doc.kind == "demand" and via == "t":
                    w *= DEMAND_CONTEXT_FACTOR
                hit = concepts.get(code)
                if hit is None:
                    hit = concepts[code] = Hit(weight=w)
                hit.weight = max(hit.weight, w)
                if via == "t" and not hit.term:
                    hit.term = surface
                elif via == "p" and not hit.problem:
                    hit.problem = surface
    # Related concepts: a weak link, never stronger than a direct mention.
    for code, hit in list(concepts.items()):
        if hit.related_from:
            continue
        for rel in kb.concepts[code].related:
            if rel in kb.concepts and rel not in concepts:
                concepts[rel] = Hit(
                    weight=hit.weight * RELATED_FACTOR * kb.concepts[rel].base_weight,
                    related_from=kb.concepts[code].name,
                )
    tokens: dict[str, float] = {}
    for text, weight in [(doc.title, 1.0), *doc.fields]:
        for word in kb.segment(text or ""):
            if _is_keyword(word, kb):
                tokens[word] = max(tokens.get(word, 0.0), weight)
    for kw in doc.keywords:
        kw = normalize(kw)
        if kw and kw not in kb.stopwords:
            tokens[kw] = 1.0
    return Profile(
        kind=doc.kind,
        id=doc.id,
        title=doc.title,
        concepts=concepts,
        tokens=tokens,
        industries=list(doc.industries),
        county=doc.county or "",
        maturity_rank=doc.maturity_rank,
        maturity_label=doc.maturity_label or "",
        required_maturity_rank=doc.required_maturity_rank,
    )


def _is_keyword(word: str, kb: KnowledgeBase) -> bool:
    if len(word) < 2 or word in kb.stopwords:
        return False
    return not (word.isdigit() or all(not ch.isalnum() for ch in word))


# --------------------------------------------------------------------------- scoring


@dataclass
class CorpusStats:
    """Document frequencies of index terms over the candidate corpus (for IDF)."""

    n_docs: int
    df: dict[str, int] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        return math.log(1.0 + (self.n_docs + 1) / (1 + self.df.get(term, 0)))

    @classmethod
    def from_profiles(cls, profiles) -> CorpusStats:
        df: dict[str, int] = {}
        count = 0
        for p in profiles:
            count += 1
            for term in p.index_terms():
                df[term] = df.get(term, 0) + 1
        return cls(count, df)


@dataclass
class Match:
    id: int | str
    title: str
    score: float
    reasons: list[str]


def _cosine(q: dict[str, float], d: dict[str, float], idf) -> tuple[float, list[str]]:
    shared = [t for t in q if t in d]
    if not shared:
        return 0.0, []
    dot = sum(q[t] * d[t] * idf(t) ** 2 for t in shared)
    nq = math.sqrt(sum((w * idf(t)) ** 2 for t, w in q.items()))
    nd = math.sqrt(sum((w * idf(t)) ** 2 for t, w in d.items()))
    if not nq or not nd:
        return 0.0, []
    shared.sort(key=lambda t: -q[t] * d[t] * idf(t) ** 2)
    return dot / (nq * nd), shared


def score(query: Profile, doc: Profile, stats: CorpusStats, kb: KnowledgeBase | None = None) -> Match:
    kb = kb or default_kb()
    qc = {c: h.weight for c, h in query.concepts.items()}
    dc = {c: h.weight for c, h in doc.concepts.items()}
    concept_score, shared_concepts = _cosine(qc, dc, lambda c: stats.idf(f"c:{c}"))
    keyword_score, shared_tokens = _cosine(query.tokens, doc.tokens, lambda t: stats.idf(f"k:{t}"[:80]))
    total = WEIGHT_CONCEPT * concept_score + WEIGHT_KEYWORD * keyword_score
    reasons: list[str] = []
    direct = [c for c in shared_concepts if not (query.concepts[c].related_from and doc.concepts[c].related_from)]
    for code in direct[:3]:
        reasons.append(_concept_reason(kb.concepts.get(code), query.concepts[code], doc.concepts[code]))
    if shared_tokens:
        reasons.append("共同关键词：" + "、".join(shared_tokens[:4]))
    relevant = total > 0
    same_industry = [i for i in query.industries if i in doc.industries]
    if same_industry and relevant:
        total += WEIGHT_INDUSTRY
        reasons.append("同一产业：" + "、".join(same_industry))
    maturity = doc.maturity_rank if doc.kind == "achievement" else query.maturity_rank
    maturity_label = doc.maturity_label if doc.kind == "achievement" else query.maturity_label
    wanted = query.required_maturity_rank if doc.kind == "achievement" else doc.required_maturity_rank
    if maturity is not None and relevant:
        if wanted is not None:
            if maturity >= wanted:
                total += WEIGHT_MATURITY
                reasons.append(f"成熟度满足：{maturity_label}")
        elif maturity >= 3:
            total += WEIGHT_MATURITY * min(1.0, (maturity - 2) / 2)
            reasons.append(f"成熟度：{maturity_label}")
    if query.county and doc.county and query.county == doc.county and relevant:
        total += WEIGHT_COUNTY
        reasons.append(f"同县区：{doc.county}")
    return Match(id=doc.id, title=doc.title, score=round(total, 4), reasons=reasons)


def _concept_reason(concept: Concept | None, q: Hit, d: Hit) -> str:
    name = concept.name if concept else ""
    if concept is not None and concept.kind == "object" and q.term and d.term:
        return f"同类对象：{name}"
    if q.problem and d.term:
        return f"问题“{q.problem}”对应技术“{d.term}”"
    if q.term and d.problem:
        return f"技术“{q.term}”可解决问题“{d.problem}”"
    if q.term and d.term:
        if q.term == d.term:
            return f"共同技术：{q.term}"
        return f"技术相通：“{q.term}”与“{d.term}”（{name}）"
    if q.problem and d.problem:
        return f"同类问题：{q.problem}"
    src = q.related_from or d.related_from
    return f"相关技术：{src}—{name}" if src else f"相关领域：{name}"


def rank(query: Profile, candidates, stats: CorpusStats, kb: KnowledgeBase | None = None, limit: int = 10):
    """Score every candidate; best first; drop weak matches (industry-only)."""
    kb = kb or default_kb()
    results = []
    for doc in candidates:
        if doc.kind == query.kind and doc.id == query.id:
            continue
        m = score(query, doc, stats, kb)
        if m.score >= MIN_SCORE:
            results.append(m)
    results.sort(key=lambda m: (-m.score, str(m.id)))
    return results[:limit]
