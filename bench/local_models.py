"""The bundled llama.cpp model under load: OpenMP wait policy, and chat while the pipeline runs.

1. A 16-token SmolLM2 reply with every core busy (one CPU hog process per core), in a fresh
   process per policy: libgomp's default (threads spin before sleeping) against
   `OMP_WAIT_POLICY=PASSIVE`, which kbagent sets when it is imported.
2. Time to a chat answer while the pipeline generates a long note on the same model, against
   the same question with the model idle. Before the priority gate, a question waited for the
   pipeline's whole call.

Run: `backend/.venv/bin/python bench/local_models.py [--hogs N] [--replies N]`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time

PROBE = """
import json, statistics, sys, time
from llama_cpp import Llama
path, replies = sys.argv[1], int(sys.argv[2])
llama = Llama(model_path=path, n_ctx=2048, n_threads={threads}, verbose=False)
ask = [{{"role": "user", "content": "Name three colours."}}]
llama.create_chat_completion(messages=ask, max_tokens=4)  # warm up
times = []
for _ in range(replies):
    started = time.perf_counter()
    llama.create_chat_completion(messages=ask, max_tokens=16, logit_bias={{"2": -100.0}})
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def hog(stop: object) -> None:
    while not stop.is_set():  # type: ignore[attr-defined]
        sum(i * i for i in range(10_000))


def reply_times(policy: str | None, replies: int, threads: int) -> list[float]:
    from kbagent.ai.local import chat_model_file

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    if policy:
        env["OMP_WAIT_POLICY"] = policy
    code = PROBE.format(threads=threads)
    run = subprocess.run(
        [sys.executable, "-c", code, str(chat_model_file()), str(replies)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=True,
    )
    times: list[float] = json.loads(run.stdout)
    return times


def chat_during_pipeline(replies: int) -> dict[str, float]:
    """Median seconds to an 8-token chat answer: model idle; while a 400-token note generates;
    and the same question asked as the pipeline's (what every call did behind one lock)."""
    from kbagent.ai import AI, Message, Options
    from kbagent.ai.local import LocalBackend

    ai = AI({"local": LocalBackend()}, {"chat": "local:smollm2", "kb_generation": "local:smollm2"})
    ask = [Message("user", "What is the capital of France?")]
    long = Options(max_tokens=400, extra={"logit_bias": {"2": -100.0}})
    short = Options(max_tokens=8, extra={"logit_bias": {"2": -100.0}})
    ai.chat("chat", ask, short)  # load both instances and warm up
    ai.chat("kb_generation", ask, short)

    def answer(phase: str) -> float:
        started = time.perf_counter()
        ai.chat(phase, ask, short)
        return time.perf_counter() - started

    def during_note(phase: str) -> tuple[float, float]:
        started = time.perf_counter()
        note = threading.Thread(
            target=ai.chat, args=("kb_generation", [Message("user", "A long story.")], long)
        )
        note.start()
        time.sleep(1.0)  # the note is generating
        took = answer(phase)
        note.join()
        return took, time.perf_counter() - started

    idle = [answer("chat") for _ in range(replies)]
    chat = [during_note("chat") for _ in range(replies)]
    queued = [during_note("kb_generation") for _ in range(replies)]
    return {
        "idle": statistics.median(idle),
        "chat": statistics.median(t for t, _ in chat),
        "note": statistics.median(n for _, n in chat),
        "queued": statistics.median(t for t, _ in queued),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--replies", type=int, default=3)
    args = parser.parse_args()
    threads = max(1, min(8, len(os.sched_getaffinity(0))))
    print(f"local models: SmolLM2-135M Q4_1, {threads} llama.cpp threads")
    stop = multiprocessing.Event()
    hogs = [multiprocessing.Process(target=hog, args=(stop,)) for _ in range(args.hogs)]
    for process in hogs:
        process.start()
    try:
        for policy in (None, "PASSIVE"):
            times = reply_times(policy, args.replies, threads)
            name = policy or "default (spin)"
            print(
                f"16-token reply, {args.hogs} CPU hogs, OMP_WAIT_POLICY={name:<15} "
                f"median {statistics.median(times):6.2f} s  (each: "
                f"{', '.join(f'{t:.2f}' for t in times)})"
            )
    finally:
        stop.set()
        for process in hogs:
            process.join()
    took = chat_during_pipeline(args.replies)
    print(
        f"8-token chat answer: model idle {took['idle']:.2f} s; while the pipeline generates "
        f"a 400-token note ({took['note']:.1f} s) {took['chat']:.2f} s; queued behind the note "
        f"as before (one lock) {took['queued']:.2f} s"
    )


if __name__ == "__main__":
    main()
