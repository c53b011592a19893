"""The status line at the bottom of the window: the evaluator, the upload and the printer when there is
something to say about them, and how many records wait for upload (kiosk.app.status.StatusLine)."""

from __future__ import annotations

from kiosk.app.status import EvaluatorStatus, PrinterStatus, StatusLine, SyncState
from kiosk.ui import theme as th
from kiosk.ui.qt import QT_TRANSLATE_NOOP, translate
from kiosk.ui.widgets.labels import FitLabel

SEPARATOR = " · "
EVALUATOR = {
    EvaluatorStatus.OFFLINE: QT_TRANSLATE_NOOP("Status", "评价器未连接"),
    EvaluatorStatus.ONLINE: QT_TRANSLATE_NOOP("Status", "评价器已连接"),
}
SYNC = {
    SyncState.AUTH_ERROR: QT_TRANSLATE_NOOP("Status", "上报认证失败"),
    SyncState.OFFLINE: QT_TRANSLATE_NOOP("Status", "上报中断"),
    SyncState.BACKOFF: QT_TRANSLATE_NOOP("Status", "上报中断"),
}
PRINTER = {
    PrinterStatus.PAPER_OUT: QT_TRANSLATE_NOOP("Status", "打印机缺纸"),
    PrinterStatus.OFFLINE: QT_TRANSLATE_NOOP("Status", "打印机离线"),
    PrinterStatus.ERROR: QT_TRANSLATE_NOOP("Status", "打印机故障"),
    PrinterStatus.NO_ANSWER: QT_TRANSLATE_NOOP("Status", "打印机无应答"),
    PrinterStatus.UNCHECKED: QT_TRANSLATE_NOOP("Status", "打印机未查询状态"),
}


def status_words(line: StatusLine) -> list[str]:
    """The status line's parts in the interface language, in the order they are shown."""
    shown = (EVALUATOR.get(line.evaluator), SYNC.get(line.sync), PRINTER.get(line.printer))
    words = [translate("Status", text) for text in shown if text is not None]
    words.append(translate("Status", "待上传 {n} 条").format(n=line.outbox_depth))
    return words


def status_text(line: StatusLine) -> str:
    """The status line as the window shows it (also systemd's STATUS=)."""
    return SEPARATOR.join(status_words(line))


class StatusBar(FitLabel):
    def __init__(self) -> None:
        super().__init__("", "status", colour=th.STATUS_TEXT)

    def show_status(self, line: StatusLine) -> None:
        self.set_text(status_text(line))
