"""Pictures people upload (an interview's photos, a leader's photo): accepted by their first
bytes, never by the name or the type the browser claims, within a size limit."""

from __future__ import annotations

from zhengwu.core.errors import Invalid

IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}
NAMES = {"png": "PNG", "jpg": "JPEG", "gif": "GIF"}


def image_kind(data: bytes) -> str | None:
    """ "png", "jpg" or "gif" from the file's first bytes; None for anything else."""
    return next((e for sig, e in IMAGE_SIGNATURES.items() if data.startswith(sig)), None)


def checked_image(
    upload, *, max_bytes: int, allowed: tuple[str, ...] = ("png", "jpg", "gif"), field="image"
) -> tuple[bytes, str]:
    """The bytes and extension of an uploaded picture, or Invalid with the reason in words."""
    if upload is None:
        raise Invalid("请选择图片文件", code="image_required", field=field)
    if upload.size > max_bytes:
        raise Invalid(f"图片不能超过{max_bytes // 1024}KB", code="image_too_large", field=field)
    data = upload.read()
    ext = image_kind(data)
    if ext is None or ext not in allowed:
        names = "、".join(NAMES[a] for a in allowed)
        raise Invalid(f"只能上传{names}图片", code="image_type", field=field)
    return data, ext
