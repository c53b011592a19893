"""`kiosk stats` and `kiosk export` on a real data dir: figures, CSV with BOM, masking, a stick pulled mid-write."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys

import pytest

from kiosk.__main__ import main
from kiosk.app import export as exports
from kiosk.core.model import Case, Evaluation
from kiosk.store.db import Store

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
RATINGS = [  # projectNo, assessTime, 工号, satisfaction, assessNumber, reasons, incomplete, flags
    ("P1", "2026-11-02 09:00:00", "0101", 5, 1, "", False, ()),
    ("P1", "2026-11-02 10:00:00", "0101", 3, 2, "", False, ()),
    ("P2", "2026-11-02 11:00:00", "0102", 1, 1, "108,109", False, ("fast_press",)),
    ("P3", "2026-11-03 09:00:00", "0102", 2, 1, "", True, ()),
    ("P4", "2026-11-05 09:00:00", "0101", 4, 1, "", False, ("burst",)),
]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    with Store(data / "kiosk.db") as s:
        for pn, at, staff, level, number, reasons, incomplete, flags in RATINGS:
            s.upsert_case(
                Case(
                    projectNo=pn,
                    taskName="食品经营许可",
                    userName="张小三",
                    certKey="420102199001011234",
                    mobile="13812345678",
                )  # fmt: skip
            )
            s.add_evaluation(
                Evaluation(
                    projectNo=pn,
                    satisfaction=level,
                    assessTime=at,
                    assessTimeUtc="2026-11-02T01:00:00.000Z",
                    assessNumber=number,
                    evalDetail=reasons,
                    handleUserPageCode=staff,
                    window="3号窗口",
                    incomplete=incomplete,
                    suspect=flags,
                    questionAnswers=(("Q1", "是"),),
                ),  # fmt: skip
                draft=False,
            )
    return data


def test_stats_json_figures(data_dir, capsys):
    assert main(["stats", "--from", "2026-11-01", "--to", "2026-11-03", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 4 and data["byLevel"] == {"1": 1, "2": 1, "3": 1, "4": 0, "5": 1}
    assert (data["goodRate"], data["score"], data["bad"], data["incomplete"]) == (0.5, 10.0, 2, 1)
    assert data["badReasons"] == {"108": 1, "109": 1} and data["suspect"]["fast_press"] == 1


def test_stats_text_and_filter(data_dir, capsys):
    assert main(["stats", "--from", "2026-11-01", "--to", "2026-11-30", "--staff", "0101", "--by", "day"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "好评率" in lines[0] and "2026-11-01 — 2026-11-30" in lines[1]
    assert "100.0%" in lines[1] and "20.00" in lines[1]  # 0101: 5, 3 (追加评价) and 4
    assert [ln.split()[0] for ln in lines[2:]] == ["2026-11-02", "2026-11-05"]


def test_stats_csv_has_a_bom_and_one_row_per_part(data_dir, capsysbinary):
    assert main(["stats", "--from", "2026-11-01", "--to", "2026-11-30", "--by", "staff", "--csv"]) == 0
    raw = capsysbinary.readouterr().out
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["part", "key", "total", "level1"]
    assert [r[:3] for r in rows[1:]] == [["period", "2026-11-01..2026-11-30", "5"], ["staff", "0101", "3"],
                                         ["staff", "0102", "2"]]  # fmt: skip
    assert rows[3][rows[0].index("badReasons")] == "108×1; 109×1" and rows[3][rows[0].index("score")] == "0.0"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "2026-11-31", "--to", "2026-12-01"], "--from is not a calendar date"),
        (["--from", "2026-12-01", "--to", "2026-11-01"], "--to (2026-11-01) is before --from (2026-12-01)"),
    ],
)
def test_stats_bad_dates_exit_2(data_dir, capsys, args, says):
    assert main(["stats", *args]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_export_csv_masked_with_bom(data_dir, tmp_path, capsys):
    out = tmp_path / "stick" / "ratings.csv"
    out.parent.mkdir()
    assert main(["export", "--since", "2026-11-02", "--until", "2026-11-03", "--format", "csv", "--out", str(out)]) == 0
    assert "exported 4 rating(s)" in capsys.readouterr().out
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 4 and {r["userName"] for r in rows} == {"张*三"}
    assert {r["certKey"] for r in rows} == {"4201**********1234"} and {r["mobile"] for r in rows} == {"138****5678"}
    assert "420102199001011234" not in raw.decode("utf-8-sig") and "13812345678" not in raw.decode("utf-8-sig")
    assert rows[0]["questionAnswers"] == "Q1=是" and rows[2]["suspect"] == "fast_press"
    assert rows[3]["incomplete"] == "1" and rows[2]["evalDetail"] == "108,109"
    assert [p.name for p in out.parent.iterdir()] == ["ratings.csv"]  # no temporary left


def test_export_json_with_pii(data_dir, tmp_path):
    out = tmp_path / "all.json"
    args = ["export", "--since", "2026-11-01", "--until", "2026-11-30", "--format", "json", "--out", str(out)]
    assert main([*args, "--include-pii"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == 5 and data[0]["userName"] == "张小三" and data[0]["certKey"] == "420102199001011234"
    assert data[2]["suspect"] == ["fast_press"] and data[0]["questionAnswers"] == [{"code": "Q1", "answer": "是"}]
    assert data[1]["assessNumber"] == 2 and data[3]["incomplete"] is True


def test_a_stick_pulled_mid_write_is_reported_and_leaves_no_half_file(data_dir, tmp_path, monkeypatch, capsys):
    out = tmp_path / "stick" / "ratings.csv"
    out.parent.mkdir()
    out.write_bytes(b"the previous export\n")  # an older export under the same name stays whole
    monkeypatch.setattr(exports, "CHUNK", 64)  # several writes, so the failure comes mid-file
    real_write, calls = os.write, []

    def pulled(fd, data):
        calls.append(len(data))
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")
        return real_write(fd, data)

    monkeypatch.setattr(exports.os, "write", pulled)
    args = ["export", "--since", "2026-11-01", "--until", "2026-11-30", "--format", "csv", "--out", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "FAILED" in err and "Input/output error" in err and "USB stick pulled out" in err, err
    assert "Traceback" not in err and len(calls) == 3
    assert out.read_bytes() == b"the previous export\n"
    assert [p.name for p in out.parent.iterdir()] == ["ratings.csv"]


def test_export_to_a_missing_directory_fails_cleanly(data_dir, tmp_path, capsys):
    out = tmp_path / "not-mounted" / "r.csv"
    assert main(["export", "--since", "2026-11-01", "--until", "2026-11-30", "--format", "csv", "--out", str(out)]) == 1
    assert "cannot create the file" in capsys.readouterr().err and not out.parent.exists()


def test_commands_are_registered_and_run_as_a_process(data_dir):
    res = subprocess.run(
        [sys.executable, "-m", "kiosk", "stats", "--from", "2026-11-01", "--to", "2026-11-30", "--csv"],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(b"\xef\xbb\xbfpart,key,total")
