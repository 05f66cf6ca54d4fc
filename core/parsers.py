"""The API's JSON parser: a body must be one JSON object, with a Chinese message otherwise."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONObjectParser(JSONParser):
    """JSONParser that refuses malformed JSON and top-level arrays/strings/numbers (400, Chinese).

    Every endpoint reads its body as a mapping (`request.data.get(...)`); a list or a bare
    string would otherwise reach that code and fail with a server error.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError("请求体不是有效的 JSON，请检查格式（引号、逗号、括号）。") from exc
        if not isinstance(data, dict):
            raise ParseError('请求体须为 JSON 对象，例如 {"字段": "值"}。')
        return data
