"""Query terms marked in titles and snippets, the same way whichever backend
found the result: the text is escaped piece by piece and only the matched
pieces are wrapped in <mark>, so nothing typed or stored can become markup."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import chinese_words, word_pinyin

SNIPPET_LENGTH = 120
# How much text to show before the first match, so it reads in context.
LEAD_IN = 30


def _pattern(terms) -> re.Pattern | None:
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, terms)), re.IGNORECASE) if terms else None


def highlight(text: str, terms) -> SafeString:
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    pieces = pattern.split(text)
    matches = pattern.findall(text)
    marked = [escape(pieces[0])]
    for match, piece in zip(matches, pieces[1:], strict=True):
        marked.append(f"<mark>{escape(match)}</mark>{escape(piece)}")
    # Words matched one after another read as one match.
    return mark_safe("".join(marked).replace("</mark><mark>", ""))  # noqa: S308 - every piece is escaped above


def snippet(text: str, terms, *, fallback: str = "", length: int = SNIPPET_LENGTH) -> SafeString:
    """A stretch of ``text`` around the first match, else the start of
    ``fallback`` (the summary), else of ``text``; highlighted."""
    text = " ".join((text or "").split())
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    if match is None:
        text = " ".join((fallback or text).split())
        start = 0
    else:
        start = max(0, match.start() - LEAD_IN)
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(f"{prefix}{highlight(window, terms)}{suffix}")  # noqa: S308 - highlight escapes


def pinyin_terms(title: str, terms) -> list[str]:
    """Words of ``title`` that a pinyin query term stands for (jdz → 景德镇)."""
    latin = {term.lower() for term in terms if term.isascii()}
    if not latin:
        return []
    return [word for word in chinese_words(title) if latin & set(word_pinyin(word))]
