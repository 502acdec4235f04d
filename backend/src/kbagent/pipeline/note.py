"""The note an item becomes: the schema a model fills in, and its markdown rendering."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

META_LIMIT = 160


class CodeBlock(BaseModel):
    language: str = ""
    code: str
    explanation: str = ""


class Section(BaseModel):
    heading: str
    paragraphs: list[str] = Field(default_factory=list)
    code_blocks: list[CodeBlock] = Field(default_factory=list)
    bullets: list[str] = Field(default_factory=list)
    tips: list[str] = Field(default_factory=list)


class Reference(BaseModel):
    text: str
    url: str = ""


class KBItemDraft(BaseModel):
    """A whole note, as the model writes it and as the extractive strategy builds it."""

    title: str = Field(min_length=1, max_length=200)
    meta_description: str = Field(description="One sentence, at most 160 characters")
    introduction: str
    sections: list[Section] = Field(default_factory=list)
    key_takeaways: list[str] = Field(default_factory=list)
    conclusion: str = ""
    external_references: list[Reference] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list, description="3-6 short topic tags")


def render(draft: KBItemDraft, source_url: str | None) -> str:
    lines = [f"# {draft.title.strip()}", "", draft.introduction.strip(), ""]
    for section in draft.sections:
        lines += [f"## {section.heading.strip()}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph.strip(), ""]
        for block in section.code_blocks:
            fence = "````" if "```" in block.code else "```"
            lines += [f"{fence}{block.language.strip()}", block.code.rstrip(), fence, ""]
            if block.explanation:
                lines += [block.explanation.strip(), ""]
        lines += [f"- {b.strip()}" for b in section.bullets]
        lines += [f"> **Tip:** {t.strip()}" for t in section.tips]
        if section.bullets or section.tips:
            lines.append("")
    if draft.key_takeaways:
        lines += ["## Key takeaways", "", *(f"- {t.strip()}" for t in draft.key_takeaways), ""]
    if draft.conclusion:
        lines += ["## Conclusion", "", draft.conclusion.strip(), ""]
    references = [r for r in draft.external_references if r.text.strip()]
    if references or source_url:
        lines += ["## References", ""]
        if source_url:
            lines.append(f"- [Original source]({source_url})")
        lines += [
            f"- [{r.text.strip()}]({r.url})" if r.url else f"- {r.text.strip()}" for r in references
        ]
    return "\n".join(lines).rstrip() + "\n"


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.M | re.S)


def prose(markdown: str) -> str:
    """A note's own words, without its scaffolding: no headings ("Key points", "References"),
    no References section, links reduced to their text (no `../x/README.md` targets), no code
    blocks. What themes and key phrases are read from."""
    text = markdown.split("\n## References", 1)[0]
    text = _FENCE.sub("", text)
    text = _LINK.sub(r"\1", text)
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines).replace("> **Tip:**", "").strip()


class PartialNote(BaseModel):
    """What the map step of a long document asks of each section: its points, nothing more."""

    key_points: list[str] = Field(
        default_factory=list, description="3-5 short sentences: the section's main facts"
    )


def meta(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= META_LIMIT else text[: META_LIMIT - 1].rsplit(" ", 1)[0] + "…"
