"""Errors of the API's own making, in the shape of ``core.json_errors``."""

from django.http import JsonResponse

from core.json_errors import error_response


class UnknownFilter(Exception):
    """A filter naming something that does not exist (or is not public): a
    client's typo, answered as such rather than with an empty list."""

    def __init__(self, *, parameter: str, value: object, label: str):
        super().__init__(f"未知的{label}:{value}")
        self.parameter = parameter
        self.value = value

    def response(self) -> JsonResponse:
        return error_response(400, str(self), errors={self.parameter: [str(self)]})
