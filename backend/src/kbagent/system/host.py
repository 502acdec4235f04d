"""The machine a process runs on: CPU, memory, the data directory's disk, and NVIDIA GPUs
through `nvidia-smi` when it is installed (absent otherwise). Blocking: call from a thread."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import psutil
from pydantic import BaseModel

GPU_QUERY = "index,name,utilization.gpu,memory.used,memory.total,temperature.gpu"
GPU_TIMEOUT_SECONDS = 5.0


class MemoryMetrics(BaseModel):
    total_bytes: int
    available_bytes: int
    used_percent: float
    process_rss_bytes: int  # this API process


class DiskMetrics(BaseModel):
    path: str
    total_bytes: int
    free_bytes: int
    used_percent: float


class GpuMetrics(BaseModel):
    index: int
    name: str
    utilization_percent: float | None
    memory_used_bytes: int | None
    memory_total_bytes: int | None
    temperature_c: float | None


class HostMetrics(BaseModel):
    cpu_percent: float  # all cores, over a short sample
    cpu_count: int
    load_average: tuple[float, float, float] | None
    memory: MemoryMetrics
    disk: DiskMetrics
    gpus: list[GpuMetrics] | None  # None: no nvidia-smi on this machine


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None  # "[N/A]", "[Not Supported]"


def parse_gpus(output: str) -> list[GpuMetrics]:
    """`nvidia-smi --query-gpu=GPU_QUERY --format=csv,noheader,nounits` as metrics."""
    gpus = []
    for row in csv.reader(output.splitlines()):
        if len(row) != 6:
            continue
        used, total = _number(row[3]), _number(row[4])
        gpus.append(
            GpuMetrics(
                index=int(_number(row[0]) or 0),
                name=row[1].strip(),
                utilization_percent=_number(row[2]),
                memory_used_bytes=None if used is None else int(used * 1024 * 1024),
                memory_total_bytes=None if total is None else int(total * 1024 * 1024),
                temperature_c=_number(row[5]),
            )
        )
    return gpus


def gpu_metrics() -> list[GpuMetrics] | None:
    tool = shutil.which("nvidia-smi")
    if tool is None:
        return None
    try:
        done = subprocess.run(
            [tool, f"--query-gpu={GPU_QUERY}", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=GPU_TIMEOUT_SECONDS,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # a driver that does not answer: no GPU figures, never a failed request
    return parse_gpus(done.stdout)


def host_metrics(data_dir: Path) -> HostMetrics:
    memory = psutil.virtual_memory()
    data_dir.mkdir(parents=True, exist_ok=True)
    disk = shutil.disk_usage(data_dir)
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return HostMetrics(
        cpu_percent=psutil.cpu_percent(interval=0.2),
        cpu_count=psutil.cpu_count() or 1,
        load_average=load,
        memory=MemoryMetrics(
            total_bytes=memory.total,
            available_bytes=memory.available,
            used_percent=memory.percent,
            process_rss_bytes=psutil.Process().memory_info().rss,
        ),
        disk=DiskMetrics(
            path=str(data_dir.resolve()),
            total_bytes=disk.total,
            free_bytes=disk.free,
            used_percent=round(100 * (disk.total - disk.free) / disk.total, 2) if disk.total else 0,
        ),
        gpus=gpu_metrics(),
    )
