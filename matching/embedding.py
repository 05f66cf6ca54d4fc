"""Semantic vectors from a static embedding model shipped inside a pinned PyPI wheel.

The model is WordLlama `l2_supercat` (package `wordllama`, pinned in requirements.txt): a
32,000 × 256 token-embedding table in `wordllama/weights/` and its tokenizer in
`wordllama/tokenizers/`, average-pooled per text as WordLlama does. Both files are read from
the installed package by explicit path — the package's own `WordLlama.load()` looks for the
tokenizer in a differently named folder and would then try to download it; nothing here
touches the network.

    vectors = embed(["液压设备老是漏油", …])   # float32, shape (n, DIM), unit length rows

Loaded once per process (16 MB), thread-safe; about 0.1 ms per short text.
"""

from __future__ import annotations

import re
import threading
from importlib import util
from pathlib import Path

import numpy as np

MODEL = "l2_supercat"
DIM = 256
MAX_CHARS = 600  # a static model gains nothing from very long texts; keeps tokenizing cheap

CLAUSE_CACHE_SIZE = 300_000
_CLAUSE = re.compile(r"[，。；;、,.:：！？!?\s（）()【】\[\]“”\"'《》/]+")

_model = None
_lock = threading.Lock()
_cache: dict[str, tuple[np.ndarray, int]] = {}  # clause → (sum of token vectors, token count)


def package_files() -> tuple[Path, Path]:
    spec = util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("未安装 wordllama：请按 requirements.txt 安装依赖。")
    root = Path(next(iter(spec.submodule_search_locations)))
    return root / "weights" / f"{MODEL}_{DIM}.safetensors", root / "tokenizers" / f"{MODEL}_tokenizer_config.json"


def model():
    """(token-embedding table float32, tokenizer) from the installed wheel, loaded once."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from safetensors import safe_open
                from tokenizers import Tokenizer

                weights, tokenizer_file = package_files()
                with safe_open(str(weights), framework="np", device="cpu") as f:
                    table = np.ascontiguousarray(f.get_tensor("embedding.weight"), dtype=np.float32)
                tokenizer = Tokenizer.from_file(str(tokenizer_file))
                tokenizer.no_padding()
                tokenizer.no_truncation()
                _model = (table, tokenizer)
    return _model


def _clause_sums(parts: list[str]) -> None:
    """Fill the clause cache for clauses not seen yet (one batch through the tokenizer)."""
    table, tokenizer = model()
    new = [p for p in dict.fromkeys(parts) if p not in _cache]
    if not new:
        return
    if len(_cache) + len(new) > CLAUSE_CACHE_SIZE:
        _cache.clear()
    for part, encoding in zip(new, tokenizer.encode_batch(new, add_special_tokens=False), strict=True):
        ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, table.shape[0] - 1)
        _cache[part] = (table[ids].sum(axis=0), len(ids))


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (an empty text gives a zero row).

    WordLlama is a static model: a text's vector is the average of its token vectors, so the
    sum and count of each clause are cached and a text is the sum over its clauses (the same
    clause caching as segmentation; records repeat clauses a lot).
    """
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    split = [[p for p in _CLAUSE.split((t or "")[:MAX_CHARS]) if p] for t in texts]
    _clause_sums([p for parts in split for p in parts])
    for row, parts in enumerate(split):
        total, count = np.zeros(DIM, dtype=np.float32), 0
        for part in parts:
            vector, n = _cache[part]
            total += vector
            count += n
        norm = float(np.linalg.norm(total)) if count else 0.0
        if norm:
            out[row] = total / norm
    return out


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    if not data:
        return None
    vector = np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)
    return vector if vector.shape == (DIM,) else None
