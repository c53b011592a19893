import pytest

from kiosk.core.staff import Staff
from kiosk.store.db import StorageError
from kiosk.store.roster import get_staff, list_staff, replace_roster

A = Staff("s1", "李明", "GH1002", "市场监管", "", 5)
B = Staff("s2", "王芳", "GH1001", "税务", "/photos/s2.png", 4)
C = Staff("s3", "赵六", "GH1003")


def test_replace_list_get(store):
    assert list_staff(store) == []
    assert replace_roster(store, [A, B]) == 2
    assert list_staff(store) == [B, A]  # ordered by pageCode
    assert get_staff(store, "s2") == B
    assert get_staff(store, "nobody") is None


def test_replace_is_whole_roster(store):
    replace_roster(store, [A, B])
    assert replace_roster(store, iter([C])) == 1
    assert list_staff(store) == [C]
    assert get_staff(store, "s1") is None
    assert replace_roster(store, []) == 0
    assert list_staff(store) == []


def test_roster_and_its_settings_change_together_or_not_at_all(store):
    replace_roster(store, [A], {"profile": "v1", "etag": "e1"})
    assert (list_staff(store), store.get_kv("profile"), store.get_kv("etag")) == ([A], "v1", "e1")
    with pytest.raises(StorageError, match="UNIQUE constraint failed"):
        replace_roster(store, [B, B], {"profile": "v2", "etag": "e2"})  # the same member twice
    assert (list_staff(store), store.get_kv("profile"), store.get_kv("etag")) == ([A], "v1", "e1")


def test_inactive_member_hidden(store):
    replace_roster(store, [A, B])
    store.conn.execute("UPDATE staff SET active = 0 WHERE staffId = 's1'")
    assert list_staff(store) == [B]
    assert get_staff(store, "s1") is None


def test_null_fields_read_back_as_defaults(store):
    store.conn.execute("INSERT INTO staff (staffId, name, pageCode) VALUES ('s9', '钱七', 'GH9')")
    assert get_staff(store, "s9") == Staff("s9", "钱七", "GH9", "", "", 5)
    store.conn.execute("UPDATE staff SET stars = NULL, dept = NULL WHERE staffId = 's9'")
    assert get_staff(store, "s9") == Staff("s9", "钱七", "GH9", "", "", 0)
