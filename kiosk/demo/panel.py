"""A small "business system" window for the demo: pick a sample case, send the invitation, sign staff in/out.

Clearly a demo tool (its title says so); it only calls the callbacks the app hands it.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence

from kiosk.core.privacy import mask_name
from kiosk.core.staff import Staff
from kiosk.demo.samples import SAMPLE_SERVICES, SAMPLE_STAFF
from kiosk.ui import theme as th
from kiosk.ui.font import font
from kiosk.ui.qt import QComboBox, QGridLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget, translate

log = logging.getLogger(__name__)


class DemoPanel(QWidget):
    """Callbacks: send_invitation(service_dict), sign_in(staff), sign_out(), set_status("on_duty"|"paused"|"away").

    Each sent case gets a fresh projectNo (the sample's number with a running suffix) so the demo can
    invite again and again. A callback's exception is shown in the panel, never raised into Qt.
    """

    def __init__(
        self,
        send_invitation: Callable[[dict], object],
        *,
        sign_in: Callable[[Staff], object] | None = None,
        sign_out: Callable[[], object] | None = None,
        set_status: Callable[[str], object] | None = None,
        services: Sequence[dict] = SAMPLE_SERVICES,
        staff: Sequence[Staff] = SAMPLE_STAFF,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(translate("Demo", "演示 · 业务系统(模拟)"))
        self.setWindowFlag(Qt.WindowType.Tool, True)
        self._send = send_invitation
        self._sign_in = sign_in
        self._sign_out = sign_out
        self._set_status = set_status
        self.services = list(services)
        self.staff = list(staff)
        self._seq = itertools.count(1)
        self.setFont(font(16))

        banner = QLabel(translate("Demo", "演示工具 · 模拟业务系统"))
        banner.setStyleSheet(f"background: #FFF3CD; color: {th.TEXT}; padding: 6px; font-weight: bold;")
        self.case = QComboBox()
        for svc in self.services:
            self.case.addItem(f"{svc['taskName']} · {mask_name(svc.get('userName', ''))}")
        self.invite_button = QPushButton(translate("Demo", "发送评价邀请"))
        self.invite_button.clicked.connect(self.send_selected)
        self.who = QComboBox()
        for person in self.staff:
            self.who.addItem(translate("Demo", "{name}(工号 {code})").format(name=person.name, code=person.pageCode))
        self.sign_in_button = QPushButton(translate("Demo", "签到"))
        self.sign_in_button.clicked.connect(self._do_sign_in)
        self.sign_out_button = QPushButton(translate("Demo", "签退"))
        self.sign_out_button.clicked.connect(lambda: self._call(translate("Demo", "签退"), self._sign_out))
        self.status_buttons = {}
        for key, text in (
            ("on_duty", translate("Demo", "在岗")),
            ("paused", translate("Demo", "暂停")),
            ("away", translate("Demo", "离开")),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=key, t=text: self._call(t, self._set_status, k))
            self.status_buttons[key] = button
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setStyleSheet(f"color: {th.SECONDARY};")

        grid = QGridLayout()
        grid.addWidget(QLabel(translate("Demo", "办件")), 0, 0)
        grid.addWidget(self.case, 0, 1, 1, 3)
        grid.addWidget(self.invite_button, 1, 1, 1, 3)
        grid.addWidget(QLabel(translate("Demo", "工作人员")), 2, 0)
        grid.addWidget(self.who, 2, 1, 1, 3)
        grid.addWidget(self.sign_in_button, 3, 1)
        grid.addWidget(self.sign_out_button, 3, 2, 1, 2)
        for col, button in enumerate(self.status_buttons.values(), start=1):
            grid.addWidget(button, 4, col)
        lay = QVBoxLayout(self)
        lay.addWidget(banner)
        lay.addLayout(grid)
        lay.addWidget(self.result)
        lay.addStretch(1)
        self.sign_in_button.setEnabled(sign_in is not None)
        self.sign_out_button.setEnabled(sign_out is not None)
        for button in self.status_buttons.values():
            button.setEnabled(set_status is not None)
        self.resize(420, 300)

    def next_service(self, index: int | None = None) -> dict:
        """The chosen sample case with a fresh projectNo."""
        svc = dict(self.services[self.case.currentIndex() if index is None else index])
        svc["projectNo"] = f"{svc['projectNo']}-{next(self._seq):03d}"
        return svc

    def send_selected(self) -> None:
        svc = self.next_service()
        sent = translate("Demo", "已发送邀请 {task} · {number}").format(task=svc["taskName"], number=svc["projectNo"])
        self._call(sent, self._send, svc)

    def _do_sign_in(self) -> None:
        if self.staff:
            person = self.staff[self.who.currentIndex()]
            self._call(translate("Demo", "{name} 已签到").format(name=person.name), self._sign_in, person)

    def _call(self, done: str, fn: Callable | None, *args: object) -> None:
        if fn is None:
            return
        try:
            fn(*args)
        except Exception as exc:  # a demo tool: show what went wrong, keep running
            log.warning("demo action failed: %s", exc)
            self.result.setText(translate("Demo", "失败:{error}").format(error=exc))
            return
        self.result.setText(done)
