"""How text becomes words (分词) for search.

Chinese is written without spaces. OpenSearch and Elasticsearch cut it with
their own Chinese analyzer (see ``backends``); the database backends (SQLite
FTS5, PostgreSQL full text) only split on spaces and punctuation, so for them
the text is cut with jieba before it is indexed, and queries are cut the same
way. Titles are also indexed as pinyin, so ``jingdezhen`` or ``jdz`` find
景德镇."""

import functools
import logging
import re
import unicodedata
from pathlib import Path

import jieba
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from pypinyin import Style, lazy_pinyin
from wagtail.search import index

from .backends import search_backend

jieba.setLogLevel(logging.WARNING)

# Local words jieba's dictionary lacks (瓷博会, 昌景黄 …). After a change,
# rebuild the database backend's index: indexed text is cut at save time.
LOCAL_WORDS = Path(__file__).with_name("words.txt")

# Longer input is cut off: nobody types more, and it bounds the work one
# request can cause.
MAX_QUERY_LENGTH = 100

# Words that carry no meaning in a query (“怎么办理营业执照”).
STOP_WORDS = frozenset({
    "的", "了", "和", "与", "及", "或", "在", "是", "有", "吗", "呢", "吧", "啊", "么", "怎么", "怎样", "如何",
    "什么", "哪里", "哪些", "哪个", "为什么", "请问", "我", "我们", "你", "您", "要", "想", "能", "可以", "需要", "一下",
})  # fmt: skip

_NOT_WORD = re.compile(r"[\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


@functools.cache
def _jieba() -> jieba.Tokenizer:
    # Loaded on first use: the dictionary takes most of a second to load.
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(LOCAL_WORDS))
    return tokenizer


def clean_query(raw: str) -> str:
    """The query as typed, made safe to keep and show: full-width forms
    folded (ＡＢＣ１ → ABC1), control characters dropped, spaces collapsed,
    cut to ``MAX_QUERY_LENGTH``."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _tokens(words) -> list[str]:
    return [word.lower() for word in words if not _NOT_WORD.fullmatch(word) and word.strip()]


def query_words(text: str) -> list[str]:
    """The words of a query: cut precisely, without punctuation, operators or
    stop words. Every word is also a word of the indexed text (see
    ``index_words``), whatever surrounds it there."""
    words = []
    for chunk in _NOT_WORD.sub(" ", text).split():
        words += [word for word in _tokens(_jieba().cut(chunk)) if word not in STOP_WORDS]
    return list(dict.fromkeys(words))


def query_runs(text: str) -> list[str]:
    """A query without punctuation, operators and stop words, as runs of
    the words that stood next to each other: 低保怎么申请 → [低保, 申请].
    An engine analyses each run as a whole, in the context it would have
    in a document."""
    runs = []
    for chunk in _NOT_WORD.sub(" ", text).split():
        run = ""
        for word in _tokens(_jieba().cut(chunk)):
            if word in STOP_WORDS:
                runs.append(run)
                run = ""
            else:
                run += word
        runs.append(run)
    return [run for run in dict.fromkeys(runs) if run]


# Wagtail's database indexer reads every field once per column it fills.
@functools.lru_cache(maxsize=1024)
def index_words(text: str) -> str:
    """Text cut for indexing in search mode: each word plus the shorter
    dictionary words inside it (住房公积金 → 住房 公积 公积金 …), so a query
    for a part of a compound still matches."""
    return " ".join(_tokens(_jieba().cut_for_search(text or "")))


def word_pinyin(word: str) -> tuple[str, str]:
    """(full pinyin, initials) of one word: 景德镇 → ("jingdezhen", "jdz")."""
    return (
        "".join(lazy_pinyin(word, errors="ignore")),
        "".join(lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore")),
    )


def chinese_words(title: str) -> list[str]:
    """The Chinese words of a title, in search mode (see ``index_words``)."""
    return [word for word in dict.fromkeys(_jieba().cut_for_search(title or "")) if _CJK.search(word)]


def pinyin_words(title: str) -> tuple[str, str]:
    """Full pinyin and initials of each Chinese word of ``title``:
    景德镇国际陶瓷 → ("jingde dezhen jingdezhen guoji taoci", "jd dz jdz gj tc")."""
    readings = [word_pinyin(word) for word in chinese_words(title)]
    return (
        " ".join(dict.fromkeys(full for full, _ in readings if full)),
        " ".join(dict.fromkeys(initials for _, initials in readings if initials)),
    )


def backend_needs_words() -> bool:
    """Whether the search backend in use needs text cut into words before
    indexing: every backend except the engines, which analyse it themselves."""
    return not isinstance(search_backend(), ElasticsearchBaseSearchBackend)


class WordsSearchField(index.SearchField):
    """A SearchField whose text reaches a database backend cut into words,
    and an engine as written."""

    def get_value(self, obj):
        value = super().get_value(obj)
        return index_words(value) if backend_needs_words() else value


class WordsAutocompleteField(index.AutocompleteField):
    """An AutocompleteField cut into words on every backend: what is being
    typed is matched against the beginnings of words (景德 → 景德镇)."""

    def get_value(self, obj):
        return index_words(super().get_value(obj))
