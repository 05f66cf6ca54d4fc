"""Chinese text search shared by the demand and achievement libraries.

Chinese is written without spaces, so each record keeps a `search_text` column: its title,
description and keywords in lower case, then " | ", then the words jieba finds in them
(search-engine cut: long words and their dictionary parts). A query is cut the same way
(once per distinct query, cached) and every meaningful word must match.

PostgreSQL: a word of two or more characters must be a token of the record:
`to_tsvector('simple', search_text) @@ plainto_tsquery('simple', word)`, served by a GIN
expression index (see the migrations). The 'simple' configuration only lower-cases, and its
parser splits on the spaces jieba's words are joined with, so 液压 / 漏油 are lexemes. Two-
character Chinese words — most Chinese words — cannot use a trigram index, this can.
A single character (a query such as "油") still matches as a substring (LIKE).

SQLite (development): every word must occur in `search_text` as a substring (LIKE), a plain
scan over a small table. It finds the same records, plus the rare one where the characters
of a word only meet across two of the record's words.
"""

import re
from functools import lru_cache

from django.db import connections
from django.db.models import F, Func, Q

# Words that carry no meaning in a search box ("的问题", "有关").
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "有",
        "我",
        "我们",
        "公司",
        "企业",
        "问题",
        "方面",
        "相关",
        "有关",
        "一个",
        "一种",
        "进行",
        "需要",
        "如何",
        "怎么",
        "什么",
        "技术",
    ]
)
_PUNCT = re.compile(r"[\s,，。.;；:：、/\\|()（）【】\[\]{}<>《》\"'“”‘’!！?？+*=#@%&-]+")


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)  # silence the "building prefix dict" chatter
    jieba.initialize()
    return jieba


def words(text: str) -> list[str]:
    """Words of a Chinese/mixed text (search-engine cut: long words and their parts)."""
    text = (text or "").lower()
    if not text.strip():
        return []
    result = []
    for chunk in _PUNCT.split(text):
        if chunk:
            result.extend(w for w in _jieba().cut_for_search(chunk) if w.strip())
    return result


def build_search_text(*parts) -> str:
    """The value stored in `search_text`: the raw texts, then the distinct jieba words."""
    texts = []
    for part in parts:
        if isinstance(part, list | tuple):
            texts.extend(str(p) for p in part if p)
        elif part:
            texts.append(str(part))
    raw = " ".join(texts).lower()
    seen = dict.fromkeys(w for w in words(raw) if len(w) > 1)
    return f"{raw} | {' '.join(seen)}"


def query_terms(q: str) -> list[str]:
    """The words of a search query that must all match (stopwords dropped)."""
    q = (q or "").strip().lower()
    if not q:
        return []
    return list(_query_terms(q))


@lru_cache(maxsize=2048)
def _query_terms(q: str) -> tuple[str, ...]:
    """Cut a (stripped, lower-case) query once; a search box sees the same queries again and again."""
    chunks = [c for c in _PUNCT.split(q) if c]
    terms = []
    for chunk in chunks:
        cut = [w for w in _jieba().cut(chunk) if w.strip()]
        meaningful = [w for w in cut if w not in STOPWORDS and (len(w) > 1 or not _is_cjk(w))]
        # A chunk made only of stopwords or single characters is searched as typed.
        terms.extend(meaningful or [chunk])
    return tuple(dict.fromkeys(terms))


def _is_cjk(word: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in word)


def search_filter(q: str, field: str = "search_text") -> Q:
    """Q object: every query term occurs in `field` as a substring (the portable form)."""
    condition = Q()
    for term in query_terms(q):
        condition &= Q(**{f"{field}__contains": term})
    return condition


class TokenVector(Func):
    """to_tsvector('simple', field): the expression the GIN index `<table>_search_tsv` is built on."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"

    def __init__(self, field="search_text"):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(F(field), output_field=SearchVectorField())


def _is_token(term: str) -> bool:
    return len(term) > 1


def search_queryset(queryset, q: str, field: str = "search_text"):
    """`queryset` narrowed to the records matching every word of `q` (see the module docstring)."""
    terms = query_terms(q)
    if not terms:
        return queryset
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(search_filter(q, field))
    from django.contrib.postgres.search import SearchQuery

    tokens = [t for t in terms if _is_token(t)]
    others = [t for t in terms if not _is_token(t)]
    if tokens:
        query = SearchQuery(tokens[0], config="simple")
        for token in tokens[1:]:
            query &= SearchQuery(token, config="simple")
        queryset = queryset.alias(_search_tokens=TokenVector(field)).filter(_search_tokens=query)
    for term in others:
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset
