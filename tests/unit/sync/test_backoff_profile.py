import os
import random
import subprocess
import sys

import pytest

from kiosk.central.demo_profile import DEMO_STAFF, demo_profile
from kiosk.store.roster import list_staff
from kiosk.sync.backoff import Backoff
from kiosk.sync.profile import (
    ProfileError,
    apply_profile,
    follow_up_text,
    load_cached_profile,
    reason_catalog,
    validate_profile,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_backoff_full_jitter_bounds_and_retry_after():
    b = Backoff(2, 600, random.Random(1))
    delays = [b.next_delay() for _ in range(20)]
    for n, d in enumerate(delays):
        assert 0 <= d <= min(600, 2 * 2**n)
    assert max(delays[10:]) > 60  # grows toward the cap
    assert b.next_delay(retry_after=900) >= 900  # the centre's Retry-After beats the cap
    b.reset()
    assert b.next_delay() <= 2


def test_profile_applied_atomically_and_cached(store):
    assert load_cached_profile(store) is None
    apply_profile(store, demo_profile(), '"e1"')
    assert [s.pageCode for s in list_staff(store)] == sorted(s["pageCode"] for s in DEMO_STAFF)
    assert load_cached_profile(store)["hall"]["name"] == "政务服务中心"
    assert reason_catalog(load_cached_profile(store)).name("510") == "一窗受理一次办结"
    bad = demo_profile()
    bad["reasons"] = [{"starLevel": 9, "normCode": "x", "normName": "y"}]
    with pytest.raises(ProfileError):
        apply_profile(store, bad, '"e2"')
    dup = demo_profile()
    dup["staff"].append(dict(dup["staff"][0]))
    with pytest.raises(ProfileError):
        apply_profile(store, dup, '"e3"')
    assert store.get_kv("central.profile_etag") == '"e1"' and len(list_staff(store)) == len(DEMO_STAFF)
    wd = demo_profile()
    wd["workdays"] = {"holidays": ["2027-01-01"], "workdays": ["2027-02-06"]}
    apply_profile(store, wd, '"e4"')
    assert load_cached_profile(store)["workdays"]["holidays"] == ["2027-01-01"]


def test_bad_follow_up_text_optional_checked_and_read():
    assert follow_up_text(None) == follow_up_text({}) == ""
    profile, _ = validate_profile({"badFollowUpText": " 我们将在\n1个工作日内回访 "})
    assert follow_up_text(profile) == "我们将在 1个工作日内回访"
    for bad in (5, "长" * 101):
        with pytest.raises(ProfileError, match="badFollowUpText"):
            validate_profile({"badFollowUpText": bad})


def test_sync_package_loads_no_qt():
    code = (
        "import sys, kiosk.sync.service, kiosk.central.server, kiosk.cli.central, kiosk.sync.profile; "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)
