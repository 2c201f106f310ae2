"""The demo's 网站信息: the 州 portal and the 8 county sites (townships and villages inherit
their county's). Created once; a second run keeps what an administrator has changed since.

The numbers are demo values, marked （演示）, and must not be taken for real ones: no real
网站标识码, ICP or 公安 filing number is used. No e-mail address is invented either."""

from __future__ import annotations

from zhengwu.org.models import Agency, Jurisdiction

from .models import SiteProfile

# The county seats' postcodes (中国邮政).
POSTCODES = {
    "433100": "416000",
    "433101": "416000",
    "433122": "416100",
    "433123": "416200",
    "433124": "416400",
    "433125": "416500",
    "433126": "416300",
    "433127": "416700",
    "433130": "416800",
}


def build(stdout=None) -> None:
    sites = Jurisdiction.objects.filter(
        level__in=[Jurisdiction.PREFECTURE, Jurisdiction.COUNTY]
    ).order_by("code")
    governments = {
        a.jurisdiction_id: a
        for a in Agency.objects.filter(kind=Agency.GOVERNMENT, jurisdiction__in=sites)
    }
    made = 0
    for n, j in enumerate(sites):
        gov = governments.get(j.pk)
        _, created = SiteProfile.objects.get_or_create(
            jurisdiction=j,
            defaults={
                # Demo values (see the module's docstring): 10 characters like a real 网站标识码,
                # an ICP number of zeros, a 公安 number from the division code and zeros.
                "site_code": f"DEMO{j.code}",
                "icp_number": f"湘ICP备00000000号-{n + 1}（演示）",
                "police_number": f"湘公网安备{j.code}00000000号（演示）",
                "sponsor": j.government_name,
                "organiser": f"{j.name}人民政府办公室",
                "phone": gov.phone if gov else "",
                "address": gov.address if gov else "",
                "postcode": POSTCODES.get(j.code, ""),
                "contact_note": (
                    "本页联系方式受理对本网站内容和运行维护的意见建议，工作日处理。"
                    "咨询、求助、投诉等具体事项，请通过“我要写信”提交，可凭查询码查询办理进度；"
                    "申请获取政府信息，请通过“政府信息公开申请”提交。"
                ),
            },
        )
        made += created
    if stdout and made:
        stdout.write(f"网站信息：{made} 个站点")
