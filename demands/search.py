"""Chinese text search shared by the demand and achievement libraries.

Chinese is written without spaces, so each record keeps a `search_text` column: its title,
description and keywords in lower case, followed by the words jieba finds in them. A query
is cut the same way and every meaningful word must occur in `search_text` (SQL LIKE). On
PostgreSQL a GIN trigram index (pg_trgm, see the migrations) serves the LIKE; on SQLite the
same query runs as a plain scan, which is fine for a development database.
"""

import re
from functools import lru_cache

from django.db.models import Q

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
    chunks = [c for c in _PUNCT.split(q) if c]
    terms = []
    for chunk in chunks:
        cut = [w for w in _jieba().cut(chunk) if w.strip()]
        meaningful = [w for w in cut if w not in STOPWORDS and (len(w) > 1 or not _is_cjk(w))]
        # A chunk made only of stopwords or single characters is searched as typed.
        terms.extend(meaningful or [chunk])
    return list(dict.fromkeys(terms))


def _is_cjk(word: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in word)


def search_filter(q: str, field: str = "search_text") -> Q:
    """Q object: every query term occurs in `field` (an empty query matches everything)."""
    condition = Q()
    for term in query_terms(q):
        condition &= Q(**{f"{field}__contains": term})
    return condition
