"""Chinese word segmentation: the one place jieba is set up.

jieba loads its dictionary on first use (about a second) and logs while doing it; every caller
goes through here so it is loaded once per process, quietly. `cut()` is the precise cut (a
search query, a filter term), `cut_for_search()` the search-engine cut (long words and their
dictionary parts: what a record's search text stores), `new_tokenizer()` a private jieba
instance for a caller that adds its own words (the matching knowledge base).
"""

import logging
import re
from functools import lru_cache

import jieba

# Separators: whitespace and the usual Chinese and ASCII punctuation.
PUNCT = re.compile(r"[\s,，。.;；:：、/\\|()（）【】\[\]{}<>《》\"'“”‘’!！?？+*=#@%&-]+")

jieba.setLogLevel(logging.WARNING)  # silence the "building prefix dict" chatter


@lru_cache(maxsize=1)
def default_tokenizer() -> jieba.Tokenizer:
    """The shared, initialised default jieba tokenizer."""
    jieba.dt.initialize()
    return jieba.dt


def new_tokenizer() -> jieba.Tokenizer:
    """A fresh, initialised tokenizer for a caller that adds its own words (`add_word`)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def chunks(text: str) -> list[str]:
    """The lower-cased pieces of `text` between whitespace and punctuation."""
    return [c for c in PUNCT.split((text or "").lower()) if c]


def cut(text: str) -> list[str]:
    """Precise cut of each chunk of `text` (lower case, blanks dropped)."""
    tokenizer = default_tokenizer()
    return [w for chunk in chunks(text) for w in tokenizer.cut(chunk) if w.strip()]


def cut_for_search(text: str) -> list[str]:
    """Search-engine cut of each chunk of `text`: long words and their dictionary parts."""
    tokenizer = default_tokenizer()
    return [w for chunk in chunks(text) for w in tokenizer.cut_for_search(chunk) if w.strip()]
