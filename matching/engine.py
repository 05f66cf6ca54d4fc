"""The matching engine: pure functions over documents, no database.

Enterprises describe a problem in plain words ("液压设备老是漏油"); institutes describe a
technology ("高性能氟橡胶密封材料"). The engine is hybrid retrieval with three signals, fused by
a normalised linear combination whose weights are data (`matching/data/fusion.json`):

  * lexical (the backbone): BM25F over jieba words, Chinese character bigrams and single
    characters of the title, the body (summary / problem / description …) and the keywords,
    each field with its weight;
  * semantic: cosine of WordLlama vectors (`matching/embedding.py`, weights inside the pinned
    `wordllama` wheel, nothing downloaded);
  * knowledge base (`matching/data/terms.json`, editable in the admin as `matching.Concept`):
    problem phrases ↔ technology terms; a bounded bonus that also writes readable reasons
    ("问题“漏油”对应技术“氟橡胶”"), never the dominant term;
  * same industry, maturity (and same county for talents): small tie-breakers.

    profile = analyze(document, kb)                  # terms, concepts, vector, industry, …
    index = Index([entry(p) for p in profiles])      # postings + vector matrix (numpy), per kind
    pool = index.search(query, 50)                   # fused scores over every record
    matches = rank(query, pool, profiles_by_id, index, kb)   # tie-breakers, Chinese reasons
    matches = search(query, profiles, kb)            # the same for a small in-memory corpus
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.text import new_tokenizer

from .glossary import FUNCTION_CHARS

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "terms.json"
FUSION_FILE = DATA_DIR / "fusion.json"

OBJECT_FACTOR = 0.5
RELATED_FACTOR = 0.4
# In a demand, a technology term without a problem phrase usually names what the enterprise
# already makes or uses ("耐火材料破碎车间"); the problem phrase names what it needs.
DEMAND_CONTEXT_FACTOR = 0.6

_ASCII_WORD = re.compile(r"^[A-Za-z0-9\-]+$")
_CLAUSE = re.compile(r"[，。；;、,.:：！？!?\s（）()【】\[\]“”\"'《》/]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Function characters: as single-character index terms they only add noise.
STOP_CHARS = FUNCTION_CHARS


@dataclass(frozen=True)
class Fusion:
    """Weights of the fused score (see docs/matching.md); loaded from fusion.json."""

    lexical: float = 0.5
    semantic: float = 0.25
    knowledge: float = 0.2
    gloss: float = 0.0  # bridge through a shared English gloss of different Chinese words (glossary.py)
    industry: float = 0.03
    maturity: float = 0.02
    county: float = 0.03
    k1: float = 1.2
    b: float = 0.75
    title_weight: float = 2.0
    body_weight: float = 1.0
    keyword_weight: float = 1.5
    bigram_factor: float = 0.4
    unigram_factor: float = 0.0
    problem_boost: float = 1.0
    problem_penalty: float = 0.0  # share taken from candidates that address none of the query's known problems
    weak_factor: float = 1.0  # weight of a concept reached only through an ambiguous ("weak") phrase
    object_factor: float = 1.0
    avg_title_chars: float = 14.0
    avg_body_chars: float = 90.0
    semantic_floor: float = 0.3
    semantic_ceiling: float = 0.8
    min_score: float = 0.05
    pool: int = 200

    @classmethod
    def from_file(cls, path: Path = FUSION_FILE) -> Fusion:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


_fusion: Fusion | None = None


def fusion() -> Fusion:
    global _fusion
    if _fusion is None:
        _fusion = Fusion.from_file()
    return _fusion


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
    # Surfaces (terms or problems) that often mean something else in a real demand ("晃得厉害"
    # is load sway as often as vibration): alone they reach the concept at `weak_factor` of the
    # weight and never trigger the off-problem penalty; two different ones in one record agree
    # and count in full.
    weak: tuple[str, ...] = ()

    @property
    def base_weight(self) -> float:
        return OBJECT_FACTOR if self.kind == "object" else 1.0


class KnowledgeBase:
    """Concepts plus a surface-form lookup (longest match first) and the stopword list.

    `industry_names` maps the industry codes of concepts to the names records carry
    (the `accounts.Industry` table; terms.json keeps the same legend for the pure path).
    """

    def __init__(self, concepts: list[Concept], stopwords=(), industry_names: dict[str, str] | None = None):
        self.concepts = {c.code: c for c in concepts}
        self.stopwords = frozenset(stopwords)
        names = industry_names or {}
        # concept code → names of its industries (empty: the concept belongs everywhere)
        self.home: dict[str, frozenset[str]] = {
            c.code: frozenset(names.get(i, i) for i in c.industries) for c in concepts
        }
        # surface (normalised) -> list of (concept code, "t" technology term / "p" problem)
        self.surfaces: dict[str, list[tuple[str, str]]] = {}
        self.weak: frozenset[tuple[str, str]] = frozenset(
            (c.code, normalize(word)) for c in concepts for word in c.weak
        )  # (concept code, surface) pairs of ambiguous phrases
        for c in concepts:
            for via, words in (("t", c.terms), ("p", c.problems)):
                for word in words:
                    key = normalize(word)
                    if len(key) >= 2:
                        self.surfaces.setdefault(key, []).append((c.code, via))
        self.lengths = sorted({len(s) for s in self.surfaces}, reverse=True)
        self._tokenizer = None
        self._lock = threading.Lock()
        self.clause_cache: dict[str, tuple[str, ...]] = {}
        self.text_cache: dict[str, tuple[dict, tuple]] = {}  # whole text → (term counts, surfaces)

    @classmethod
    def from_dicts(cls, rows: list[dict], stopwords=(), industry_names: dict[str, str] | None = None) -> KnowledgeBase:
        concepts = [
            Concept(
                code=r["code"],
                name=r["name"],
                kind=r.get("kind", "tech"),
                industries=tuple(r.get("industries", ())),
                terms=tuple(r.get("terms", ())),
                problems=tuple(r.get("problems", ())),
                related=tuple(r.get("related", ())),
                weak=tuple(r.get("weak", ())),
            )
            for r in rows
        ]
        return cls(concepts, stopwords, industry_names)

    @classmethod
    def from_file(cls, path: Path = DATA_FILE) -> KnowledgeBase:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_dicts(data["concepts"], data.get("stopwords", ()), data.get("industries"))

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
        return segment(text, self)


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


CLAUSE_CACHE_SIZE = 300_000
TEXT_CACHE_SIZE = 100_000
COMMON_SHARE = 0.9  # a query term found in more than this share of records is skipped


@dataclass(frozen=True)
class Clause:
    """What matching needs of one clause (text between punctuation), memoised per process."""

    words: tuple[str, ...]  # jieba words
    keywords: tuple[str, ...]  # words that can be index terms (no stopwords, numbers, 1-char)
    pairs: tuple[str, ...]  # Chinese character bigrams (not stopwords)
    chars: tuple[str, ...]  # Chinese characters
    surfaces: tuple[str, ...]  # knowledge-base surfaces, longest match first
    counts: dict[str, float]  # lexical terms: words 1, "#"+bigram and "@"+character by their factors


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(normalize(text)) if c]


def clause(text: str, kb: KnowledgeBase) -> Clause:
    """The memoised analysis of one normalised clause (bounded cache on the knowledge base)."""
    cache = kb.clause_cache
    hit = cache.get(text)
    if hit is None:
        words = tuple(w for w in kb.tokenizer.lcut(text) if w.strip())
        runs = _CJK_RUN.findall(text)
        keywords = tuple(w for w in words if _is_keyword(w, kb))
        pairs = tuple(p for run in runs for p in (run[i : i + 2] for i in range(len(run) - 1)) if p not in kb.stopwords)
        chars = tuple(ch for run in runs for ch in run)
        f = fusion()
        counts: dict[str, float] = {}
        for term, weight in (
            *((w, 1.0) for w in keywords),
            *(("#" + p, f.bigram_factor) for p in pairs),
            *(("@" + ch, f.unigram_factor) for ch in chars if f.unigram_factor),
        ):
            counts[term] = counts.get(term, 0.0) + weight
        hit = Clause(words, keywords, pairs, chars, tuple(_scan_surfaces(text, kb)), counts)
        if len(cache) >= CLAUSE_CACHE_SIZE:
            cache.clear()
        cache[text] = hit
    return hit


def segment(text: str, kb: KnowledgeBase | None = None) -> list[str]:
    """jieba words of `text`, knowledge-base terms kept whole: THE segmentation of matching.

    Text is split into clauses at punctuation and each clause is analysed once per process
    (a bounded memo, `clause()`): records repeat clauses a lot (boilerplate, templates,
    re-published texts), and segmentation is what dominates building the index.
    """
    kb = kb or default_kb()
    return [w for c in clauses(text) for w in clause(c, kb).words]


# --------------------------------------------------------------------------- documents


@dataclass
class Document:
    """What the engine needs of a demand, an achievement or a talent."""

    kind: str  # "demand" | "achievement" | "talent"
    id: int | str
    title: str
    fields: list[tuple[str, float]] = field(default_factory=list)  # body texts (text, weight)
    keywords: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)  # Chinese names
    county: str = ""
    maturity_rank: int | None = None  # achievements: how far along (higher is further)
    maturity_label: str = ""
    required_maturity_rank: int | None = None  # demands: the wish, if any
    private_fields: list[tuple[str, float]] = field(default_factory=list)  # matched, never quoted in reasons

    def semantic_text(self) -> str:
        parts = [self.title, *(t for t, _ in self.fields if t), *(t for t, _ in self.private_fields if t)]
        if self.keywords:
            parts.append("，".join(self.keywords))
        return "。".join(p for p in parts if p)


@dataclass
class Hit:
    weight: float
    term: str = ""  # technology surface seen in the text
    problem: str = ""  # problem surface seen in the text
    related_from: str = ""  # concept name this was reached from (related link)
    # How many reasons make the bridge uncertain: reached only through an ambiguous phrase,
    # outside the concept's industries, an aside in a demand's body. Each one is ×weak_factor.
    doubt: int = 0

    @property
    def weak(self) -> bool:
        return self.doubt > 0

    @property
    def names_problem(self) -> bool:
        """A problem the record states clearly ("漏油"): what the off-problem penalty checks."""
        return bool(self.problem) and not self.related_from and not self.weak

    def as_list(self):
        row = [round(self.weight, 3), self.term, self.problem, self.related_from]
        return [*row, self.doubt] if self.doubt else row

    @classmethod
    def from_list(cls, value):
        return cls(float(value[0]), value[1], value[2], value[3], int(value[4]) if len(value) > 4 else 0)


@dataclass
class Profile:
    kind: str
    id: int | str
    title: str
    terms: dict[str, float]  # lexical term → saturated BM25F weight ("#ab" is a character bigram)
    concepts: dict[str, Hit]
    vector: np.ndarray | None = None
    industries: list[str] = field(default_factory=list)
    county: str = ""
    maturity_rank: int | None = None
    maturity_label: str = ""
    required_maturity_rank: int | None = None
    private: frozenset = frozenset()  # words from private fields: never shown as reasons
    emphasis: dict[str, float] = field(default_factory=dict)  # query-side weight factors (≠ 1 only)

    def concept_weights(self) -> dict[str, float]:
        return {code: hit.weight for code, hit in self.concepts.items()}

    def as_json(self) -> dict:
        return {
            "t": self.terms,
            "c": {code: hit.as_list() for code, hit in self.concepts.items()},
            "i": self.industries,
            "n": self.county,
            "m": [self.maturity_rank, self.maturity_label],
            "rm": self.required_maturity_rank,
            "p": sorted(self.private),
            "e": self.emphasis,
        }

    @classmethod
    def from_json(cls, kind, id, title, data: dict, vector=None) -> Profile:
        m = data.get("m") or [None, ""]
        return cls(
            kind=kind,
            id=id,
            title=title,
            terms={t: float(w) for t, w in data.get("t", {}).items()},
            concepts={code: Hit.from_list(v) for code, v in data.get("c", {}).items()},
            vector=vector,
            industries=list(data.get("i", [])),
            county=data.get("n", ""),
            maturity_rank=m[0],
            maturity_label=m[1],
            required_maturity_rank=data.get("rm"),
            private=frozenset(data.get("p", ())),
            emphasis=dict(data.get("e", {})),
        )


def find_surfaces(text: str, kb: KnowledgeBase) -> list[str]:
    """Known surfaces in `text`, scanning left to right, longest match first, no overlaps."""
    return list(text_analysis(text, kb)[1])


def _scan_surfaces(text: str, kb: KnowledgeBase) -> list[str]:
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


def find_concepts(doc: Document, kb: KnowledgeBase, f: Fusion | None = None) -> dict[str, Hit]:
    f = f or fusion()
    concepts: dict[str, Hit] = {}
    texts = [(doc.title, 1.0), *doc.fields, ("，".join(doc.keywords), 1.0)]
    in_title: set[str] = set()
    for position, (text, weight) in enumerate(texts):
        if not text:
            continue
        for surface in find_surfaces(text, kb):
            for code, via in kb.surfaces[surface]:
                if position == 0:
                    in_title.add(code)
                concept = kb.concepts[code]
                w = weight * concept.base_weight
                if doc.kind == "demand" and via == "t":
                    w *= DEMAND_CONTEXT_FACTOR
                weak = (code, surface) in kb.weak
                if weak:
                    w *= f.weak_factor
                hit = concepts.get(code)
                if hit is None:
                    hit = concepts[code] = Hit(weight=w, doubt=int(weak))
                elif hit.weak and not weak:  # a clear phrase outweighs and relabels an ambiguous one
                    hit.doubt, hit.term, hit.problem = 0, "", ""
                    hit.weight = w
                elif weak and not hit.weak:
                    continue
                elif weak and surface not in (hit.term, hit.problem):  # two ambiguous phrases agree:
                    hit.doubt = 0  # both count unweakened
                    hit.weight /= f.weak_factor or 1.0
                    w /= f.weak_factor or 1.0
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
    # Outside its industries a phrase is as uncertain as an ambiguous one: "掉渣" is stale bread
    # in food and a flaking mural in cultural tourism; "一到冬天" is battery range only in cars.
    industries = set(doc.industries)
    if industries:
        for code, hit in concepts.items():
            home = kb.home.get(code)
            if home and not home & industries:
                hit.weight *= f.weak_factor
                hit.doubt += 1
    # A demand's title says what it is about. When the title names something the knowledge base
    # knows, a phrase met only in the body is context ("山药地连种几年产量掉一半" whose body says
    # the yams also turn brown): it bridges as an ambiguous phrase does, and names no problem.
    if doc.kind == "demand" and in_title:
        for code, hit in concepts.items():
            if code not in in_title and not hit.related_from:
                hit.weight *= f.weak_factor
                hit.doubt += 1
    return concepts


def _is_keyword(word: str, kb: KnowledgeBase) -> bool:
    if len(word) < 2 or word in kb.stopwords:
        return False
    return not (word.isdigit() or all(not ch.isalnum() for ch in word))


def text_analysis(text: str, kb: KnowledgeBase) -> tuple[dict[str, float], tuple[str, ...]]:
    """(lexical term counts, knowledge-base surfaces) of a whole text, memoised per process.

    Titles, keywords and boilerplate repeat across records as whole texts, not only as clauses;
    the memo saves re-normalising, re-splitting and re-merging them. Do not mutate the result.
    """
    cache = kb.text_cache
    hit = cache.get(text)
    if hit is None:
        parts = [clause(c, kb) for c in clauses(text)]
        if len(parts) == 1:
            counts = parts[0].counts
        else:
            counts = {}
            get = counts.get
            for part in parts:
                for term, count in part.counts.items():
                    counts[term] = get(term, 0.0) + count
        hit = (counts, tuple(s for part in parts for s in part.surfaces))
        if len(cache) >= TEXT_CACHE_SIZE:
            cache.clear()
        cache[text] = hit
    return hit


def _field_counts(text: str, kb: KnowledgeBase) -> dict[str, float]:
    return text_analysis(text, kb)[0]


def lexical_terms(doc: Document, kb: KnowledgeBase, f: Fusion | None = None) -> dict[str, float]:
    """BM25F: per-field length-normalised, weighted term frequencies, then saturated with k1.

    Length normalisation uses fixed reference lengths (data), so a record's weights do not
    depend on the rest of the corpus and can be stored; only IDF is computed at query time.
    """
    f = f or fusion()
    fields = [(doc.title, f.title_weight, f.avg_title_chars)]
    fields += [(text, w * f.body_weight, f.avg_body_chars) for text, w in [*doc.fields, *doc.private_fields]]
    acc: dict[str, float] = {}
    get = acc.get
    for text, weight, avg in fields:
        if not text:
            continue
        factor = weight / (1 - f.b + f.b * len(text) / avg)
        for term, count in text_analysis(text, kb)[0].items():
            acc[term] = get(term, 0.0) + count * factor
    for kw in doc.keywords:
        for term, count in {normalize(kw): 1.0, **_field_counts(kw, kb)}.items():
            if term and term not in kb.stopwords:
                acc[term] = get(term, 0.0) + f.keyword_weight * count
    if not acc:
        return {}
    tf = np.fromiter(acc.values(), dtype=np.float64, count=len(acc))
    saturated = np.round(tf * (f.k1 + 1) / (tf + f.k1), 3)
    return dict(zip(acc, saturated.tolist(), strict=True))


def emphasis(terms: dict[str, float], kb: KnowledgeBase, f: Fusion | None = None) -> dict[str, float]:
    """Query-side factors from the knowledge base: a known problem phrase ("漏油") says what is
    needed and weighs more; a known object ("液压设备") is only the context and weighs less."""
    f = f or fusion()
    out = {}
    surfaces = kb.surfaces
    for term in terms:
        if term[0] in "#@":  # character bigrams and single characters are never surfaces
            continue
        ways = surfaces.get(term)
        if not ways:
            continue
        if any(via == "p" for _, via in ways):
            factor = f.problem_boost
        elif all(kb.concepts[code].kind == "object" for code, _ in ways):
            factor = f.object_factor
        else:
            continue
        if factor != 1.0:
            out[term] = factor
    return out


def analyze(doc: Document, kb: KnowledgeBase | None = None, vector: np.ndarray | None = None) -> Profile:
    """One record's profile; `vector` may be given (bulk embedding), else it is computed."""
    kb = kb or default_kb()
    if vector is None:
        from .embedding import embed

        vector = embed([doc.semantic_text()])[0]
    terms = lexical_terms(doc, kb)
    private = set()
    for text, _ in doc.private_fields:
        private.update(w for w in segment(text, kb) if len(w) >= 2)
    return Profile(
        kind=doc.kind,
        id=doc.id,
        title=doc.title,
        terms=terms,
        emphasis=emphasis(terms, kb),
        concepts=find_concepts(doc, kb),
        vector=vector,
        industries=list(doc.industries),
        county=doc.county or "",
        maturity_rank=doc.maturity_rank,
        maturity_label=doc.maturity_label or "",
        required_maturity_rank=doc.required_maturity_rank,
        private=frozenset(private),
    )


def analyze_many(docs: list[Document], kb: KnowledgeBase | None = None) -> list[Profile]:
    """Profiles of many records, embedding them in batches."""
    from .embedding import embed

    kb = kb or default_kb()
    vectors = embed([d.semantic_text() for d in docs])
    return [analyze(d, kb, v) for d, v in zip(docs, vectors, strict=True)]


# --------------------------------------------------------------------------- the index


@dataclass
class Match:
    id: int | str
    title: str
    score: float
    reasons: list[str]


@dataclass
class Candidate:
    """A record's part of the fused score before tie-breakers (all parts in [0, 1])."""

    id: int | str
    lexical: float
    semantic: float
    cosine: float
    knowledge: float
    fused: float
    gloss: float = 0.0


class Index:
    """Postings (term → documents, weights) and the vector matrix of one kind, in numpy.

    Built from entries `(id, terms, concept weights, vector)`; scoring 100,000 records is a few
    array operations. `search()` returns the best candidates by the fused score; `rank()` adds
    the tie-breakers and reasons from full profiles.
    """

    def __init__(self, entries, dim: int | None = None):
        from array import array
        from collections import defaultdict
        from itertools import repeat

        from .embedding import DIM
        from .glossary import word_keys

        dim = dim or DIM
        self.ids: list = []
        self.position: dict = {}
        vocab: defaultdict[str, int] = defaultdict()
        vocab.default_factory = vocab.__len__  # a new term gets the next number
        code_of = vocab.__getitem__
        rows, cols, vals = array("i"), array("i"), array("f")
        vectors = []
        gloss_codes: dict[str, tuple[int, ...]] = {}  # word → vocabulary codes of its gloss keys
        for i, (doc_id, terms, concepts, vector) in enumerate(entries):
            self.ids.append(doc_id)
            self.position[doc_id] = i
            glossed = set()
            for term in terms:
                if term[0] not in "#@":
                    codes = gloss_codes.get(term)
                    if codes is None:
                        codes = gloss_codes[term] = tuple(map(code_of, word_keys(term)))
                    glossed.update(codes)
            rows.extend(repeat(i, len(terms) + len(concepts) + len(glossed)))
            cols.extend(map(code_of, terms))
            vals.extend(terms.values())
            cols.extend(map(code_of, ("c:" + code for code in concepts)))
            vals.extend(concepts.values())
            cols.extend(glossed)
            vals.extend(repeat(1.0, len(glossed)))
            vectors.append(vector if vector is not None else np.zeros(dim, dtype=np.float32))
        self.n = len(self.ids)
        vocab.default_factory = None
        self.vocab = dict(vocab)
        col = np.frombuffer(cols, dtype=np.int32) if cols else np.zeros(0, np.int32)
        order = np.argsort(col, kind="stable")
        self.post_docs = (np.frombuffer(rows, dtype=np.int32) if rows else np.zeros(0, np.int32))[order]
        self.post_vals = (np.frombuffer(vals, dtype=np.float32) if vals else np.zeros(0, np.float32))[order]
        self.offsets = np.searchsorted(col[order], np.arange(len(vocab) + 1)).astype(np.int64)
        self.vectors = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, dim), np.float32)

    def df(self, term: str) -> int:
        j = self.vocab.get(term)
        return 0 if j is None else int(self.offsets[j + 1] - self.offsets[j])

    def idf(self, term: str, n: int | None = None, df: int | None = None) -> float:
        n = self.n if n is None else n
        df = self.df(term) if df is None else df
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def _accumulate(self, out: np.ndarray, term: str, factor: float) -> None:
        j = self.vocab.get(term)
        if j is None:
            return
        lo, hi = self.offsets[j], self.offsets[j + 1]
        out[self.post_docs[lo:hi]] += self.post_vals[lo:hi] * factor

    def _docs(self, term: str) -> np.ndarray:
        j = self.vocab.get(term)
        return self.post_docs[self.offsets[j] : self.offsets[j + 1]] if j is not None else self.post_docs[:0]

    def gloss_scores(self, query: Profile, df, n: int) -> np.ndarray:
        """Share of the query's English glosses (IDF-weighted) that a record reaches through
        *different* Chinese words: 返潮 and 防潮 meet on "damp"; a record that has 返潮 itself gets
        nothing here for "damp" (the shared word already counts in the lexical score)."""
        from .glossary import query_glosses

        out = np.zeros(self.n, dtype=np.float32)
        glossed = query_glosses(t for t in query.terms if t[0] not in "#@")
        bound = 0.0
        has_piece: dict[frozenset, np.ndarray] = {}
        for term, src in glossed.items():
            d = df("e:" + term)
            if not d or d > n * COMMON_SHARE:
                continue
            weight = self.idf("e:" + term, n, d)
            bound += weight
            docs = self._docs("e:" + term)
            if not len(docs):
                continue
            same = has_piece.get(src)
            if same is None:
                same = np.zeros(self.n, dtype=bool)
                for piece in src:
                    same[self._docs("g:" + piece)] = True
                has_piece[src] = same
            out[docs[~same[docs]]] += weight
        if bound:
            out /= bound
        return np.minimum(out, 1.0, out=out)

    def scores(self, query: Profile, f: Fusion | None = None, df=None, n: int | None = None):
        """Lexical, knowledge and semantic scores of every record (arrays) for one query.

        `df`/`n` let several indexes of one kind (main + recent changes) share corpus statistics.
        """
        f = f or fusion()
        df = df or self.df
        n = self.n if n is None else n
        lexical = np.zeros(self.n, dtype=np.float32)
        knowledge = np.zeros(self.n, dtype=np.float32)
        bound = 0.0
        emphasis = query.emphasis
        for term, s in query.terms.items():
            d = df(term)
            if not d or d > n * COMMON_SHARE:  # in nearly every record: no weight, only cost
                continue
            weight = self.idf(term, n, d) * s / (f.k1 + 1) * emphasis.get(term, 1.0)
            bound += weight
            self._accumulate(lexical, term, weight)
        if bound:
            lexical /= bound
        kb_bound = 0.0
        for code, hit in query.concepts.items():
            d = df("c:" + code)
            weight = self.idf("c:" + code, n, d) * hit.weight
            # An uncertain bridge counts in the bound at full weight: a query whose only bridge is
            # an ambiguous phrase reaches at most weak_factor of the knowledge score, one that is
            # also outside its industries weak_factor², not all of it.
            kb_bound += weight / f.weak_factor**hit.doubt if hit.doubt and f.weak_factor > 0 else weight
            if d:
                self._accumulate(knowledge, "c:" + code, weight)
        if kb_bound:
            knowledge /= kb_bound
        np.minimum(lexical, 1.0, out=lexical)
        np.minimum(knowledge, 1.0, out=knowledge)
        if query.vector is not None and self.n:
            cosine = self.vectors @ query.vector.astype(np.float32)
        else:
            cosine = np.zeros(self.n, dtype=np.float32)
        semantic = np.clip((cosine - f.semantic_floor) / (f.semantic_ceiling - f.semantic_floor), 0.0, 1.0)
        return lexical, knowledge, semantic, cosine

    def _penalise_off_problem(self, query: Profile, fused: np.ndarray, penalty: float) -> None:
        """When the query names a problem the knowledge base knows ("漏油", "噪音大"), a candidate
        that addresses none of those problems keeps only (1 - penalty) of its score: sharing the
        object ("冲床", "饼干") with the demand is not solving its problem."""
        codes = [code for code, hit in query.concepts.items() if hit.names_problem]
        if not codes:
            return
        covers = np.zeros(self.n, dtype=np.float32)
        for code in codes:
            self._accumulate(covers, "c:" + code, 1.0)
        fused[covers <= 0] *= 1.0 - penalty

    def search(self, query: Profile, limit: int, f: Fusion | None = None, exclude=(), df=None, n=None):
        """The best `limit` candidates by fused score, best first."""
        f = f or fusion()
        if not self.n:
            return []
        lexical, knowledge, semantic, cosine = self.scores(query, f, df, n)
        fused = f.lexical * lexical + f.knowledge * knowledge + f.semantic * semantic
        if f.gloss:
            gloss = self.gloss_scores(query, df or self.df, self.n if n is None else n)
            fused += f.gloss * gloss
        else:
            gloss = np.zeros(self.n, dtype=np.float32)
        # Relevance needs shared words or a knowledge-base or gloss bridge, or a clearly close meaning.
        fused[(lexical <= 0) & (knowledge <= 0) & (gloss <= 0) & (semantic < 0.5)] = 0.0
        if f.problem_penalty:
            self._penalise_off_problem(query, fused, f.problem_penalty)
        for doc_id in exclude:
            i = self.position.get(doc_id)
            if i is not None:
                fused[i] = 0.0
        k = min(limit, self.n)
        top = np.argpartition(-fused, k - 1)[:k] if k < self.n else np.arange(self.n)
        top = top[np.argsort(-fused[top], kind="stable")]
        return [
            Candidate(
                self.ids[i],
                float(lexical[i]),
                float(semantic[i]),
                float(cosine[i]),
                float(knowledge[i]),
                float(fused[i]),
                float(gloss[i]),
            )
            for i in top
            if fused[i] > 0
        ]


def entry(profile: Profile):
    return (profile.id, profile.terms, profile.concept_weights(), profile.vector)


# --------------------------------------------------------------------------- ranking and reasons


def rank(
    query: Profile,
    candidates: list[Candidate],
    profiles: dict,
    stats,
    kb: KnowledgeBase | None = None,
    limit: int = 10,
    f: Fusion | None = None,
) -> list[Match]:
    """Add tie-breakers (industry, maturity, county) to fused candidates and write the reasons.

    `stats` answers idf(term) for the candidates' corpus (an `Index` or the services' cache).
    """
    kb = kb or default_kb()
    f = f or fusion()
    idf = stats.idf
    results = []
    glossed: dict = {}  # the query's gloss map, worked out once for all candidates
    for c in candidates:
        doc = profiles.get(c.id)
        if doc is None or (doc.kind == query.kind and doc.id == query.id):
            continue
        if c.fused < f.min_score:  # tie-breakers never make a match on their own
            continue
        total = c.fused
        reasons = _content_reasons(query, doc, c, idf, kb, glossed)
        same_industry = [i for i in query.industries if i in doc.industries]
        if same_industry:
            total += f.industry
            reasons.append("同一产业：" + "、".join(same_industry))
        is_achievement = doc.kind == "achievement"
        maturity = doc.maturity_rank if is_achievement else query.maturity_rank
        maturity_label = doc.maturity_label if is_achievement else query.maturity_label
        wanted = query.required_maturity_rank if is_achievement else doc.required_maturity_rank
        if maturity is not None:
            if wanted is not None:
                if maturity >= wanted:
                    total += f.maturity
                    reasons.append(f"成熟度满足：{maturity_label}")
            elif maturity >= 3:
                total += f.maturity * min(1.0, (maturity - 2) / 2)
                reasons.append(f"成熟度：{maturity_label}")
        if query.county and doc.county and query.county == doc.county:
            total += f.county
            reasons.append(f"同县区：{doc.county}")
        results.append(Match(id=doc.id, title=doc.title, score=round(min(total, 1.0), 4), reasons=reasons))
    results.sort(key=lambda m: (-m.score, str(m.id)))
    return results[:limit]


def _content_reasons(query: Profile, doc: Profile, c: Candidate, idf, kb: KnowledgeBase, glossed: dict) -> list[str]:
    reasons = []
    shared = [
        code
        for code in query.concepts
        if code in doc.concepts and not (query.concepts[code].related_from and doc.concepts[code].related_from)
    ]
    shared.sort(key=lambda code: -query.concepts[code].weight * doc.concepts[code].weight * idf("c:" + code))
    for code in shared[:2]:
        reasons.append(_concept_reason(kb.concepts.get(code), query.concepts[code], doc.concepts[code]))
    hidden = query.private | doc.private
    words = [t for t in query.terms if t in doc.terms and t[0] not in "#@" and t not in hidden]
    words.sort(key=lambda t: -query.terms[t] * doc.terms[t] * idf(t))
    if words:
        reasons.append("共同关键词：" + "、".join(words[:4]))
    else:
        pairs = [t[1:] for t in query.terms if t.startswith("#") and t in doc.terms]
        pairs = [p for p in pairs if not any(p in w for w in hidden)]
        pairs.sort(key=lambda p: -idf("#" + p))
        if pairs:
            reasons.append("共同字词：" + "、".join(pairs[:4]))
    if c.gloss > 0:
        reasons.extend(_gloss_reasons(query, doc, idf, hidden, glossed))
    if c.semantic >= 0.5:
        reasons.append(f"语义相近（相似度 {c.cosine:.2f}）")
    return reasons


def _gloss_reasons(query: Profile, doc: Profile, idf, hidden, glossed: dict, limit: int = 2) -> list[str]:
    """“词义相通：“返潮”与“防潮”（damp）”: the strongest bridges through a shared English gloss.

    `glossed` keeps the query's gloss map across the candidates of one ranking."""
    from .glossary import VAGUE, primary, query_glosses

    words = tuple(t for t in query.terms if t[0] not in "#@" and t not in hidden)
    mine = glossed.get(words)
    if mine is None:
        mine = glossed[words] = query_glosses(words)
    theirs = query_glosses(t for t in doc.terms if t[0] not in "#@" and t not in hidden)
    bridges = sorted(
        (
            (idf("e:" + term), term)
            for term, src in mine.items()
            if term in theirs and term not in VAGUE and not src & theirs[term]
        ),
        reverse=True,
    )
    out, seen = [], set()
    for _, term in bridges:
        # Only whole words make a readable reason; single characters still count in the score.
        ours = sorted(p for p in mine[term] if len(p) > 1 and primary(p, term))
        other = sorted(p for p in theirs[term] if len(p) > 1 and primary(p, term))
        if not ours or not other or (ours[0], other[0]) in seen or ours[0] in seen or other[0] in seen:
            continue
        seen.update(((ours[0], other[0]), ours[0], other[0]))
        out.append(f"词义相通：“{ours[0]}”与“{other[0]}”（{term}）")
        if len(out) == limit:
            break
    return out


def search(query: Profile, profiles, kb: KnowledgeBase | None = None, limit: int = 10, f: Fusion | None = None):
    """Rank `profiles` (a small in-memory corpus) for one query: the pure path of tests and evaluation."""
    f = f or fusion()
    profiles = list(profiles)
    if not profiles:
        return []
    index = Index([entry(p) for p in profiles])
    pool = index.search(query, max(f.pool, limit * 5), f)
    return rank(query, pool, {p.id: p for p in profiles}, index, kb, limit, f)


def _concept_reason(concept: Concept | None, q: Hit, d: Hit) -> str:
    name = concept.name if concept else ""
    if concept is not None and concept.kind == "object" and q.term and d.term:
        return f"同类对象：{name}"
    maybe = "可能" if q.weak or d.weak else ""  # an uncertain bridge says so
    if q.problem and d.term:
        return f"问题“{q.problem}”{maybe}对应技术“{d.term}”"
    if q.term and d.problem:
        return f"技术“{q.term}”{maybe}可解决问题“{d.problem}”"
    if q.term and d.term:
        if q.term == d.term:
            return f"共同技术：{q.term}"
        return f"技术相通：“{q.term}”与“{d.term}”（{name}）"
    if q.problem and d.problem:
        return f"同类问题：{q.problem}"
    src = q.related_from or d.related_from
    return f"相关技术：{src}—{name}" if src else f"相关领域：{name}"
