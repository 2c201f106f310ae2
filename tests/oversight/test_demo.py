"""The demo's 社会监督: the demo's 政务公开监督员 on the roster with his account, an expired
term, and one item at each of three steps."""

from django.utils import timezone

from zhengwu.oversight.models import Item, Supervisor


def test_the_demo_roster_and_items(db):
    today = timezone.localdate()
    watcher = Supervisor.objects.get(name="黄德明")
    assert watcher.user.username == "watcher" and watcher.term_label(today) == "在任"
    assert Supervisor.objects.get(name="龙志刚").term_label(today) == "已期满"
    states = sorted(Item.objects.values_list("state", flat=True))
    assert states == sorted([Item.ASSIGNED_, Item.RECTIFIED_, Item.CONFIRMED_])
    assert Item.objects.get(state=Item.RECTIFIED_).source == Item.MEDIA
