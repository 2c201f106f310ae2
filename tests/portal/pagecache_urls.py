"""Small views for the page cache's own tests: each does one thing a cached page must not."""

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from zhengwu.portal import pagecache

calls = {"n": 0}


def _tags(name):
    return [pagecache.record_tag("test", name)]


@pagecache.public_page(_tags)
def page(request, name):
    calls["n"] += 1
    if name == "csrf":
        body = (
            f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}">'
        )
    elif name == "session":
        request.session["seen"] = True
        body = "session"
    elif name == "message":
        messages.info(request, "已保存")
        body = "message"
    elif name == "cookie":
        response = HttpResponse("cookie")
        response.set_cookie("x", "1")
        return response
    elif name == "stream":
        return StreamingHttpResponse(iter([b"a", b"b"]))
    elif name == "private":
        response = HttpResponse("private")
        response["Cache-Control"] = "private"
        return response
    elif name == "big":
        body = "x" * (pagecache.MAX_BYTES + 1)
    else:
        body = f"{name} {calls['n']}"
    return HttpResponse(body)


urlpatterns = [path("p/<str:name>/", page)]
