"""Pinyin helpers for domain rules, column slugs and search."""

import itertools

from pypinyin import Style, pinyin


def initials_readings(text: str, *, limit: int = 64) -> set[str]:
    """Every string of pinyin initials that ``text`` can be read as.

    Polyphonic characters contribute each of their readings (乐平 → lp, yp);
    characters without pinyin are kept as they are, lower-cased."""
    per_char = pinyin(text, style=Style.FIRST_LETTER, heteronym=True, errors=lambda chars: [[c] for c in chars])
    options = [sorted({reading.lower() for reading in readings if reading}) for readings in per_char]
    return {"".join(combo) for combo in itertools.islice(itertools.product(*options), limit)}


def initials(text: str) -> str:
    """The usual reading's initials, for slugs: 政务公开 → zwgk."""
    per_char = pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: [[c] for c in chars])
    return "".join(readings[0].lower() for readings in per_char if readings[0].isalnum())
