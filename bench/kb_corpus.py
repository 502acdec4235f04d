"""A labelled retrieval corpus from openly licensed text on this machine, and bulk loaders.

Corpus: the docstrings of Python's standard library (PSF License 2.0), one KB item per
documented function, class or method: title = qualified name, body = the docstring *without*
its first paragraph. Queries: those first paragraphs (the summary lines). Relevance: a query's
only relevant item is the one its summary was cut from. These judgements come from the
corpus's structure alone, never from any ranking code; summaries shared by several objects
are not used as queries (their relevance would be ambiguous).
"""

from __future__ import annotations

import importlib
import inspect
import random
import re
from dataclasses import dataclass

MODULES = [
    "abc",
    "argparse",
    "ast",
    "asyncio",
    "base64",
    "bisect",
    "bz2",
    "calendar",
    "cmd",
    "codecs",
    "collections",
    "concurrent.futures",
    "configparser",
    "contextlib",
    "copy",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "difflib",
    "dis",
    "email.message",
    "email.utils",
    "enum",
    "filecmp",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "getopt",
    "gettext",
    "glob",
    "graphlib",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "html.parser",
    "http.client",
    "http.cookies",
    "http.server",
    "imaplib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "logging",
    "logging.handlers",
    "lzma",
    "mailbox",
    "mimetypes",
    "multiprocessing",
    "numbers",
    "operator",
    "optparse",
    "os",
    "pathlib",
    "pickle",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "pprint",
    "profile",
    "pstats",
    "queue",
    "quopri",
    "random",
    "re",
    "secrets",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "smtplib",
    "socket",
    "socketserver",
    "sqlite3",
    "ssl",
    "statistics",
    "string",
    "struct",
    "subprocess",
    "tarfile",
    "tempfile",
    "textwrap",
    "threading",
    "timeit",
    "tokenize",
    "trace",
    "traceback",
    "turtle",
    "typing",
    "unittest",
    "unittest.mock",
    "urllib.parse",
    "urllib.request",
    "uuid",
    "warnings",
    "wave",
    "weakref",
    "xml.dom.minidom",
    "xml.etree.ElementTree",
    "zipfile",
    "zoneinfo",
]


@dataclass(frozen=True)
class Doc:
    key: str  # qualified name, unique
    module: str
    summary: str
    body: str


def _split(doc: str) -> tuple[str, str]:
    parts = re.split(r"\n\s*\n", doc.strip(), maxsplit=1)
    summary = " ".join(parts[0].split())
    return summary, parts[1].strip() if len(parts) > 1 else ""


def _objects(module_name: str) -> list[tuple[str, object]]:
    try:
        module = importlib.import_module(module_name)
    except Exception:
        return []
    found: list[tuple[str, object]] = []
    for name, obj in sorted(vars(module).items()):
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            found.append((f"{module_name}.{name}", obj))
        elif inspect.isclass(obj):
            found.append((f"{module_name}.{name}", obj))
            for attr, member in sorted(vars(obj).items()):
                if not attr.startswith("_") and inspect.isfunction(member):
                    found.append((f"{module_name}.{name}.{attr}", member))
    return found


def documents() -> list[Doc]:
    docs: dict[str, Doc] = {}
    seen_text: set[str] = set()
    for module_name in MODULES:
        for key, obj in _objects(module_name):
            raw = inspect.getdoc(obj)
            if not raw or raw in seen_text or key in docs:
                continue
            seen_text.add(raw)
            summary, body = _split(raw)
            docs[key] = Doc(key=key, module=module_name, summary=summary, body=body)
    return list(docs.values())


def queries(docs: list[Doc], count: int = 300, seed: int = 7) -> list[tuple[str, str]]:
    """(query text, key of its one relevant doc)."""
    counts: dict[str, int] = {}
    for doc in docs:
        counts[doc.summary.lower()] = counts.get(doc.summary.lower(), 0) + 1
    usable = [
        d
        for d in docs
        if counts[d.summary.lower()] == 1 and len(d.summary.split()) >= 4 and len(d.body) >= 150
    ]
    random.Random(seed).shuffle(usable)
    return [(d.summary, d.key) for d in usable[:count]]


def item_fields(doc: Doc) -> dict[str, object]:
    """The KB item a doc becomes: main category = top package, sub = module."""
    top = doc.module.split(".")[0]
    return {
        "display_title": doc.key,
        "enhanced_content": doc.body or doc.key,
        "main_category": top,
        "sub_category": doc.module.replace(".", "_"),
        "tags": [top],
    }
