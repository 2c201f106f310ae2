"""Masking of personal data for public pages (GB/T 35273 展示限制), done on the server."""

import ipaddress
import re

ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3}-?)(\d{3,4})(\d{4})(?!\d)")


def mask_id_number(number: str) -> str:
    """`433101199001010021` → `433101********0021`: the 8 digits of the birth date hidden, length kept."""
    number = (number or "").strip()
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[14:]
    if len(number) > 4:
        return number[:2] + "*" * (len(number) - 4) + number[-2:]
    return "*" * len(number)


def mask_phone(phone: str) -> str:
    """`13812345678` → `138****5678`."""
    digits = (phone or "").strip()
    if len(digits) == 11:
        return digits[:3] + "****" + digits[7:]
    if len(digits) > 4:
        return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]
    return "*" * len(digits)


def mask_name(name: str) -> str:
    """`张三` → `张*`, `欧阳小明` → `欧***`."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_text(text: str) -> str:
    """Mask every ID number and phone number inside free text (messages, comments)."""
    text = ID_NUMBER_RE.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), text or "")
    text = PHONE_RE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return LANDLINE_RE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


def mask_ip(address: str) -> str:
    """`203.0.113.8` → `203.0.113.*`; an IPv6 address keeps its first four groups (its network)."""
    address = (address or "").strip()
    if "." in address and ":" not in address:
        return address.rsplit(".", 1)[0] + ".*"
    if ":" in address:
        try:
            groups = ipaddress.IPv6Address(address).exploded.split(":")
        except ValueError:
            return "*"
        return ":".join(g.lstrip("0") or "0" for g in groups[:4]) + ":*"
    return "*" if address else ""
