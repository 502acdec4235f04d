"""Notes without a generative model: the source's own sentences, headings and key phrases.

This is the strategy when no model is configured and the fallback whenever a model's note is
unusable. It quotes and never rewrites: every sentence in an extractive note is a sentence of
the source, so it cannot invent anything.
"""

from __future__ import annotations

from kbagent.pipeline import document
from kbagent.pipeline.note import KBItemDraft, PartialNote, Section
from kbagent.pipeline.note_check import echoes

EXTRACTIVE = "extractive"
LEAD_SENTENCES = 2
KEY_SENTENCES = 5
MAX_SECTIONS = 8
SENTENCES_PER_SECTION = 2
TAGS = 5
MAX_LEAD_WORDS = 80  # longer "sentences" are code or tables run together, not prose
PHRASES = 20  # of the document, to judge its sentences by


def _lead(text: str) -> list[str]:
    """The opening sentences: the first that read as prose (not a one-word fragment)."""
    prose = [s for s in document.sentences(text) if 4 <= len(s.split()) <= MAX_LEAD_WORDS]
    return prose[: LEAD_SENTENCES + 2]


def note(title: str, text: str) -> KBItemDraft:
    """Lead, key points and the document's sections, each a whole sentence of the source
    (a page's one-line summary without a full stop serves as the meta description only)."""
    opening = _lead(text)
    lead = [s for s in opening if document.complete(s)][:LEAD_SENTENCES]
    used = set(lead)
    phrases = document.key_phrases(text, PHRASES)
    takeaways = [s for s in document.key_sentences(text, KEY_SENTENCES, phrases) if s not in used]
    used |= set(takeaways)
    sections: list[Section] = []
    for part in document.sections(text):
        if not part.heading or echoes(part.heading, title):
            continue  # the page's own title as its first heading is no section
        best = document.key_sentences(part.text, SENTENCES_PER_SECTION, phrases)
        chosen = [s for s in best if s not in used]
        if chosen:
            used |= set(chosen)
            sections.append(Section(heading=part.heading, paragraphs=chosen))
    if len(sections) > MAX_SECTIONS:  # spread over the whole document, first and last kept
        step = (len(sections) - 1) / (MAX_SECTIONS - 1)
        sections = [sections[round(i * step)] for i in range(MAX_SECTIONS)]
    tags = [t for t in phrases[: TAGS + 3] if t.lower() != title.lower()]
    if not lead and not takeaways and not sections:
        lead = opening[:1]  # a post without full stops: its first line is all there is
    clean_title = document.plain(title)[:200] or (lead[0][:200] if lead else "Untitled")
    introduction = "\n\n".join(lead)  # one paragraph per sentence: each quotes the source
    return KBItemDraft(
        title=clean_title,
        meta_description=opening[0] if opening else clean_title,
        introduction=introduction,
        # as a section of paragraphs, not bullets: quoted sentences stay sentences when the
        # markdown is read back as text
        sections=([Section(heading="Key points", paragraphs=takeaways)] if takeaways else [])
        + sections,
        tags=tags[:TAGS],
    )


def partial(text: str, points: int = 3) -> PartialNote:
    """A section's points taken from the section itself (the map step without a model); none
    when it has no prose (a synopsis, a table)."""
    chosen = document.key_sentences(text, points) or _lead(text)[:1]
    return PartialNote(key_points=chosen)


def quoted(draft: KBItemDraft) -> list[str]:
    """The passages a note states (introduction paragraphs, section paragraphs and bullets,
    takeaways): for checking that an extractive note only quotes its source."""
    found = [p.strip() for p in draft.introduction.split("\n\n") if p.strip()]
    for section in draft.sections:
        found += [*section.paragraphs, *section.bullets]
    return found + list(draft.key_takeaways)
