"""udev rules for /dev/kiosk/*: rendered from port facts (pure), gathered from pyserial, written by the probe."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from kiosk.cli.devices import main_devices
from kiosk.devices.tools import probe, udev
from kiosk.devices.tools.pty_device import PtyFrameDevice
from kiosk.devices.tools.udev import PortFacts, UdevError, render_rules

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
FTDI = PortFacts("/dev/ttyUSB0", 0x0403, 0x6001, "A10K4XYZ", "pci-0000:00:14.0-usb-0:1:1.0", "FT232R USB UART")
CH340_A = PortFacts("/dev/ttyUSB1", 0x1A86, 0x7523, None, "pci-0000:00:14.0-usb-0:2:1.0", "USB Serial")
CH340_B = PortFacts("/dev/ttyUSB2", 0x1A86, 0x7523, None, "pci-0000:00:14.0-usb-0:3:1.0", "USB Serial")


def rule_for(text: str, role: str) -> str:
    (line,) = [ln for ln in text.splitlines() if f'SYMLINK+="kiosk/{role}"' in ln]
    return line


def test_serial_number_identifies_an_adapter_wherever_it_is_plugged():
    text = render_rules({"evaluator": FTDI}, [FTDI, CH340_A], now=NOW)
    assert rule_for(text, "evaluator") == (
        'SUBSYSTEM=="tty", ACTION!="remove", ATTRS{idVendor}=="0403", ATTRS{idProduct}=="6001", '
        'ATTRS{serial}=="A10K4XYZ", SYMLINK+="kiosk/evaluator", GROUP="dialout", MODE="0660", '
        'ENV{ID_MM_DEVICE_IGNORE}="1"'
    )
    assert "# evaluator: /dev/ttyUSB0 (0403:6001, FT232R USB UART) by serial number" in text
    assert text.startswith("# Written by `kiosk devices probe --udev` on 2026-11-23 02:00 UTC")


def test_two_ch340_without_serial_numbers_are_told_apart_by_port_path():
    text = render_rules({"evaluator": CH340_A, "printer": CH340_B}, [CH340_A, CH340_B], now=NOW)
    ev, pr = rule_for(text, "evaluator"), rule_for(text, "printer")
    assert 'ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:2:1.0"' in ev and "ATTRS{serial}" not in ev
    assert 'ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:3:1.0"' in pr
    assert 'ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="7523"' in ev
    assert "by USB port (keep it plugged there)" in text


def test_a_serial_number_shared_by_two_adapters_falls_back_to_the_port():
    a = PortFacts("/dev/ttyUSB0", 0x10C4, 0xEA60, "0001", "pci-0000:00:14.0-usb-0:1:1.0")
    b = PortFacts("/dev/ttyUSB1", 0x10C4, 0xEA60, "0001", "pci-0000:00:14.0-usb-0:4:1.0")
    ev = rule_for(render_rules({"evaluator": a}, [a, b], now=NOW), "evaluator")
    assert 'ENV{ID_PATH}=="pci-0000:00:14.0-usb-0:1:1.0"' in ev and "ATTRS{serial}" not in ev


def test_two_identical_adapters_without_a_port_path_are_refused():
    a = PortFacts("/dev/ttyUSB0", 0x067B, 0x2303)
    b = PortFacts("/dev/ttyUSB1", 0x067B, 0x2303)
    with pytest.raises(UdevError, match="cannot be told from /dev/ttyUSB1"):
        render_rules({"evaluator": a}, [a, b], now=NOW)
    alone = rule_for(render_rules({"evaluator": a}, [a], now=NOW), "evaluator")
    assert 'ATTRS{idVendor}=="067b", ATTRS{idProduct}=="2303", SYMLINK' in alone


def test_an_on_board_uart_is_matched_by_its_kernel_name():
    uart = PortFacts("/dev/ttyS3")
    text = render_rules({"scanner": uart}, [uart], now=NOW)
    assert rule_for(text, "scanner").startswith('SUBSYSTEM=="tty", ACTION!="remove", KERNEL=="ttyS3", SYMLINK')
    assert "(on-board) by built-in port" in text


def test_roles_are_checked():
    with pytest.raises(UdevError, match="unknown role"):
        render_rules({"modem": FTDI}, [FTDI])
    with pytest.raises(UdevError, match="two roles"):
        render_rules({"evaluator": FTDI, "printer": FTDI}, [FTDI])
    with pytest.raises(UdevError, match="cannot match safely"):
        bad = PortFacts("/dev/ttyUSB0", 0x0403, 0x6001, 'A1"\nRUN+="/bin/sh')
        render_rules({"evaluator": bad}, [bad])


def test_rules_are_in_role_order_and_every_rule_keeps_modemmanager_off():
    text = render_rules({"scanner": CH340_B, "evaluator": FTDI, "printer": CH340_A}, [FTDI, CH340_A, CH340_B])
    rules = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert [r.split('SYMLINK+="kiosk/')[1].split('"')[0] for r in rules] == ["evaluator", "printer", "scanner"]
    assert all(r.endswith('ENV{ID_MM_DEVICE_IGNORE}="1"') for r in rules)


def fake_port(device, vid=None, pid=None, serial_number=None, description="n/a"):
    return SimpleNamespace(device=device, vid=vid, pid=pid, serial_number=serial_number, description=description)


def test_gather_takes_pyserial_facts_and_udev_port_paths():
    ports = [fake_port("/dev/ttyUSB0", 0x1A86, 0x7523, None, "USB Serial"), fake_port("/dev/ttyS0")]
    props = {"/dev/ttyUSB0": {"ID_PATH": "pci-0000:00:14.0-usb-0:2:1.0", "ID_BUS": "usb"}}
    facts = udev.gather(lambda: ports, lambda dev: props.get(dev, {}))
    assert facts == [
        PortFacts("/dev/ttyUSB0", 0x1A86, 0x7523, None, "pci-0000:00:14.0-usb-0:2:1.0", "USB Serial"),
        PortFacts("/dev/ttyS0"),
    ]


def test_probe_udev_finds_the_frame_evaluator_and_writes_the_rules(link, closers, monkeypatch, tmp_path, capsys):
    device = PtyFrameDevice(link, model="EV-200", firmware="2.1.4", serial="SN0012345")
    closers.append(device.close)
    master, slave = os.openpty()
    closers.append(lambda: (os.close(master), os.close(slave)))
    silent = os.path.realpath(os.ttyname(slave))
    plugged = [PortFacts(os.path.realpath(link), 0x1A86, 0x7523, None, "pci-usb-0:2:1.0"), PortFacts(silent)]
    monkeypatch.setattr(udev, "gather", lambda: plugged)
    out = tmp_path / "70-kiosk-devices.rules"
    assert main_devices(["probe", "--udev", "--timeout", "0.5", "--udev-out", str(out), "--printer", silent]) == 0
    text = out.read_text(encoding="utf-8")
    assert 'ENV{ID_PATH}=="pci-usb-0:2:1.0", SYMLINK+="kiosk/evaluator"' in text
    assert f'KERNEL=="{os.path.basename(silent)}", SYMLINK+="kiosk/printer"' in text
    assert f"wrote {out} (printer={silent}, evaluator={os.path.realpath(link)})" in capsys.readouterr().out


def test_probe_udev_asks_for_ports_when_nothing_answers(monkeypatch, capsys):
    monkeypatch.setattr(udev, "gather", lambda: [PortFacts("/dev/ttyS0")])
    monkeypatch.setattr(probe, "probe_port", lambda *a, **k: probe.ProbeResult("/dev/ttyS0", "no answer", ""))
    assert main_devices(["probe", "--udev", "--udev-out", "-"]) == 2
    assert "name the ports (--evaluator PATH" in capsys.readouterr().err
    assert main_devices(["probe", "--udev", "--udev-out", "-", "--evaluator", "/dev/ttyUSB9"]) == 2
    assert "/dev/ttyUSB9 is not a serial port that is plugged in now" in capsys.readouterr().err
