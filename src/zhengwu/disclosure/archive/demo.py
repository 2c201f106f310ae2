"""A few dozen 公文 of 吉首市人民政府 and 凤凰县人民政府 (2014–2025): the three 公开属性, 上行文
with their 签发人, and secrets — among them 秘密 documents of 2014 whose statutory 10 years
have run out (保密法 2024 §20), for the §18 review to find. Registered through the service, so
the 主动公开 ones are drafts in the pipeline. Deterministic; a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import random

from zhengwu.org.models import Agency, User

from . import words
from .models import OfficialDocument
from .services import records

BODIES = {"433101": ("吉首市人民政府", "吉政"), "433123": ("凤凰县人民政府", "凤政")}
PER_BODY = 18


def _data(rng: random.Random, name: str, code: str, n: int) -> dict:
    year = 2016 + n % 10
    kind = words.doc_type(rng)
    written = dt.date(year, 1 + n % 12, 1 + rng.randint(0, 26))
    data: dict = {
        "issuing_body": name,
        "doc_number": f"{code}{words.SHORT.get(kind, '发')}〔{year}〕{n + 1}号",
        "title": words.title(rng, name, kind, year),
        "doc_type": kind,
        "written_on": written,
        "main_recipients": "各乡镇人民政府，各街道办事处，政府各工作部门",
        "printed_by": f"{name}办公室",
        "signer": "龙志刚" if kind in records.UPWARD else "",
    }
    data["printed_on"] = written + dt.timedelta(days=2)
    roll = n % 3
    if roll == 0:
        data["attribute"] = OfficialDocument.PROACTIVE
    elif roll == 1:
        data["attribute"] = OfficialDocument.ON_REQUEST
    else:
        data["attribute"] = OfficialDocument.WITHHELD
        data["withheld_ground"] = rng.choice(["s16_internal", "s16_process", "s15_third_party"])
    return data


def _secrets(name: str, code: str) -> list[dict]:
    base = {
        "issuing_body": name,
        "doc_type": "通知",
        "attribute": OfficialDocument.WITHHELD,
        "withheld_ground": "s14_secret",
        "printed_by": f"{name}办公室",
    }
    return [
        base  # 10 statutory years from 2014-05-08: released by law on 2024-05-08
        | {
            "doc_number": f"{code}密〔2014〕3号",
            "title": f"{name}关于做好重点目标安全保卫工作的通知",
            "secrecy": OfficialDocument.SECRET,
            "copy_number": "000021",
            "written_on": dt.date(2014, 5, 8),
        },
        base
        | {
            "doc_number": f"{code}密〔2015〕1号",
            "title": f"{name}关于应急处置预案的通知",
            "secrecy": OfficialDocument.SECRET,
            "secrecy_years": "5",
            "copy_number": "000005",
            "written_on": dt.date(2015, 2, 10),
        },
        base
        | {
            "doc_number": f"{code}密〔2023〕2号",
            "title": f"{name}关于重要物资储备布局的通知",
            "secrecy": OfficialDocument.CONFIDENTIAL,
            "copy_number": "000012",
            "written_on": dt.date(2023, 9, 12),
        },
    ]


def build(stdout=None) -> None:
    say = stdout.write if stdout else (lambda s: None)
    admin = User.objects.get(username="admin")
    agencies = {
        code: Agency.objects.get(jurisdiction__code=code, kind=Agency.GOVERNMENT) for code in BODIES
    }
    if OfficialDocument.objects.filter(agency__in=agencies.values()).exists():
        say(f"公文库：演示数据已存在（{OfficialDocument.objects.count()} 件）")
        return
    rng = random.Random(20140101)
    count = 0
    for code, (name, prefix) in BODIES.items():
        for n in range(PER_BODY):
            records.register(agencies[code], _data(rng, name, prefix, n), by=admin)
            count += 1
        for data in _secrets(name, prefix):
            records.register(agencies[code], data, by=admin)
            count += 1
    say(f"公文库：已登记 {count} 件公文（含涉密及已到期的秘密公文）")
