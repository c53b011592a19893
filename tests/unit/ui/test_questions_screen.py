"""The questionnaire screen on a real flow and store: 是 / 否 by touch, phrases into the text, 跳过, 提交,
the rows follow each rating's questions."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent

from kiosk.core.flow.machine import Screen
from kiosk.core.questions import NO, YES, QuestionSets
from kiosk.demo.samples import sample_case
from kiosk.ui.qt import QApplication, QLineEdit, Qt
from kiosk.ui.screens.questions import TextBlock, YesNoRow

PROFILE = {
    "questions": {
        "enabled": True,
        "byTaskCode": {
            sample_case(1).taskCode: [{"code": "onetime", "text": "是否一次办成"}],
        },
    }
}


def to_questions(flow, case):
    flow.set_questions(QuestionSets.from_profile(PROFILE))
    flow.invite(case)
    flow.press(5)
    assert flow.submit()
    assert flow.state.screen is Screen.QUESTIONS


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_touch_answers_and_submit(window, flow, store, qtbot):
    to_questions(flow, sample_case(0))
    screen = window.current_screen
    rows = screen.rows
    assert [type(r) for r in rows] == [YesNoRow] * 4 + [TextBlock]
    assert [r.label.text() for r in rows][:2] == ["服务指引是否清晰", "办事程序是否便利"]
    click(qtbot, rows[0].chips[YES])
    click(qtbot, rows[1].chips[NO])
    click(qtbot, rows[1].chips[YES])  # changed
    click(qtbot, rows[2].chips[NO])
    click(qtbot, rows[2].chips[NO])  # a second tap takes it back
    assert rows[0].chips[YES].isChecked() and not rows[0].chips[NO].isChecked()
    assert not rows[2].chips[NO].isChecked()
    text = rows[4]
    click(qtbot, text.phrases[1])
    click(qtbot, text.phrases[2])
    assert text.editor.isVisible() and text.editor.text() == "希望缩短等候时间;希望简化办事材料"
    click(qtbot, text.phrases[1])
    assert flow.state.answers == (("guide", YES), ("procedure", YES), ("suggestion", "希望简化办事材料"))
    text.editor.setFocus()
    text.editor.end(False)
    commit = QInputMethodEvent()
    commit.setCommitString("和表格")  # what an input method (Pinyin) hands the field
    QApplication.sendEvent(text.editor, commit)
    ev_id = flow.state.evaluation.id
    click(qtbot, screen.submit)
    assert flow.state.screen is Screen.THANKS
    row = store.get_evaluation(ev_id)
    assert row["sync_state"] == "pending" and '"answer": "希望简化办事材料和表格"' in row["questionAnswers"]


def test_skip_and_a_next_rating_with_other_questions(window, flow, store, qtbot, clock):
    to_questions(flow, sample_case(0))
    screen = window.current_screen
    click(qtbot, screen.rows[0].chips[NO])
    ev_id = flow.state.evaluation.id
    click(qtbot, screen.skip)
    assert flow.state.screen is Screen.THANKS and store.get_evaluation(ev_id)["questionAnswers"] == ""
    clock.advance(flow.settings.thanks_s)
    flow.tick()
    to_questions(flow, sample_case(1))  # its matter asks one question
    assert [r.label.text() for r in screen.rows] == ["是否一次办成"]
    assert not screen.findChildren(QLineEdit) or all(not e.isVisible() for e in screen.findChildren(QLineEdit))
    assert not screen.rows[0].chips[NO].isChecked()  # nothing carried over from the last citizen
