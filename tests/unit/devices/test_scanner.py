import os
import threading
import time
import tty

from kiosk.devices.scanner import SerialScanner
from tests.helpers.wait import wait_for


def test_lines_codes_and_noise_over_pty():
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    codes: list[str] = []
    lock = threading.Lock()

    def on_code(text: str) -> None:
        with lock:
            codes.append(text)

    scanner = SerialScanner(os.ttyname(slave), on_code=on_code).start()
    try:
        time.sleep(0.3)
        os.write(master, b"https://hcp/rate?projectNo=P1&sig=ab\r\n")
        os.write(master, b"\x00\xff\xfe garbage\r")  # noise: control bytes / invalid UTF-8
        os.write(master, "P-办件-2\n".encode())
        os.write(master, b"P-3")
        time.sleep(0.1)
        os.write(master, b"\r\n")  # a code split across reads
        assert wait_for(lambda: len(codes) == 3)
    finally:
        scanner.stop()
        os.close(slave)
        os.close(master)
    assert codes == ["https://hcp/rate?projectNo=P1&sig=ab", "P-办件-2", "P-3"]
    assert scanner.counters["noise"] == 1
