"""The technician's 导出 page: the masked ratings CSV and the diagnostics JSON, to the data directory or to
another directory (a USB stick's mount point: typed, or one of the sticks found under /media, /run/media,
/mnt). Shows the files written, or why it failed, in plain words."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from kiosk.app.export import ExportError
from kiosk.ui import theme as th
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QHBoxLayout, QLineEdit, translate
from kiosk.ui.technician.pages import TechPage
from kiosk.ui.technician.port import TechnicianPort
from kiosk.ui.technician.widgets import TextBox, size_buttons, tech_button
from kiosk.ui.widgets.labels import FitLabel

log = logging.getLogger(__name__)

USB_ROOTS = ("/media", "/run/media", "/mnt")
MAX_STICKS = 3


def usb_candidates(roots: tuple[str, ...] = USB_ROOTS, limit: int = MAX_STICKS) -> list[str]:
    """Writable mount points that look like USB sticks (/media/x, /media/user/x, /run/media/user/x, /mnt/x)."""
    found: list[str] = []
    for root in roots:
        try:
            level1 = sorted(p for p in Path(root).iterdir() if p.is_dir())
        except OSError:
            continue
        for p in level1:
            try:
                inner = sorted(q for q in p.iterdir() if q.is_dir() and os.path.ismount(q))
            except OSError:
                inner = []
            for q in [p, *inner] if os.path.ismount(p) else inner:
                if os.access(q, os.W_OK) and str(q) not in found:
                    found.append(str(q))
    return found[:limit]


def check_target(text: str) -> str | None:
    """Why directory `text` cannot take an export (None: it can). Nothing is created: a missing mount point
    must not become a folder on the pad's own disk."""
    path = Path(text)
    if not path.is_absolute():
        return translate("TechExport", "请填写完整路径(以 / 开头):{path}").format(path=text)
    if not path.exists():
        return translate("TechExport", "目录不存在:{path}(U 盘是否已插好并挂载?)").format(path=text)
    if not path.is_dir():
        return translate("TechExport", "不是目录:{path}").format(path=text)
    if not os.access(path, os.W_OK | os.X_OK):
        return translate("TechExport", "目录不可写:{path}(U 盘是否写保护?)").format(path=text)
    return None


def size_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return "?"
    return translate("TechExport", "{n} 字节").format(n=size) if size < 10_000 else f"{size // 1024} KB"


class ExportPage(TechPage):
    title_text = QT_TRANSLATE_NOOP("TechPages", "导出")

    def __init__(self, technician: TechnicianPort, roots: tuple[str, ...] = USB_ROOTS):
        super().__init__(technician)
        self.roots = roots
        self.about = TextBox("secondary", max_lines=2, colour=th.SECONDARY)
        self.about.set_text(
            translate("TechExport", "评价记录(姓名、证件号、手机号已脱敏)和诊断信息,各导出一个文件(CSV、JSON)")
        )
        self.here = tech_button(translate("TechExport", "导出到数据目录"), "primary")
        self.here.clicked.connect(lambda: self.export(None))
        self.data_dir = TextBox("secondary", max_lines=2, colour=th.SECONDARY)
        self.other_label = FitLabel(translate("TechExport", "其他目录(如 U 盘):"), "service", bold=True)
        self.path = QLineEdit()
        self.path.setPlaceholderText("/media/usb")
        self.path.returnPressed.connect(self.export_other)
        self.there = tech_button(translate("TechExport", "导出到此目录"), "fn")
        self.there.clicked.connect(self.export_other)
        row = QHBoxLayout()
        row.addWidget(self.path, 3)
        row.addWidget(self.there, 2)
        self.path_row = row
        self.sticks = [tech_button("", "fn") for _ in range(MAX_STICKS)]
        stick_row = QHBoxLayout()
        for b in self.sticks:
            b.clicked.connect(lambda _=False, b=b: self.path.setText(b.accessibleName()))
            stick_row.addWidget(b)
            b.setVisible(False)
        self.stick_row = stick_row
        self.result = TextBox("secondary", max_lines=6)
        for w in (self.about, self.here, self.data_dir, self.other_label):
            self.lay.addWidget(w)
        self.lay.addLayout(row)
        self.lay.addLayout(stick_row)
        self.lay.addWidget(self.result)
        self.lay.addStretch(1)
        self.files: list[Path] = []
        self.error = ""

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        self.other_label.set_theme(theme)
        size_buttons(theme, self.here, self.there, *self.sticks)
        self.path.setFont(theme.font("service"))
        self.path.setFixedHeight(theme.px("chip_h"))
        self.path.setStyleSheet(th.line_edit_style(theme, radius=10))
        self.path_row.setSpacing(theme.px(12))
        self.stick_row.setSpacing(theme.px(12))

    def show_snapshot(self, snap: dict) -> None:
        if snap.get("data_dir"):
            self.data_dir.set_text(
                translate("TechExport", "数据目录:{path}").format(path=Path(snap["data_dir"]) / "exports")
            )

    def enter(self) -> None:
        found = usb_candidates(self.roots)
        for i, b in enumerate(self.sticks):
            b.setVisible(i < len(found))
            if i < len(found):
                b.setText(translate("TechExport", "U 盘 {path}").format(path=found[i]))
                b.setAccessibleName(found[i])
        if found and not self.path.text():
            self.path.setText(found[0])

    def leave(self) -> None:
        self.result.set_text("")

    def export_other(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.show_error(translate("TechExport", "请先填写目录,例如 /media/usb"))
            return
        problem = check_target(text)
        if problem:
            self.show_error(problem)
            return
        self.export(text)

    def export(self, target: str | None) -> None:
        self.result.set_text(translate("TechExport", "正在导出…"), th.SECONDARY)
        self.result.repaint()
        try:
            files = self.technician.export(target)
        except FileExistsError:
            self.show_error(translate("TechExport", "同名导出已存在,请一秒后再试"))
            return
        except ExportError as exc:  # a write failed half-way: no half file was left
            log.warning("export to %s failed: %s", target or "data dir", exc)
            text = translate("TechExport", "导出失败:写入 {path} 时出错({error}),未留下不完整的文件").format(
                path=exc.filename, error=exc.cause
            )
            if exc.pulled:
                text += translate("TechExport", "。U 盘是否已被拔出?请插好后重试")
            self.show_error(text)
            return
        except OSError as exc:
            log.warning("export to %s failed: %s", target or "data dir", exc)
            reason = exc.strerror or str(exc)
            reason += f"({exc.filename})" if exc.filename else ""
            self.show_error(translate("TechExport", "导出失败:{error}").format(error=reason))
            return
        except Exception as exc:  # the database, a bug: said on the page, never raised into Qt
            log.exception("export failed")
            self.show_error(translate("TechExport", "导出失败:{error}").format(error=exc))
            return
        self.files = list(files)
        self.error = ""
        where = self.files[0].parent if self.files else target
        lines = [translate("TechExport", "已导出到 {path}").format(path=where)]
        lines += [f"· {p.name}({size_text(p)})" for p in self.files]
        self.result.set_text("\n".join(lines), th.OK_GREEN)

    def show_error(self, text: str) -> None:
        self.files = []
        self.error = text
        self.result.set_text(text, th.ERROR)
