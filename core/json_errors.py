"""The one shape of every JSON error, the API's and the search box's:
``{"detail": "...", "errors": {...}}``, ``errors`` mapping each bad
parameter to its messages (400 only)."""

from django.http import JsonResponse

MESSAGES = {
    400: "请求参数不正确。",
    401: "需要有效的接口密钥。",
    403: "接口密钥没有此项权限。",
    404: "请求的内容不存在或未公开。",
    405: "不支持此请求方法。",
    406: "只提供 JSON 格式的内容。",
    429: "请求过于频繁,请稍后再试。",
    500: "服务器内部错误。",
}


def error_response(status: int, detail: str | None = None, *, errors: dict | None = None) -> JsonResponse:
    body = {"detail": detail or MESSAGES.get(status, "请求失败。")}
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'ApiKey header="X-API-Key"'
    return response
