"""The technician screen: a menu (状态, 上报, 评价器测试, 导出, 设置, 统计, 退出) and the chosen page.

Landscape: the menu is a column on the left; portrait: two rows on top (one row would make seven buttons
too narrow for a finger). It is not one of the flow's screens:
the technician overlay puts it over them and takes it away again (退出, 120 s idle, an invitation).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.ui import theme as th
from kiosk.ui.qt import (
    QT_TRANSLATE_NOOP,
    QBoxLayout,
    QGridLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    translate,
)
from kiosk.ui.technician.device_test import DeviceTestPage
from kiosk.ui.technician.export import USB_ROOTS, ExportPage
from kiosk.ui.technician.pages import StatusPage, SyncPage, TechPage
from kiosk.ui.technician.port import TechnicianPort
from kiosk.ui.technician.settings import SettingsPage
from kiosk.ui.technician.stats_page import StatsPage
from kiosk.ui.technician.widgets import TextBox, size_buttons, tech_button
from kiosk.ui.widgets.labels import FitLabel, clear_grid

log = logging.getLogger(__name__)

MENU = (
    ("status", QT_TRANSLATE_NOOP("Technician", "状态")),
    ("sync", QT_TRANSLATE_NOOP("Technician", "上报")),
    ("device", QT_TRANSLATE_NOOP("Technician", "评价器测试")),
    ("export", QT_TRANSLATE_NOOP("Technician", "导出")),
    ("settings", QT_TRANSLATE_NOOP("Technician", "设置")),
    ("stats", QT_TRANSLATE_NOOP("Technician", "统计")),
)


class TechnicianScreen(QWidget):
    def __init__(
        self,
        technician: TechnicianPort,
        *,
        on_exit: Callable[[], object],
        on_activity: Callable[[], object] | None = None,
        usb_roots: tuple[str, ...] = USB_ROOTS,
    ):
        super().__init__()
        self.technician = technician
        self.on_exit = on_exit
        self.device_page = DeviceTestPage(technician, on_activity)
        self.export_page = ExportPage(technician, usb_roots)
        self.settings_page = SettingsPage(technician)
        self.pages: dict[str, TechPage] = {
            "status": StatusPage(technician),
            "sync": SyncPage(technician),
            "device": self.device_page,
            "export": self.export_page,
            "settings": self.settings_page,
            "stats": StatsPage(technician),
        }
        self.heading = FitLabel(
            translate("Technician", "技术维护"), "service", bold=True, colour=th.SECONDARY, parent=self
        )
        self.menu_buttons = {key: tech_button(translate("Technician", label)) for key, label in MENU}
        for key, b in self.menu_buttons.items():
            b.clicked.connect(lambda _=False, key=key: self.show_page(key))
        self.exit_button = tech_button(translate("Technician", "退出"), "secondary")
        self.exit_button.clicked.connect(lambda: self.on_exit())
        self.menu = QGridLayout()
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.error = TextBox("secondary", bold=True, max_lines=2, colour=th.ERROR)
        self.error.setVisible(False)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.error)
        right.addWidget(self.stack, 1)
        self.right = right
        self.root = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.root.addLayout(self.menu)
        self.root.addLayout(right, 1)
        self.current = "status"
        self.theme = th.Theme(1280, 800)

    # --- layout ---------------------------------------------------------------------------------------

    def set_theme(self, theme: th.Theme) -> None:
        self.theme = theme
        m, gap = theme.px("margin"), theme.px("gap")
        self.heading.set_theme(theme)
        self.error.set_theme(theme)
        buttons = [*self.menu_buttons.values(), self.exit_button]
        size_buttons(theme, *buttons)
        menu = self.menu
        clear_grid(menu)
        if theme.portrait:  # two rows of equal buttons on a 12-column grid: 4 on top, 3 below
            self.root.setDirection(QBoxLayout.Direction.TopToBottom)
            self.heading.setVisible(False)
            half = (len(buttons) + 1) // 2
            for row, chunk in enumerate((buttons[:half], buttons[half:])):
                span = 12 // len(chunk)
                for i, b in enumerate(chunk):
                    b.setMinimumWidth(0)
                    b.setMaximumWidth(16777215)
                    menu.addWidget(b, row, i * span, 1, span)
            for c in range(12):
                menu.setColumnStretch(c, 1)
        else:
            self.root.setDirection(QBoxLayout.Direction.LeftToRight)
            menu.addWidget(self.heading, 0, 0)
            self.heading.setVisible(True)
            for row, b in enumerate(self.menu_buttons.values(), start=1):
                b.setFixedWidth(theme.px(200))
                menu.addWidget(b, row, 0)
            stretch = len(self.menu_buttons) + 1
            menu.setRowStretch(stretch, 1)
            self.exit_button.setFixedWidth(theme.px(200))
            menu.addWidget(self.exit_button, stretch + 1, 0)
        menu.setSpacing(theme.px(12))
        self.root.setContentsMargins(m, m, m, m)
        self.root.setSpacing(m)
        self.right.setSpacing(gap)
        for page in self.pages.values():
            page.set_theme(theme)
        self._style_menu()

    def _style_menu(self) -> None:
        for key, b in self.menu_buttons.items():
            b.kind = "primary" if key == self.current else "fn"
            b.update()

    # --- pages ------------------------------------------------------------------------------------------

    @property
    def page(self) -> TechPage:
        return self.pages[self.current]

    def open(self) -> None:
        """Shown after the PIN: the status page."""
        self.show_page("status")

    def show_page(self, key: str) -> None:
        if key != self.current:
            self.page.leave()
        self.current = key
        self.stack.setCurrentWidget(self.page)
        self._style_menu()
        self.page.enter()
        self.refresh_snapshot()

    def refresh_snapshot(self) -> None:
        """Give the current page a fresh snapshot (on opening it, and every 2 s while shown)."""
        page = self.page
        if not page.wants_snapshot:
            return
        try:
            snap = self.technician.snapshot()
        except Exception as exc:  # e.g. the store is gone: said on the screen
            log.exception("technician snapshot failed")
            self.error.set_text(translate("Technician", "无法读取设备状态:{error}").format(error=exc))
            self.error.setVisible(True)
            return
        self.error.setVisible(False)
        page.show_snapshot(snap)

    def close_pages(self, *, quiet: bool = False) -> None:
        """The screen goes away: a running device test stops (`quiet`: without idling the device)."""
        self.device_page.stop(quiet=quiet)
        self.page.leave()
