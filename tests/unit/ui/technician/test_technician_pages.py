"""Technician pages in detail: export (files shown, errors in words), the snapshot's words, nothing clipped."""

from __future__ import annotations

import errno
import os

import pytest

from kiosk.app import export as app_export
from kiosk.demo.audit import clipped
from kiosk.demo.scenes import make_pad, settle, technician_scenes
from kiosk.demo.screenshots import panel_inches
from kiosk.demo.tech_samples import SAMPLE_SNAPSHOT
from kiosk.ui.technician import export as tech_export
from kiosk.ui.technician import format as fmt
from kiosk.ui.widgets.keys import KeyButton
from tests.unit.ui.technician.test_technician import click, sign_in
from tests.unit.ui.technician.test_technician import make_pad as make_kiosk_pad
from tests.unit.ui.test_layout_fit import ALL_LAYOUTS


@pytest.fixture
def pad(qapp, qtbot, tmp_path):
    kiosk, window, sim = make_kiosk_pad(qapp, qtbot, tmp_path)
    yield kiosk, window, sim
    window.timer.stop()
    window.close()
    kiosk.stop()


def export_page(window, qtbot):
    screen = sign_in(window, qtbot)
    click(qtbot, screen.menu_buttons["export"])
    return screen.pages["export"]


def test_export_to_the_data_directory_writes_and_lists_the_files(pad, qtbot):
    kiosk, window, _ = pad
    page = export_page(window, qtbot)
    assert page.data_dir.text() == f"数据目录:{kiosk.cfg.data_dir}/exports"
    click(qtbot, page.here)
    assert [p.name for p in page.files] == ["ratings.csv", "diagnostics.json"]
    assert all(p.is_file() and p.parent.parent == kiosk.cfg.data_dir / "exports" for p in page.files)
    lines = page.result.text().split("\n")
    assert lines[0] == f"已导出到 {page.files[0].parent}"
    assert lines[1].startswith("· ratings.csv(") and lines[2].startswith("· diagnostics.json(")


def test_export_to_another_directory(pad, qtbot, tmp_path):
    kiosk, window, _ = pad
    page = export_page(window, qtbot)
    stick = tmp_path / "usb"
    stick.mkdir()
    page.path.setText(str(stick))
    click(qtbot, page.there)
    assert page.files and all(p.parent.parent == stick and p.is_file() for p in page.files)
    assert str(stick) in page.result.text()


def test_a_stick_pulled_mid_export_is_said_and_leaves_nothing_half_written(pad, qtbot, tmp_path, monkeypatch):
    kiosk, window, _ = pad
    page = export_page(window, qtbot)
    stick = tmp_path / "usb"
    stick.mkdir()

    def pulled(fd, data):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(app_export.os, "write", pulled)
    page.path.setText(str(stick))
    click(qtbot, page.there)
    text = page.result.text()
    assert text.startswith("导出失败:写入 ") and "Input/output error" in text and "U 盘是否已被拔出" in text, text
    assert not page.files and list(stick.iterdir()) == []  # neither a half file nor an empty folder


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: str(tmp / "not-mounted"), "目录不存在:"),
        (lambda tmp: "media/usb", "请填写完整路径"),
        (lambda tmp: (tmp / "file.txt").write_text("x") and str(tmp / "file.txt"), "不是目录:"),
        (lambda tmp: "", "请先填写目录"),
    ],
)
def test_export_refuses_a_bad_directory_in_words(pad, qtbot, tmp_path, make, expected):
    kiosk, window, _ = pad
    page = export_page(window, qtbot)
    target = make(tmp_path)
    page.path.setText(target)
    click(qtbot, page.there)
    assert page.result.text().startswith(expected) and not page.files
    if target.endswith("not-mounted"):
        assert not (tmp_path / "not-mounted").exists()  # nothing created on the pad's own disk


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_export_refuses_a_read_only_directory(pad, qtbot, tmp_path):
    kiosk, window, _ = pad
    page = export_page(window, qtbot)
    stick = tmp_path / "ro"
    stick.mkdir()
    stick.chmod(0o500)
    try:
        page.path.setText(str(stick))
        click(qtbot, page.there)
        assert page.result.text().startswith(f"目录不可写:{stick}")
    finally:
        stick.chmod(0o700)


def test_export_failure_is_shown_not_raised(pad, qtbot, monkeypatch):
    kiosk, window, _ = pad
    page = export_page(window, qtbot)

    def broken(target=None):
        raise OSError(28, "No space left on device", "/var/lib/kiosk/exports")

    monkeypatch.setattr(kiosk.technician, "export", broken)
    click(qtbot, page.here)
    assert page.result.text() == "导出失败:No space left on device(/var/lib/kiosk/exports)"


def test_usb_sticks_are_offered(pad, qtbot, tmp_path, monkeypatch):
    kiosk, window, _ = pad
    media = tmp_path / "media"
    (media / "kiosk" / "USB-STICK").mkdir(parents=True)
    (media / "cdrom").mkdir()
    mounted = {str(media / "kiosk" / "USB-STICK")}
    monkeypatch.setattr(tech_export.os.path, "ismount", lambda p: str(p) in mounted)
    assert tech_export.usb_candidates((str(media), str(tmp_path / "none"))) == sorted(mounted)
    screen = sign_in(window, qtbot)
    page = screen.pages["export"]
    page.roots = (str(media),)
    click(qtbot, screen.menu_buttons["export"])
    assert page.sticks[0].isVisible() and not page.sticks[1].isVisible()
    assert page.path.text() == str(media / "kiosk" / "USB-STICK")


def test_a_failing_snapshot_is_said_on_the_screen(pad, qtbot, monkeypatch):
    kiosk, window, _ = pad
    screen = sign_in(window, qtbot)
    monkeypatch.setattr(kiosk.technician, "snapshot", lambda: 1 / 0)
    screen.refresh_snapshot()
    assert screen.error.isVisible() and screen.error.text().startswith("无法读取设备状态")


# --- words --------------------------------------------------------------------------------------------------


def test_words_for_the_snapshot():
    assert fmt.clock_offset(None) == ("未知(尚未连接中心)", False)
    assert fmt.clock_offset(59.9) == ("+59.9 秒", False)
    assert fmt.clock_offset(-61) == ("-61.0 秒 · 偏差过大,请校准时间", True)
    assert fmt.local_time("2026-11-23T01:58:12.000Z") == "2026-11-23 09:58:12"
    assert fmt.local_time(None) == "从未"
    assert fmt.ratings_line(SAMPLE_SNAPSHOT) == "共 1287 条 · 已上报 1280 · 待上报 5 · 上报失败 1 · 填写中 1"
    assert fmt.sync_state(SAMPLE_SNAPSHOT) == "上报失败,等待重试(42 秒后重试)"
    assert fmt.counters({"keys": 0, "retransmits": 0, "bad_acks": 3}) == "按键 0 · bad_acks 3"
    rows = {name: (value, warn) for name, value, warn in fmt.status_rows(SAMPLE_SNAPSHOT)}
    assert rows["时钟偏差"][1] and rows["最近错误"][1] and not rows["版本"][1]
    assert rows["设备"][0] == "PAD-03 · 窗口评价器 · 政务服务中心 · 3号窗口"
    assert rows["今日存疑"] == ("2 条 · 按键过快 2 · 连续相同 1", False)
    assert fmt.suspect_line({}) == "0 条"
    assert fmt.short("x" * 500).endswith("…") and len(fmt.short("x" * 500)) == fmt.MAX_ERROR_CHARS


# --- nothing clipped ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height", "elder"), ALL_LAYOUTS, ids=lambda v: str(v))
def test_nothing_is_clipped_on_the_technician_screens(app, tmp_path, width, height, elder):
    window, flow, clock, sink, store = make_pad(
        width, height, elder, tmp_path / "fit.sqlite", inches=panel_inches(width, height, False)
    )
    window.show()
    report, seen = [], []
    try:
        for scene, _ in technician_scenes(window, tmp_path):
            window.refresh()
            settle(app)
            seen.append(scene)
            assert window.size().toTuple() == (width, height), f"{scene}: the window grew"
            report += [f"{scene}: {p}" for p in clipped(window)]
            short_side = min(width, height)
            for b in window.current_screen.findChildren(KeyButton):
                if b.isVisibleTo(window):  # big enough for a finger (≈ 10 mm and more)
                    assert b.height() >= 0.075 * short_side and b.width() >= 0.12 * short_side, (scene, b.text())
    finally:
        window.close()
        window.deleteLater()
        settle(app)
        store.close()
    assert len(seen) == 9  # … tech-export-error, tech-stats, tech-stats-month
    assert not report, "\n".join(report)
