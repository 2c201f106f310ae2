"""Error pages in Chinese; the API answers JSON through its own handlers."""

from django.http import JsonResponse
from django.shortcuts import render


def _respond(request, status, title, text):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": str(status), "message": text}, status=status)
    return render(request, "portal/error.html", {"title": title, "text": text}, status=status)


def not_found(request, exception=None):
    return _respond(request, 404, "页面不存在", "您访问的页面不存在或已被移除。")


def forbidden(request, exception=None):
    return _respond(request, 403, "无权访问", "您没有访问该页面的权限。")


def bad_request(request, exception=None):
    return _respond(request, 400, "请求有误", "请求无法处理，请检查后重试。")


def server_error(request):
    return _respond(request, 500, "系统繁忙", "系统暂时无法处理您的请求，请稍后再试。")
