"""The kiosk top-level window the setup wizard is shown in: a top bar and the wizard view. It is a top-level
window with a layout, as the on-screen keyboard (kiosk/ui/keyboard.py, `attach_keyboard(window)`) needs: the
one place it is attached is `SetupWindow.attach_keyboard`, called by kiosk/app/setup_run.py.

Choosing another language rebuilds the wizard at the same step (its texts are set when it is built), with
the values entered so far.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.ui import theme as th
from kiosk.ui.i18n import install_translator, installed_language
from kiosk.ui.qt import QApplication, QColor, QLayout, QPalette, QResizeEvent, QVBoxLayout, QWidget, translate
from kiosk.ui.settings import UiSettings
from kiosk.ui.setup.context import SetupContext
from kiosk.ui.setup.wizard import Finish, SetupWizard
from kiosk.ui.widgets.top_bar import TopBar


class SetupWindow(QWidget):
    def __init__(self, ctx: SetupContext, on_finish: Finish, *, width: int = 1280, height: int = 800):
        super().__init__()
        self.ctx = ctx
        self.on_finish = on_finish
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(th.PAGE_BG))
        pal.setColor(QPalette.ColorRole.WindowText, QColor(th.TEXT))
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        self.lay = QVBoxLayout(self)
        self.lay.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.setSpacing(0)
        self.top_bar: TopBar | None = None
        self.wizard: SetupWizard | None = None
        self.keyboard: object | None = None  # the on-screen keyboard, once attached
        self._theme: th.Theme | None = None
        self.resize(width, height)
        self.build(0)
        self._apply_theme(width, height)

    def build(self, start: int) -> None:
        """(Re)build the top bar and the wizard in the installed language, at step `start`."""
        for old in (self.top_bar, self.wizard):
            if old is not None:
                self.lay.removeWidget(old)
                old.hide()
                old.deleteLater()
        if self.wizard is not None:
            self.wizard.close_steps()
        self.ctx.forget_listeners()
        self.setWindowTitle(translate("Setup", "设备初始设置"))
        self.top_bar = TopBar(UiSettings(hall=translate("Setup", "设备初始设置"), counter=""))
        self.wizard = SetupWizard(self.ctx, on_finish=self.on_finish, on_language=self.change_language, start=start)
        self.lay.insertWidget(0, self.top_bar)
        self.lay.insertWidget(1, self.wizard, 1)
        if self._theme is not None:
            self.top_bar.set_theme(self._theme)
            self.wizard.set_theme(self._theme)

    def change_language(self, language: str) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication) or installed_language(app) == language:
            return
        install_translator(app, language)
        index = self.wizard.index if self.wizard is not None else 0
        self.build(index)

    def attach_keyboard(self, attach: Callable[[QWidget], object]) -> None:
        """THE place the on-screen Pinyin/English keyboard is attached: `attach` is kiosk.ui.keyboard's
        attach_keyboard, which shows it at the bottom of this window for every QLineEdit of the wizard (the
        fields of a rebuilt wizard too: it follows the focus) and moves the content up to keep the field clear."""
        self.keyboard = attach(self)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._apply_theme(event.size().width(), event.size().height())

    def _apply_theme(self, width: int, height: int) -> None:
        """Technicians get the normal sizes (elder mode is for citizens), as on the technician screens."""
        theme = th.Theme(width, height)
        if theme == self._theme:
            return
        self._theme = theme
        if self.top_bar is not None:
            self.top_bar.set_theme(theme)
        if self.wizard is not None:
            self.wizard.set_theme(theme)

    def close_setup(self) -> None:
        """The wizard ends: its tests stop and their ports are closed before this returns (the pad opens them
        next)."""
        if self.wizard is not None:
            self.wizard.close_steps()
        self.ctx.close(wait=True)
