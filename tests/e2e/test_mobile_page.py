"""Rate later end to end: the QR codes the pad shows (thanks, expired) and a raster-mode receipt prints are read
back by zbar, verify, and lead a real headless Chromium at phone size to the central's rating page, where a
level and a reason are tapped and the rating lands in the central as pf 3. Screenshots of the page (rated,
already rated, expired, forged) are written to the test's tmp_path (printed) for a look.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.central.mobile import rating_template
from kiosk.central.server import CentralEmulator
from kiosk.core.flow.state import Screen
from kiosk.core.model import Case
from kiosk.core.qrlink import RatingLink, build_url, parse_url
from kiosk.core.timefmt import SHANGHAI, FakeClock, assess_time
from kiosk.demo.samples import SAMPLE_STAFF
from kiosk.devices.printer import escpos
from kiosk.devices.printer.driver import SerialPrinter
from kiosk.ui.font import install_app_font
from kiosk.ui.qt import Qt
from kiosk.ui.settings import UiSettings
from kiosk.ui.window import PadWindow
from tests.helpers.browser import phone
from tests.helpers.qr import decode_gray, decode_qimage, raster_gray, write_pgm, zbar_or_skip
from tests.helpers.wait import wait_for
from tests.unit.devices.test_printer import fake_printer, pty_pair  # noqa: F401 - the pty printer fixture
from tests.unit.devices.test_printer import receipt as make_receipt
from tests.unit.sync.helpers import MARK, SECRET, central_evaluations

QR_SECRET = "hall-qr-secret"


@pytest.fixture
def emu(tmp_path):
    with CentralEmulator(tmp_path / "central.db", MARK, SECRET, qr_secret=QR_SECRET) as e:
        yield e


@pytest.fixture
def pad(qapp, qtbot, tmp_path, emu):
    install_app_font(qapp)
    overrides = {
        "device": {"id": "PAD-03", "hall": "政务服务中心", "counter": "3号窗口"},
        "evaluator": {"driver": "none"},
        "qr": {"url_template": rating_template(emu.url), "secret": QR_SECRET},
        "flow": {"invite_timeout_s": 5},
        "central": {"url": emu.url, "app_mark": MARK, "app_secret": SECRET, "interval_seconds": 3600},
    }
    cfg = config.load(None, tmp_path / "pad", overrides)
    clock = FakeClock(datetime.now(SHANGHAI))  # the wall clock (links are checked against the central's), held still
    kiosk = Kiosk(cfg, clock=clock)
    lock = threading.Lock()

    def post(fn):  # sync's reports, one at a time (the GUI thread would run them)
        with lock:
            fn()

    kiosk.attach_sync(post)
    kiosk.attach_peripherals(post)
    window = PadWindow(kiosk.flow, UiSettings(width=1280, height=800, hall="政务服务中心", counter="3号窗口"))
    qtbot.addWidget(window)
    window.timer.stop()
    window.set_actions(qr_url=kiosk.peripherals.qr_url)
    window.show()
    qtbot.waitExposed(window)
    kiosk.flow.sign_in(SAMPLE_STAFF[0])
    yield window, kiosk, clock
    kiosk.stop()


def _case(emu, number: str, status: int = 2, *, push: bool = True) -> Case:
    """A case as the business system hands it to the pad (and, with `push`, as the central has it)."""
    case = Case(
        number,
        taskName="社会保障卡挂失",
        proStatus=status,
        userName="张小三",
        proDepart="市人社局",
        handleUserPageCode=SAMPLE_STAFF[0].pageCode,
        serviceTime=assess_time(datetime.now(UTC)),
    )
    if push:
        assert emu.db.store_services([case.to_dict()], "PAD-03")[0]["status"] == "accepted"
    return case


def _deliver(kiosk, emu, number: str, ratings: int) -> None:
    """The pad's own sync takes the case (and its ratings) to the central, as in the hall."""
    kiosk.sync.start()
    kiosk.sync.drain_now()
    assert wait_for(lambda: len(emu.db.assess_numbers(number)) == ratings and emu.db.get_case(number), timeout=15)


def _grab_qr(qapp, window, path) -> list[str]:
    qapp.processEvents()
    image = window.grab().toImage()
    assert image.save(str(path))
    return decode_qimage(image)


def _expired_screen_link(qapp, window, kiosk, clock, emu, tmp_path, number="P-EXPIRED-1", push=True) -> str:
    kiosk.flow.invite(_case(emu, number, push=push))
    clock.advance(kiosk.cfg.flow.invite_timeout_s)
    kiosk.flow.tick()
    assert kiosk.flow.state.screen is Screen.EXPIRED
    window.refresh()
    codes = _grab_qr(qapp, window, tmp_path / "pad-expired.png")
    assert len(codes) == 1, "zbar found no single QR on the expired screen"
    return codes[0]


def test_thanks_and_expired_screens_qr_decode_and_verify(qapp, qtbot, pad, emu, tmp_path):
    zbar_or_skip()
    window, kiosk, clock = pad
    cfg = kiosk.cfg
    kiosk.flow.invite(_case(emu, "P-THANKS-1"))
    qtbot.mouseClick(window.screens[Screen.INVITED].buttons[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.screens[Screen.DETAILS].submit, Qt.MouseButton.LeftButton)
    assert kiosk.flow.state.screen is Screen.THANKS
    shown = window.screens[Screen.THANKS].qr_view.data()
    assert shown, "the thanks screen offers no QR"
    codes = _grab_qr(qapp, window, tmp_path / "pad-thanks.png")
    assert codes == [shown]
    link = parse_url(codes[0], cfg.qr.secret, cfg.qr.url_template, cfg.qr.encoding)
    assert (link.projectNo, link.deviceId, link.pf) == ("P-THANKS-1", "PAD-03", 3)
    clock.advance(60)
    kiosk.flow.tick()

    url = _expired_screen_link(qapp, window, kiosk, clock, emu, tmp_path)
    link = parse_url(url, cfg.qr.secret, cfg.qr.url_template, cfg.qr.encoding)
    assert link.projectNo == "P-EXPIRED-1" and link.ts == int(clock.now().timestamp())
    print(f"\npad screens with their QR codes: {tmp_path}")


@pytest.mark.parametrize("encoding", ["plain", "base64x2"])
def test_raster_receipt_qr_decodes_and_verifies(pty_pair, emu, tmp_path, encoding):  # noqa: F811
    master, path = pty_pair
    template = rating_template(emu.url, encoding=encoding)
    url = build_url(RatingLink("PAD-03", 3, "P-001", int(time.time())), QR_SECRET, template, encoding)
    stop, sink = threading.Event(), bytearray()
    t = fake_printer(master, 0x12, stop, sink)
    printer = SerialPrinter(path, native_qr=False).start()
    try:
        printer.print_receipt(make_receipt(url))
        assert wait_for(lambda: escpos.CUT in sink, timeout=10)
    finally:
        printer.stop()
        stop.set()
        t.join()
    doc = escpos.decode(bytes(sink))
    assert doc.qr == [] and len(doc.bitmaps) == 1
    (width, height), bits = doc.rasters[0], doc.bitmaps[0]
    gray, w, h = raster_gray(width, height, bits)
    write_pgm(tmp_path / f"receipt-{encoding}.pgm", gray, w, h)
    assert decode_gray(gray, w, h) == [url]
    assert parse_url(url, QR_SECRET, template, encoding).projectNo == "P-001"


def _shot(driver, tmp_path, name: str):
    path = tmp_path / f"mobile-{name}.png"
    assert driver.save_screenshot(str(path))
    return path


def test_phone_rates_from_the_expired_screens_qr(qapp, pad, emu, tmp_path):
    zbar_or_skip()
    window, kiosk, clock = pad
    url = _expired_screen_link(qapp, window, kiosk, clock, emu, tmp_path, "P-PHONE-1", push=False)
    with phone() as driver:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.wait import WebDriverWait

        driver.get(url)  # scanned before the pad delivered the case: a page asking to retry
        assert driver.find_element(By.ID, "notice").get_attribute("data-outcome") == "unknown"
        _shot(driver, tmp_path, "not-yet-delivered")
        _deliver(kiosk, emu, "P-PHONE-1", 0)

        driver.get(url)
        assert driver.execute_script("return [window.innerWidth, window.innerHeight]") == [390, 844]
        assert driver.find_element(By.ID, "task").text == "社会保障卡挂失"
        assert driver.find_element(By.ID, "applicant").text == "张*三"
        assert len(driver.find_elements(By.CSS_SELECTOR, "label.face")) == 5
        _shot(driver, tmp_path, "form")
        assert not driver.find_element(By.CSS_SELECTOR, ".rs.r2").is_displayed()
        driver.find_element(By.CSS_SELECTOR, "label.face.f2").click()  # tap 不满意
        reasons = driver.find_element(By.CSS_SELECTOR, ".rs.r2")
        assert reasons.is_displayed() and not driver.find_element(By.CSS_SELECTOR, ".rs.r5").is_displayed()
        chip = reasons.find_elements(By.CSS_SELECTOR, "label.chip")[1]  # 没有提供材料清单 (208)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", chip)
        chip.click()
        driver.find_element(By.ID, "writing").send_keys("材料清单没有提前告知")
        _shot(driver, tmp_path, "form-chosen")
        submit = driver.find_element(By.ID, "submit")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)
        submit.click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "notice") or d.find_elements(By.ID, "error"))
        assert driver.find_element(By.ID, "notice").get_attribute("data-outcome") == "rated"
        assert "评价成功" in driver.find_element(By.TAG_NAME, "h2").text
        _shot(driver, tmp_path, "rated")

        [ev] = central_evaluations(emu.url)
        assert (ev["projectNo"], ev["pf"], ev["assessNumber"], ev["satisfaction"]) == ("P-PHONE-1", 3, 1, 2)
        assert ev["evalDetail"] == "208" and ev["writingEvaluation"] == "材料清单没有提前告知"
        assert ev["deviceId"] == "PAD-03"

        driver.get(url)  # the same QR again
        assert driver.find_element(By.ID, "notice").get_attribute("data-outcome") == "already"
        assert not driver.find_elements(By.TAG_NAME, "form")
        _shot(driver, tmp_path, "already-rated")

        old = RatingLink("PAD-03", 3, "P-PHONE-1", int(time.time()) - 40 * 86400)
        driver.get(build_url(old, QR_SECRET, kiosk.cfg.qr.url_template))
        assert driver.find_element(By.ID, "notice").get_attribute("data-outcome") == "expired"
        assert not driver.find_elements(By.TAG_NAME, "form")
        _shot(driver, tmp_path, "expired")

        driver.get(url.replace("P-PHONE-1", "P-PHONE-2"))  # altered: another case under the same signature
        assert driver.find_element(By.ID, "notice").get_attribute("data-outcome") == "invalid"
        assert "评价链接无效" in driver.find_element(By.TAG_NAME, "h2").text
        assert not driver.find_elements(By.TAG_NAME, "form")
        _shot(driver, tmp_path, "forged")
    assert len(central_evaluations(emu.url)) == 1
    print(f"\nmobile page screenshots: {tmp_path}")


def test_phone_adds_a_follow_up_from_the_thanks_screens_qr(qapp, qtbot, pad, emu, tmp_path):
    """Rated 满意 on the pad; the case is 办结; the thanks screen's QR gives the phone the one 追加评价."""
    zbar_or_skip()
    window, kiosk, clock = pad
    kiosk.flow.invite(_case(emu, "P-FOLLOW-1", status=3, push=False))
    qtbot.mouseClick(window.screens[Screen.INVITED].buttons[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.screens[Screen.DETAILS].submit, Qt.MouseButton.LeftButton)
    [url] = _grab_qr(qapp, window, tmp_path / "pad-thanks.png")
    _deliver(kiosk, emu, "P-FOLLOW-1", 1)
    with phone() as driver:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.wait import WebDriverWait

        driver.get(url)
        assert driver.find_element(By.ID, "kind").text == "追加评价"
        driver.find_element(By.CSS_SELECTOR, "label.face.f5").click()
        chip = driver.find_element(By.CSS_SELECTOR, ".rs.r5 label.chip")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", chip)
        chip.click()
        submit = driver.find_element(By.ID, "submit")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)
        submit.click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "notice"))
        assert driver.find_element(By.ID, "notice").get_attribute("data-outcome") == "rated"
        _shot(driver, tmp_path, "follow-up-rated")
        driver.get(url)
        assert driver.find_element(By.ID, "notice").get_attribute("data-outcome") == "already"
    items = central_evaluations(emu.url)
    assert [(e["assessNumber"], e["pf"]) for e in items] == [(1, 4), (2, 3)]
    assert items[1]["evalDetail"] == kiosk.flow.catalog.for_level(5)[0].code


def test_without_chromium_the_browser_tests_skip_saying_why(monkeypatch):
    import tests.helpers.browser as browser

    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium chromium-driver"):
        with browser.phone():
            pass
