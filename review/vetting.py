"""Checks run before anything is published (第十三条(一), 第十五条): sensitive
words with their context, links to blocked domains. Each returns problems as
plain data so forms, services and the API can all present them."""

import hashlib
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import models
from django.utils.html import strip_tags
from wagtail.fields import RichTextField

from core.sanitize import sanitize_html

from .models import BlockedDomain, SensitiveWord

CONTEXT = 12
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class WordHit:
    word: str
    field: str
    context: str

    def __str__(self):
        return f"“{self.word}”({self.field}:…{self.context}…)"


@dataclass(frozen=True)
class BlockedLink:
    url: str
    domain: str
    field: str

    def __str__(self):
        return f"{self.url}({self.field},{self.domain} 在禁止链接名单中)"


# Fields the system fills in, not the author.
_SKIP = {"slug", "url_path", "path", "draft_title", "search_description", "index_number", "after_expiry"}


def _fields(resource) -> list[tuple[str, str, str, bool]]:
    """(field label, plain text, raw value, is rich text) of every text field of the resource."""
    found = []
    for field in resource._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and field.name not in _SKIP:
            raw = getattr(resource, field.attname) or ""
            is_rich = isinstance(field, RichTextField)
            text = strip_tags(raw) if is_rich else raw
            if text:
                found.append((str(field.verbose_name), text, raw, is_rich))
    return found


def _texts(resource) -> list[tuple[str, str, str]]:
    return [(label, text, raw) for label, text, raw, _is_rich in _fields(resource)]


def sensitive_words(resource, words: list[str] | None = None) -> list[WordHit]:
    words = words if words is not None else list(SensitiveWord.objects.values_list("word", flat=True))
    hits = []
    for label, text, _raw in _texts(resource):
        for word in words:
            for match in re.finditer(re.escape(word), text):
                start, end = max(match.start() - CONTEXT, 0), match.end() + CONTEXT
                hits.append(WordHit(word=word, field=label, context=text[start:end].replace("\n", " ")))
    return hits


def blocked_links(resource, domains: list[str] | None = None) -> list[BlockedLink]:
    domains = domains if domains is not None else list(BlockedDomain.objects.values_list("domain", flat=True))
    problems = []
    for label, _text, raw in _texts(resource):
        for url in _HREF.findall(raw) + ([raw] if raw.startswith(("http://", "https://")) else []):
            host = (urlsplit(url).hostname or "").lower()
            for domain in domains:
                if host == domain or host.endswith(f".{domain}"):
                    problems.append(BlockedLink(url=url, domain=domain, field=label))
    return problems


def fingerprint(resource) -> str:
    """What a clearance is given for: the resource type and every text an
    author wrote, rich text as it will be stored."""
    texts = [(label, sanitize_html(raw) if is_rich else raw) for label, _text, raw, is_rich in _fields(resource)]
    payload = json.dumps([resource._meta.label, texts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
