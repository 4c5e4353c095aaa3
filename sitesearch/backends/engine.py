"""OpenSearch and Elasticsearch through Wagtail's own backends, with Chinese
analysis for every text field.

Settings name this module as the backend and the Wagtail backend to wrap::

    {"BACKEND": "sitesearch.backends.engine", "ENGINE": "opensearch2", "ANALYZER": "auto", "URLS": [...]}

Text is analysed twice. The main analyzer cuts it into words: ``smartcn``
(dictionary and HMM segmentation, plugin analysis-smartcn), ``icu`` (ICU
dictionary segmentation, plugin analysis-icu), or ``cjk`` (characters and
overlapping character pairs, built into analysis-common); ``auto`` picks
smartcn when the cluster has the plugin, else cjk, when an index is created.
Word segmentation keeps compounds whole (景德镇市 is one word to smartcn, so
景德镇 would not find it); a character-pair copy of the catch-all fields,
searched at lower weight alongside, finds the words inside them, while the
words still rank exact matches first."""

import copy
import functools
import importlib
import logging

from modelsearch.backends.elasticsearchbase import Field
from modelsearch.utils import deep_update

logger = logging.getLogger(__name__)

CHARACTER_PAIRS = {"type": "custom", "tokenizer": "standard", "filter": ["cjk_width", "lowercase", "cjk_pairs"]}
CHINESE_ANALYZERS = {
    "smartcn": {"type": "custom", "tokenizer": "smartcn_tokenizer", "filter": ["lowercase"]},
    "icu": {"type": "custom", "tokenizer": "icu_tokenizer", "filter": ["cjk_width", "lowercase"]},
    "cjk": CHARACTER_PAIRS,
}
SMARTCN_PLUGIN = "analysis-smartcn"
PAIRS_FIELD = "pairs"
PAIRS_WEIGHT = 0.5

ANALYSIS = {
    "analyzer": {
        "character_pairs": CHARACTER_PAIRS,
        # Text that arrives cut into words (titles for autocomplete, pinyin):
        # split on spaces only; “words_prefix” also indexes word beginnings.
        "words": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
        "words_prefix": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase", "word_prefix"]},
    },
    "filter": {
        "word_prefix": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
        # Single characters too, so a one-character query (茶) finds them.
        "cjk_pairs": {"type": "cjk_bigram", "output_unigrams": True},
    },
}


def analysis_settings(analyzer: str) -> dict:
    analysis = copy.deepcopy(ANALYSIS)
    analysis["analyzer"]["default"] = CHINESE_ANALYZERS[analyzer]
    return {"settings": {"analysis": analysis}}


class ChineseIndexMixin:
    def put(self):
        self.backend.settings = deep_update(self.backend.settings, analysis_settings(self.backend.chinese_analyzer))
        logger.info("creating search index %s with the %s analyzer", self.name, self.backend.chinese_analyzer)
        super().put()


class ChineseMappingMixin:
    def get_mapping(self):
        mapping = super().get_mapping()
        for name, field in mapping["properties"].items():
            if name.startswith("_all_text"):
                field["fields"] = {PAIRS_FIELD: {"type": "text", "analyzer": "character_pairs"}}
        return mapping


class ChineseQueryCompilerMixin:
    def _remap_fields(self, fields):
        remapped = super()._remap_fields(fields)
        return remapped + [
            Field(f"{field.field_name}.{PAIRS_FIELD}", field.boost * PAIRS_WEIGHT)
            for field in remapped
            if field.field_name.startswith("_all_text")
        ]


class AliasSwapMixin:
    """Moves the alias to the rebuilt index in one request. modelsearch adds
    the alias to the new index and then deletes the old one, so for a moment
    searches would count every document twice."""

    def finish(self):
        if not self.alias.is_alias():
            return super().finish()
        self.index.refresh()
        old = [index for index in self.alias.aliased_indices() if index.name != self.index.name]
        actions = [{"remove": {"index": index.name, "alias": self.alias.name}} for index in old]
        actions.append({"add": {"index": self.index.name, "alias": self.alias.name}})
        if self.index.backend.use_new_elasticsearch_api:
            self.index.es.indices.update_aliases(actions=actions)
        else:
            self.index.es.indices.update_aliases(body={"actions": actions})
        for index in old:
            index.delete()


class ChineseAnalysisMixin:
    def __init__(self, params):
        self.analyzer_setting = params.pop("ANALYZER", "auto")
        if self.analyzer_setting not in (*CHINESE_ANALYZERS, "auto"):
            raise ValueError(f"ANALYZER must be one of {', '.join(CHINESE_ANALYZERS)} or auto")
        super().__init__(params)

    @functools.cached_property
    def chinese_analyzer(self) -> str:
        if self.analyzer_setting != "auto":
            return self.analyzer_setting
        installed = {row["component"] for row in self.es.cat.plugins(format="json")}
        if SMARTCN_PLUGIN in installed:
            return "smartcn"
        logger.warning("the search cluster has no %s plugin; using the cjk analyzer", SMARTCN_PLUGIN)
        return "cjk"


def _subclass(mixin, base, **attrs):
    return type(f"Chinese{base.__name__}", (mixin, base), attrs)


@functools.cache
def backend_class(engine: str):
    base = importlib.import_module(f"modelsearch.backends.{engine}").SearchBackend
    mapping_class = _subclass(ChineseMappingMixin, base.mapping_class)
    return _subclass(
        ChineseAnalysisMixin,
        base,
        mapping_class=mapping_class,
        index_class=_subclass(ChineseIndexMixin, base.index_class),
        query_compiler_class=_subclass(
            ChineseQueryCompilerMixin, base.query_compiler_class, mapping_class=mapping_class
        ),
        atomic_rebuilder_class=_subclass(AliasSwapMixin, base.atomic_rebuilder_class),
    )


def SearchBackend(params):
    params = dict(params)
    return backend_class(params.pop("ENGINE", "opensearch2"))(params)
