"""The API object: django-ninja generates the OpenAPI 3 schema from the
endpoints' parameter and response schemas; what the guard adds to every
response (validators, rate limits, key errors) is added to every operation
here, so the schema documents all that a client can receive."""

import copy
from functools import cached_property

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from core.json_errors import error_response

from .errors import UnknownFilter
from .schemas import MAX_LIMIT, MAX_OFFSET

DESCRIPTION = f"""
景德镇市政府网站集约化平台的开放接口:下游应用(政务新媒体“两微一端”、12345 热线等)读取与网站
同源的内容(数据同源,第九条(三))。

* 只提供已在运行中(或已归档)网站上发布的内容;公示期已过的公告标为“已失效”,永久下线网站上的内容标为“已归档”。
* 列表以 `limit`/`offset` 分页,`limit` 最多 {MAX_LIMIT}、`offset` 最多 {MAX_OFFSET},响应给出总数 `count`。
* 页面地址一律用各网站的正式域名;`/api/v2/search/` 与网站搜索框是同一个搜索。
* 每个 GET 响应带 `ETag` 与 `Last-Modified`;带 `If-None-Match` 或 `If-Modified-Since` 的条件请求在内容未变时得到 `304`。
* 匿名访问有频率限制;在请求头 `X-API-Key` 中出示接口密钥(在管理后台创建)可获得更高的限额,
  有权限的密钥可用 `drafts=true` 读取草稿。超出限额得到 `429`,`Retry-After` 给出等待秒数。
* 错误一律是 JSON:`{{"detail": "...", "errors": {{"参数": ["错误信息"]}}}}`。
* 筛选参数(`site`、`column`、`unit`、`type`)指向不存在或未公开的网站、栏目、单位或类型时得到 `400`,
  `errors` 中给出该参数,例如 `{{"detail": "未知的网站:no.such.site", "errors": {{"site": ["未知的网站:no.such.site"]}}}}`;
  不会以空列表作答。
* 图片给出各尺寸的缩略图地址(`renditions`),附件与表格给出下载地址(`url`)。
"""

_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_HEADERS = {
    "ETag": {"description": "内容版本标识,用于 If-None-Match。", "schema": {"type": "string"}},
    "Last-Modified": {"description": "内容最近变化的时间,用于 If-Modified-Since。", "schema": {"type": "string"}},
    "X-RateLimit-Limit": {"description": "当前时间窗内允许的请求数。", "schema": {"type": "integer"}},
    "X-RateLimit-Remaining": {"description": "当前时间窗内剩余的请求数。", "schema": {"type": "integer"}},
}
_COMMON_RESPONSES = {
    "304": {"description": "内容未变(条件请求)。"},
    "401": {"description": "接口密钥无效、已吊销,或读取草稿而未出示密钥。", **_ERROR},
    "403": {"description": "接口密钥无读取草稿的权限。", **_ERROR},
    "429": {
        "description": "请求过于频繁。",
        "headers": {"Retry-After": {"description": "需等待的秒数。", "schema": {"type": "integer"}}},
        **_ERROR,
    },
}


class ClusterAPI(NinjaAPI):
    @cached_property
    def _schema(self):
        schema = super().get_openapi_schema(path_params={})
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})["ApiKey"] = {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "可选。在管理后台“开放接口 › 接口密钥”中创建。",
        }
        # Anonymous access is allowed; a key is optional.
        schema["security"] = [{}, {"ApiKey": []}]
        for operations in schema["paths"].values():
            for operation in operations.values():
                # ninja keys responses by int status until serialized.
                responses = {str(status): response for status, response in operation["responses"].items()}
                responses["200"]["headers"] = _HEADERS
                for status, response in _COMMON_RESPONSES.items():
                    responses.setdefault(status, copy.deepcopy(response))
                operation["responses"] = responses
        return schema

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Built once per process: the endpoints do not change while it runs.
        return self._schema


class Renderer(JSONRenderer):
    # Chinese text as itself: a third the size of \u escapes, and readable.
    json_dumps_params = {"ensure_ascii": False}


class Docs(Swagger):
    """Swagger UI from the app's own static files: no CDN, no online validator."""

    template = "api/docs.html"

    def __init__(self):
        super().__init__(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0, "docExpansion": "list"})


# Filters whose values are a fixed list: a value not in it names nothing.
_NAMED = {"type": "信息类型"}


def _bad_parameters(request: HttpRequest, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        name = location[-1] if location else "request"
        message = error["msg"]
        if error.get("type") == "literal_error" and name in _NAMED:
            message = UnknownFilter(parameter=name, value=request.GET.get(name, ""), label=_NAMED[name]).args[0]
        errors.setdefault(name, []).append(message)
    if len(errors) == 1 and (name := next(iter(errors))) in _NAMED and errors[name][0].startswith("未知的"):
        return error_response(400, errors[name][0], errors=errors)
    return error_response(400, errors=errors)


def _unknown_filter(request: HttpRequest, exc: UnknownFilter):
    return exc.response()


def _not_found(request: HttpRequest, exc: Http404):
    return error_response(404)


def api_create(router) -> ClusterAPI:
    api = ClusterAPI(
        title="景德镇市政府网站集约化平台 开放接口",
        version="2",
        description=DESCRIPTION,
        urls_namespace="api",
        openapi_url="/schema/",
        docs_url="/docs/",
        docs=Docs(),
        renderer=Renderer(),
    )
    api.add_exception_handler(ValidationError, _bad_parameters)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(UnknownFilter, _unknown_filter)
    api.add_router("v2/", router)
    return api
