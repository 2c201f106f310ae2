"""API of this part of 公共资源交易."""

from ninja import Router

router = Router(tags=["公共资源交易"])
