"""Request parameters and response bodies of the API; the OpenAPI schema is
generated from these, so what it documents is what is validated and sent."""

import datetime
import re
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema

from .selectors import MAX_ID, ORDERINGS, TYPES

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 100_000

ResourceType = Literal[tuple(TYPES)]
Ordering = Literal[tuple(f"{sign}{name}" for name in ORDERINGS for sign in ("-", ""))]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# NUL cannot be stored in PostgreSQL text, so it cannot be searched for either.
Text = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _moment(value):
    """A date (local midnight) or an RFC 3339 date-time, nothing looser."""
    if isinstance(value, datetime.datetime):
        return value
    text = str(value)
    try:
        if _DATE.match(text):
            return timezone.make_aware(datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time()))
        if _DATETIME.match(text):
            # RFC 3339 allows a leap second; Python's datetime does not.
            return datetime.datetime.fromisoformat(re.sub(r":60(?=[.Zz+-]|$)", ":59", text).replace("z", "Z"))
    except ValueError:
        pass
    raise ValueError("应为日期(2026-10-01)或带时区的日期时间(2026-10-01T08:00:00+08:00)")


Moment = Annotated[
    datetime.datetime,
    BeforeValidator(_moment),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}),
]


class Paging(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"每页条数,最多 {MAX_LIMIT}。")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"跳过的条数,最多 {MAX_OFFSET}。")


class ColumnQuery(Paging):
    site: Text = Field(description="网站编号或域名(英文域名、中文域名均可)。")


class ResourceQuery(Paging):
    site: Text | None = Field(None, description="只列出在此网站(编号或域名)上发布的信息。")
    column: Id | None = Field(None, description="只列出此栏目(含其汇聚来源栏目)中的信息。")
    type: ResourceType | None = Field(None, description="信息类型。")
    unit: Id | None = Field(None, description="发布机构(单位编号)。")
    published_after: Moment | None = Field(None, description="首次发布时间不早于此时刻。")
    updated_since: Moment | None = Field(None, description="最近发布(含修改后重新发布)时间不早于此时刻,用于增量同步。")
    search: Text | None = Field(None, description="标题或摘要包含此文字。")
    ordering: Ordering = Field("-published_at", description="排序字段,前加“-”为倒序。")
    drafts: bool = Field(False, description="读取草稿(需可读取草稿的接口密钥):含未发布的信息,内容取最新修订。")


class SearchQuery(Paging):
    q: Text = Field(description="搜索词,支持多个词、拼音和拼音首字母。")
    site: Text | None = Field(None, description="在此网站(编号或域名)中搜索;缺省为请求所到的网站。")
    cluster: bool = Field(False, description="在全部网站中搜索(全站群),每条信息只出现一次。")
    type: ResourceType | None = Field(None, description="信息类型。")


class ResourceDetailQuery(Schema):
    drafts: bool = Field(False, description="读取草稿(需可读取草稿的接口密钥)。")


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] | None = Field(None, description="400 时,每个有误参数的错误信息。")


class UnitRef(Schema):
    id: int
    name: str
    short_name: str


class SiteRef(Schema):
    id: int
    name: str
    domain: str


class Site(SiteRef):
    kind: str
    kind_label: str
    chinese_domain: str | None
    extra_domains: list[str]
    url: str | None
    site_code: str | None = Field(description="政府网站标识码")
    host_unit: UnitRef = Field(description="主办单位")
    operator_unit: UnitRef = Field(description="承办单位")
    parent: int | None = Field(description="上级门户网站编号")
    status: str
    status_label: str
    archived: bool = Field(description="永久下线的网站,其内容作为归档保留(已归档)。")
    archived_at: datetime.datetime | None
    icp_number: str
    police_filing_number: str
    conac_mark_id: str


class ColumnUnit(UnitRef):
    role: str
    role_label: str


class Column(Schema):
    id: int
    site: int
    parent: int | None
    level: int
    title: str
    path: str = Field(description="自一级栏目起的栏目名称,以“/”分隔。")
    column_type: str
    mode: str
    mode_label: str
    units: list[ColumnUnit] = Field(description="内容保障单位")
    url: str | None
    link_url: str | None
    update_interval_days: int | None


class ColumnRef(Schema):
    id: int
    title: str


class Placement(Schema):
    site: SiteRef
    column: ColumnRef
    url: str | None = Field(description="信息在此栏目中的页面地址。")
    origin: str
    origin_label: str
    syndicated_from: SiteRef | None
    pinned: bool
    archived: bool
    archived_at: datetime.datetime | None


class ResourceSummary(Schema):
    id: int
    type: ResourceType
    type_label: str
    title: str
    summary: str
    source: str
    valid_until: datetime.date | None = Field(description="公示期或有效期的最后一天。")
    unit: UnitRef = Field(description="发布机构")
    published_at: datetime.datetime | None
    updated_at: datetime.datetime | None
    expired: bool = Field(description="公示期已过(已失效)。")
    after_expiry: str
    archived: bool = Field(description="只在已归档的网站上发布(已归档)。")
    archived_at: datetime.datetime | None
    state: Literal["已失效", "已归档"] | None
    live: bool
    draft: bool = Field(description="内容取自尚未发布的修订。")
    url: str | None = Field(description="信息的页面地址(优先为所筛选网站上的页面)。")
    detail_url: str


class ResourceRef(Schema):
    id: int
    type: ResourceType
    title: str
    published_at: datetime.datetime | None
    detail_url: str


class Document(Schema):
    id: int
    title: str
    url: str = Field(description="下载地址")
    file_extension: str
    file_size: int | None


class Attachment(Schema):
    title: str
    document: Document


class Rendition(Schema):
    url: str
    width: int
    height: int


class Image(Schema):
    id: int
    title: str
    width: int
    height: int
    renditions: dict[str, Rendition] = Field(description="thumbnail 400×300 裁切, medium 800 以内, large 1600 以内。")


class Policy(Schema):
    index_number: str = Field(description="索引号")
    doc_number: str = Field(description="文号")
    publisher: str = Field(description="发布机构")
    written_on: datetime.date = Field(description="成文日期")
    subject: str = Field(description="主题分类")
    validity: str = Field(description="有效性")
    validity_changed_on: datetime.date | None


class GuideRow(Schema):
    key: str
    label: str
    value: str


class GuideForm(Schema):
    title: str
    instructions: str
    blank_form: Document
    sample: Document | None


class ServiceGuide(Schema):
    rows: list[GuideRow] = Field(description="办事指南表格各行")
    forms: list[GuideForm] = Field(description="申请表格,含空白表格与示范文本")


class OrgFunctions(Schema):
    functions: str
    internal_bodies: list[str]
    address: str
    phone: str
    office_hours: str


class Leader(Schema):
    person_name: str
    position: str
    duties: str
    resume: str
    photo: Image | None


class Topic(Schema):
    lead_unit: UnitRef
    items: list[ResourceRef]


class ResourceDetail(ResourceSummary):
    body: str | None = Field(description="正文 HTML")
    author: str | None
    drafter: str
    cover: Image | None
    link_url: str | None
    policy: Policy | None = Field(description="政策文件的政府信息公开要素")
    service_guide: ServiceGuide | None
    org_functions: OrgFunctions | None
    leader: Leader | None
    topic: Topic | None
    interpretations: list[ResourceRef] = Field(description="政策文件的解读")
    documents: list[ResourceRef] = Field(description="政策解读所解读的文件")
    attachments: list[Attachment]
    placements: list[Placement] = Field(description="信息发布在哪些网站的哪些栏目")


class SiteList(Schema):
    count: int
    limit: int
    offset: int
    results: list[Site]


class ColumnList(Schema):
    count: int
    limit: int
    offset: int
    results: list[Column]


class ResourceList(Schema):
    count: int
    limit: int
    offset: int
    results: list[ResourceSummary]


class SearchHit(Schema):
    id: int
    type: ResourceType
    type_label: str
    title: str
    title_html: str = Field(description="标题,命中词以 <em> 标出。")
    snippet_html: str = Field(description="正文摘录,命中词以 <em> 标出。")
    url: str
    site: SiteRef
    column: list[str] = Field(description="所在栏目,自一级栏目起。")
    unit: str
    published_at: datetime.datetime | None
    expired: bool
    archived: bool
    detail_url: str


class SearchList(Schema):
    count: int
    limit: int
    offset: int
    results: list[SearchHit]
    facets: dict[str, int] = Field(description="各信息类型的命中数(未按类型筛选前)。")
