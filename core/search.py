"""Chinese text search of the library records (demands, achievements, and any record app on core.library).

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

from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connections
from django.db.models import F, Func, Q

from .text import chunks, cut, cut_for_search

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


def words(text: str) -> list[str]:
    """Words of a Chinese/mixed text (search-engine cut: long words and their parts)."""
    return cut_for_search(text)


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
    terms = []
    for chunk in chunks(q):
        meaningful = [w for w in cut(chunk) if w not in STOPWORDS and (len(w) > 1 or not _is_cjk(w))]
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
