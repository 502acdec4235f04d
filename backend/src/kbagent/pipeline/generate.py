"""Turn an item into a knowledge-base note: structured output, rendered to markdown."""

from __future__ import annotations

import logging
import re

from pydantic import BaseModel, Field

from kbagent.agent.phases import PhaseContext, mark_done
from kbagent.ai.base import Message, Options
from kbagent.content.models import ContentItem
from kbagent.errors import AIServiceError, NotFound
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge import service as kb_service
from kbagent.knowledge.schemas import KnowledgeItemCreate, KnowledgeItemUpdate
from kbagent.pipeline.prompts import describe_item

META_LIMIT = 160
EXTRACTIVE = "extractive"
log = logging.getLogger("kbagent.pipeline")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


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


def extractive(title: str, body: str) -> KBItemDraft:
    """A note made from the source text alone, when no model could write one."""
    sentences = [s.strip() for s in _SENTENCE.split(" ".join(body.split())) if s.strip()]
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    return KBItemDraft(
        title=(title.strip() or (sentences[0] if sentences else "Untitled"))[:200],
        meta_description=" ".join(sentences[:2]) or title,
        introduction=" ".join(sentences[:2]) or title,
        sections=[Section(heading="From the source", paragraphs=paragraphs[1:] or paragraphs)]
        if paragraphs
        else [],
    )


def meta(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= META_LIMIT else text[: META_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _source_url(item: ContentItem) -> str | None:
    if item.source_id.startswith(("http://", "https://")):
        return item.source_id
    url = (item.raw_data or {}).get("url")
    return str(url) if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def generate(ctx: PhaseContext, item_id: str) -> str | None:
    with ctx.database.reader() as session:
        item = session.get(ContentItem, item_id)
        if item is None:
            raise NotFound(f"content item {item_id} is gone")
        prompt, source_url = describe_item(item), _source_url(item)
        title, body = item.title, item.content or ""
    messages = [
        Message(
            "system",
            "You turn saved posts and articles into clear, self-contained knowledge-base notes. "
            "Keep facts from the source; do not invent details.",
        ),
        Message("user", prompt),
    ]
    try:
        result = ctx.ai.structured(
            "kb_generation",
            KBItemDraft,
            messages,
            Options(max_tokens=1200, temperature=0.3),
            repairs=1,
        )
        draft, model = result.value, result.completion.model
    except AIServiceError as exc:
        if exc.retryable or "invalid structured output" not in str(exc.details.get("cause")):
            raise  # the model is down or busy: the engine retries, then records the failure
        # The model answered but could not write a valid note (small local models often
        # cannot): keep the item, as an extractive note built from the source itself.
        log.warning("%s; using an extractive note for %s", exc.message, item_id)
        draft, model = extractive(title, body), EXTRACTIVE
    markdown = render(draft, source_url)
    with ctx.database.writer() as session:
        if not mark_done(session, item_id, "generate", ctx.task_id, model):
            return model
        content = session.get(ContentItem, item_id)
        if content is None:
            return model
        existing = kb_repository.get_by_content_item(session, item_id)
        fields = {
            "display_title": draft.title.strip()[:200] or content.title,
            "summary": meta(draft.meta_description or draft.introduction),
            "enhanced_content": markdown,
            "main_category": content.main_category,
            "sub_category": content.sub_category,
            "tags": [t for t in draft.tags if t.strip()][:10],
        }
        if existing is None:
            kb_service.create_item(
                session,
                KnowledgeItemCreate(content_item_id=item_id, source_url=source_url, **fields),
                ctx.settings,
                None,  # vectors come in the embed phase, outside this transaction
            )
        else:
            kb_service.update_item(
                session, existing.id, KnowledgeItemUpdate(**fields), ctx.settings, None
            )
        content.processing_state = "processed"
        session.commit()
    return model
