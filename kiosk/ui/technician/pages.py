"""The technician's 状态 and 上报 pages. Each page gets the Technician facade and shows its snapshot."""

from __future__ import annotations

import logging

from kiosk.ui import theme as th
from kiosk.ui.qt import QT_TRANSLATE_NOOP, QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget, translate
from kiosk.ui.technician import format as fmt
from kiosk.ui.technician.port import TechnicianPort
from kiosk.ui.technician.widgets import InfoRows, TextBox, size_buttons, tech_button, title_label
from kiosk.ui.widgets.labels import FitLabel

log = logging.getLogger(__name__)


class TechPage(QWidget):
    """A page of the technician screen: `show_snapshot` on entry and every 2 s; `enter` / `leave`."""

    title_text = ""  # a QT_TRANSLATE_NOOP("TechPages", …) source text
    wants_snapshot = True

    def __init__(self, technician: TechnicianPort):
        super().__init__()
        self.technician = technician
        self.title = title_label(translate("TechPages", self.title_text) if self.title_text else "")
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.addWidget(self.title)
        self.theme = th.Theme(1280, 800)

    def set_theme(self, theme: th.Theme) -> None:
        self.theme = theme
        self.title.set_theme(theme)
        self.lay.setSpacing(theme.px("gap"))
        for w in self.findChildren(TextBox) + self.findChildren(InfoRows):
            w.set_theme(theme)

    def show_snapshot(self, snap: dict) -> None:
        """Show the figures (called with a fresh snapshot)."""

    def enter(self) -> None:
        """The page was opened."""

    def leave(self) -> None:
        """The page was left (another page, or the technician screen closed)."""


class StatusPage(TechPage):
    """状态: device, version, evaluator, printer, queue, ratings by state, sync, clock offset."""

    title_text = QT_TRANSLATE_NOOP("TechPages", "设备状态")

    def __init__(self, technician: TechnicianPort):
        super().__init__(technician)
        self.rows = InfoRows()
        self.lay.addWidget(self.rows)
        self.lay.addStretch(1)

    def show_snapshot(self, snap: dict) -> None:
        self.rows.set_rows(fmt.status_rows(snap))


class SyncPage(TechPage):
    """上报: the sync state, 立即上报, the dead letters (case, error, attempts) and 全部重新上报."""

    title_text = QT_TRANSLATE_NOOP("TechPages", "上报")
    MAX_SHOWN = {False: 3, True: 6}  # dead letters listed in landscape / portrait

    def __init__(self, technician: TechnicianPort):
        super().__init__(technician)
        self.rows = InfoRows()
        self.sync_button = tech_button(translate("TechPages", "立即上报"), "primary")
        self.sync_button.clicked.connect(self.sync_now)
        self.retry_button = tech_button(translate("TechPages", "全部重新上报"), "fn")
        self.retry_button.clicked.connect(self.retry_all)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.retry_button)
        self.buttons = buttons
        self.result = TextBox("secondary", bold=True, max_lines=2, colour=th.OK_GREEN)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.rows)
        left.addLayout(buttons)
        left.addWidget(self.result)
        left.addStretch(1)
        self.left = left
        self.dead_title = FitLabel(translate("TechPages", "上报失败的记录"), "service", bold=True)
        self.dead_lines: list[tuple[TextBox, TextBox]] = []
        self.dead_more = TextBox("secondary", colour=th.SECONDARY, max_lines=1)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.dead_title)
        for _ in range(max(self.MAX_SHOWN.values())):
            head = TextBox("secondary", bold=True, max_lines=1)
            error = TextBox("secondary", max_lines=2, colour=th.ERROR)
            right.addWidget(head)
            right.addWidget(error)
            self.dead_lines.append((head, error))
        right.addWidget(self.dead_more)
        right.addStretch(1)
        self.right = right
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addLayout(left, 1)
        self.body.addLayout(right, 1)
        self.lay.addLayout(self.body, 1)
        self.dead: list[dict] = []

    def set_theme(self, theme: th.Theme) -> None:
        super().set_theme(theme)
        self.dead_title.set_theme(theme)
        size_buttons(theme, self.sync_button, self.retry_button)
        self.buttons.setSpacing(theme.px(12))
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if theme.portrait else QBoxLayout.Direction.LeftToRight)
        self.body.setStretch(0, 0 if theme.portrait else 1)  # portrait: the list right under the buttons
        self.body.setSpacing(theme.px("margin"))
        self.left.setSpacing(theme.px("gap"))
        self.right.setSpacing(theme.px(4))
        self._show_dead()

    def show_snapshot(self, snap: dict) -> None:
        sync = snap.get("sync") or {}
        self.dead = list(snap.get("dead_letters") or [])
        self.rows.set_rows(
            [
                (
                    translate("TechFormat", "上报状态"),
                    fmt.sync_state(snap),
                    sync.get("state") in fmt.SYNC_FAILING,
                ),
                (translate("TechFormat", "待上传"), fmt.count_text(snap.get("queue_depth")), False),
                (translate("TechFormat", "上报失败"), fmt.count_text(len(self.dead)), bool(self.dead)),
                (translate("TechFormat", "最近成功"), fmt.local_time(sync.get("last_success_utc")), False),
                (translate("TechFormat", "最近错误"), fmt.short(sync.get("last_error")), bool(sync.get("last_error"))),
            ]
        )
        self._show_dead()

    def _show_dead(self) -> None:
        shown = self.dead[: self.MAX_SHOWN[self.theme.portrait]]
        self.retry_button.setEnabled(bool(self.dead))
        n = len(self.dead)
        retry = translate("TechPages", "全部重新上报({n})").format(n=n) if n else translate("TechPages", "全部重新上报")
        self.retry_button.setText(retry)
        title = (
            translate("TechPages", "上报失败的记录:{n} 条").format(n=n)
            if n
            else translate("TechPages", "上报失败的记录:无")
        )
        self.dead_title.set_text(title)
        for i, (head, error) in enumerate(self.dead_lines):
            visible = i < len(shown)
            head.setVisible(visible)
            error.setVisible(visible)
            if visible:
                head.set_text(fmt.dead_letter_line(shown[i]))
                error.set_text(fmt.short(shown[i].get("last_error"), 120))
        more = len(self.dead) - len(shown)
        self.dead_more.set_text(
            translate("TechPages", "另有 {n} 条未列出(导出后可查看全部)").format(n=more) if more > 0 else ""
        )
        self.dead_more.setVisible(more > 0)

    def sync_now(self) -> None:
        try:
            started = self.technician.sync_now()
        except Exception as exc:  # shown, never raised into Qt
            log.exception("sync_now failed")
            self.result.set_text(translate("TechPages", "上报失败:{error}").format(error=exc), th.ERROR)
            return
        if started:
            self.result.set_text(translate("TechPages", "已开始上报,稍后刷新结果"), th.OK_GREEN)
        else:
            self.result.set_text(translate("TechPages", "未配置上报地址,无法上报"), th.ERROR)
        self.show_snapshot(self.technician.snapshot())

    def retry_all(self) -> None:
        try:
            count = self.technician.retry_dead()
        except Exception as exc:
            log.exception("retry_dead failed")
            self.result.set_text(translate("TechPages", "重新上报失败:{error}").format(error=exc), th.ERROR)
            return
        self.result.set_text(translate("TechPages", "已重新加入上报队列 {n} 条").format(n=count), th.OK_GREEN)
        self.show_snapshot(self.technician.snapshot())

    def leave(self) -> None:
        self.result.set_text("")
