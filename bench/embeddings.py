"""Bundled embeddings: kbagent's local backend against raw onnxruntime, on the same batches.

Both paths embed identical batches of 32 texts (tweet-length and chunk-length), in alternating
rounds in one process, so machine noise hits both alike. The raw path is the minimum work:
tokenize, one `session.run`, mean pooling, normalisation. The backend path is
`LocalBackend.embed` (what the pipeline calls), including its own batching and result lists.
Target: backend texts/s / raw texts/s >= 0.85. Also prints llama.cpp generation tokens/s.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

from kbagent.ai import Message, Options
from kbagent.ai.local import EMBED_MAX_TOKENS, LocalBackend, embed_model_files

ROUNDS = 4
BATCH = 32
WORDS = tuple(
    [
        "python",
        "async",
        "database",
        "index",
        "vector",
        "search",
        "knowledge",
        "model",
        "server",
        "cache",
        "query",
        "token",
        "embedding",
        "latency",
        "thread",
        "worker",
        "batch",
        "schema",
        "migration",
        "release",
        "deploy",
        "container",
        "network",
    ]
)


def texts(count: int, words: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(words)) + "." for _ in range(count)]


class RawEmbedder:
    def __init__(self) -> None:
        model_path, tokenizer_path = embed_model_files()
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(EMBED_MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )

    def embed(self, batch: list[str]) -> np.ndarray[Any, Any]:
        encoded = self.tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {
            "input_ids": ids,
            "attention_mask": mask,
            "token_type_ids": np.zeros_like(ids),
        }
        (hidden,) = self.session.run(None, feeds)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def measure(name: str, corpus: list[str], raw: RawEmbedder, backend: LocalBackend) -> float:
    batches = [corpus[i : i + BATCH] for i in range(0, len(corpus), BATCH)]
    # Same vectors from both paths, or the comparison means nothing.
    check = np.array(backend.embed("all-minilm-l6-v2", batches[0]).vectors)
    assert np.allclose(check, raw.embed(batches[0]), atol=1e-4)
    raw_rates, backend_rates = [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for batch in batches:
            raw.embed(batch)
        raw_rates.append(len(corpus) / (time.perf_counter() - started))
        started = time.perf_counter()
        for batch in batches:
            backend.embed("all-minilm-l6-v2", batch)
        backend_rates.append(len(corpus) / (time.perf_counter() - started))
    raw_rate, backend_rate = (
        statistics.median(raw_rates),
        statistics.median(backend_rates),
    )
    ratio = backend_rate / raw_rate
    print(
        f"{name:<22} raw onnxruntime {raw_rate:7.1f} texts/s   backend {backend_rate:7.1f} "
        f"texts/s   ratio {ratio:.3f}"
    )
    return ratio


def llama_tokens_per_second(backend: LocalBackend) -> None:
    prompt = [Message("user", "Write a story about a lighthouse keeper and a storm.")]
    backend.chat("smollm2", prompt, Options(max_tokens=8))  # load and warm up
    started = time.perf_counter()
    completion = backend.chat("smollm2", prompt, Options(max_tokens=256, temperature=0.7))
    elapsed = time.perf_counter() - started
    tokens = completion.usage.completion_tokens
    print(
        f"llama.cpp SmolLM2-135M Q4_1 (in process, {backend.threads} threads): {tokens} tokens "
        f"in {elapsed:.2f}s = {tokens / elapsed:.0f} tokens/s (prompt included)"
    )


def main() -> None:
    raw, backend = RawEmbedder(), LocalBackend()
    ratios = [
        measure("tweet-length (~25 w)", texts(256, 25, 1), raw, backend),
        measure("chunk-length (~150 w)", texts(32, 150, 2), raw, backend),
    ]
    worst = min(ratios)
    print(f"worst ratio {worst:.3f} (target >= 0.85): {'PASS' if worst >= 0.85 else 'FAIL'}")
    llama_tokens_per_second(backend)
    backend.close()


if __name__ == "__main__":
    main()
