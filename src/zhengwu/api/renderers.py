import json

from django.core.serializers.json import DjangoJSONEncoder
from ninja.renderers import JSONRenderer


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Chinese as it is, not \\u escapes: readable in logs and by integrators."""

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
