"""Semantic vectors from a static embedding model shipped inside a pinned PyPI wheel.

The model is WordLlama `l2_supercat` (package `wordllama`, pinned in requirements.txt): a
32,000 × 256 token-embedding table in `wordllama/weights/` and its tokenizer in
`wordllama/tokenizers/`, average-pooled per text. Both files are loaded from the installed
package by explicit path — the package's own `WordLlama.load()` looks for the tokenizer in a
differently named folder and would then try to download it; nothing here touches the network.

    vectors = embed(["液压设备老是漏油", …])   # float32, shape (n, DIM), unit length rows

Loaded once per process (16 MB), thread-safe; about 0.1 ms per short text.
"""

from __future__ import annotations

import threading
from importlib import util
from pathlib import Path

import numpy as np

MODEL = "l2_supercat"
DIM = 256
MAX_CHARS = 600  # a static model gains nothing from very long texts; keeps tokenizing cheap

_model = None
_lock = threading.Lock()


def package_files() -> tuple[Path, Path]:
    spec = util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("未安装 wordllama：请按 requirements.txt 安装依赖。")
    root = Path(next(iter(spec.submodule_search_locations)))
    return root / "weights" / f"{MODEL}_{DIM}.safetensors", root / "tokenizers" / f"{MODEL}_tokenizer_config.json"


def model():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from safetensors import safe_open
                from tokenizers import Tokenizer
                from wordllama.inference import WordLlamaInference

                weights, tokenizer = package_files()
                with safe_open(str(weights), framework="np", device="cpu") as f:
                    table = f.get_tensor("embedding.weight")
                _model = WordLlamaInference(table, Tokenizer.from_file(str(tokenizer)))
    return _model


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (an empty text gives a zero row)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    clipped = [(t or "").strip()[:MAX_CHARS] or " " for t in texts]
    vectors = model().embed(clipped, norm=False, batch_size=256).astype(np.float32, copy=False)
    vectors[[not t.strip() for t in clipped]] = 0.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    if not data:
        return None
    vector = np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)
    return vector if vector.shape == (DIM,) else None
