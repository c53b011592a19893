"""The status line's words: the evaluator, the upload and the printer when there is something to say, then
how many records wait for upload."""

from __future__ import annotations

import pytest

from kiosk.app.status import EvaluatorStatus, PrinterStatus, StatusLine, SyncState
from kiosk.ui.widgets.status_bar import StatusBar, status_words


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (StatusLine(), ["待上传 0 条"]),
        (StatusLine(EvaluatorStatus.OFFLINE, outbox_depth=3), ["评价器未连接", "待上传 3 条"]),
        (StatusLine(EvaluatorStatus.ONLINE, PrinterStatus.OK, SyncState.IDLE, 1), ["评价器已连接", "待上传 1 条"]),
        (StatusLine(sync=SyncState.DRAINING, printer=PrinterStatus.UNKNOWN), ["待上传 0 条"]),
        (StatusLine(sync=SyncState.AUTH_ERROR), ["上报认证失败", "待上传 0 条"]),
        (StatusLine(sync=SyncState.OFFLINE), ["上报中断", "待上传 0 条"]),
        (StatusLine(sync=SyncState.BACKOFF), ["上报中断", "待上传 0 条"]),
        (StatusLine(printer=PrinterStatus.PAPER_OUT), ["打印机缺纸", "待上传 0 条"]),
        (StatusLine(printer=PrinterStatus.OFFLINE), ["打印机离线", "待上传 0 条"]),
        (
            StatusLine(EvaluatorStatus.OFFLINE, PrinterStatus.ERROR, SyncState.BACKOFF, 12),
            ["评价器未连接", "上报中断", "打印机故障", "待上传 12 条"],
        ),
    ],
)
def test_status_words(app, line, words):
    assert status_words(line) == words


def test_the_bar_joins_them(app):
    bar = StatusBar()
    bar.show_status(StatusLine(EvaluatorStatus.ONLINE, PrinterStatus.PAPER_OUT, SyncState.AUTH_ERROR, 5))
    assert bar.full_text() == "评价器已连接 · 上报认证失败 · 打印机缺纸 · 待上传 5 条"
