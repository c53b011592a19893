"""Shared helpers of the sync tests (unit and e2e): data, settings, polling."""

from __future__ import annotations

import json
from collections.abc import Iterable

import requests

from kiosk.core.model import Case, Evaluation
from kiosk.core.questions import answers_to_json
from kiosk.core.timefmt import utc_iso
from kiosk.store.db import Store
from kiosk.sync.settings import CentralSettings
from kiosk.sync.signing import sign_headers

MARK, SECRET = "test-mark", "test-secret"


def settings_for(url: str, **overrides) -> CentralSettings:
    base = dict(
        url=url,
        app_mark=MARK,
        app_secret=SECRET,
        device_id="pad-01",
        interval_seconds=60,
        batch_size=50,
        timeout_s=2.0,
        backoff_base_s=0.01,
        backoff_cap_s=0.05,
    )
    base.update(overrides)
    return CentralSettings(**base)


def service(pn: str, **kw) -> Case:
    return Case(
        projectNo=pn, taskName="不动产登记", userName="张小三", certKey="420101199001011234", mobile="13812345678", **kw
    )


def evaluation(pn: str, satisfaction: int = 5, **kw) -> Evaluation:
    return Evaluation(
        projectNo=pn,
        satisfaction=satisfaction,
        assessTime="2026-11-23 10:00:00",
        assessTimeUtc="2026-11-23T02:00:00.000Z",
        deviceId="pad-01",
        **kw,
    )


def rate(store: Store, pn: str, satisfaction: int = 5, **kw) -> Evaluation:
    """One rating through the public store API (service upserted, evaluation committed)."""
    if store.get_case(pn) is None:
        store.upsert_case(service(pn))
    ev = evaluation(pn, satisfaction, **kw)
    store.add_evaluation(ev, draft=False)
    return ev


def bulk_ratings(store: Store, n: int, prefix: str = "P") -> list[str]:
    """n services with one pending good rating each, in one transaction (fast path for big tests)."""
    pairs = []
    for i in range(n):
        pn = f"{prefix}{i:07d}"
        pairs.append((service(pn), evaluation(pn, 5 if i % 3 else 2, evalDetail="" if i % 3 else "213")))
    insert_pending(store, pairs)
    return [ev.id for _, ev in pairs]


def insert_pending(store: Store, pairs: Iterable[tuple[Case, Evaluation]]) -> None:
    """Cases and their ratings straight into the tables, pending for sync, in one transaction (no per-row
    commit: a backlog of 100,000 is built in seconds)."""
    now = utc_iso(store.clock.now())
    services, evals = [], []
    for svc, ev in pairs:
        services.append({**svc.to_dict(), "local": 0, "created_utc": now, "updated_utc": now, "sync_state": "pending"})
        row = {**ev.to_dict(), "questionAnswers": answers_to_json(ev.questionAnswers), "suspect": ",".join(ev.suspect)}
        evals.append({**row, "incomplete": 0, "created_utc": now, "sync_state": "pending"})
    with store.tx() as conn:
        for table, rows in (("services", services), ("evaluations", evals)):
            cols = list(rows[0])
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [tuple(r[c] for c in cols) for r in rows],
            )


def signed_get(url: str, path: str, secret: str = SECRET, mark: str = MARK, **kw) -> requests.Response:
    headers = sign_headers(mark, secret, "GET", path, b"", kw.pop("signer", "hmac-sha256"), **kw)
    with requests.Session() as s:
        return s.get(url + path, headers=headers, timeout=5)


def central_evaluations(url: str) -> list[dict]:
    """Everything the emulator holds, through its signed inspection endpoint."""
    out, since = [], 0
    for _ in range(10_000):
        resp = signed_get(url, f"/hcp/v1/evaluations?since={since}")
        resp.raise_for_status()
        data = json.loads(resp.content)
        if not data["items"]:
            return out
        out += data["items"]
        since = data["next"]
    raise AssertionError("inspection did not end")


# --- provincial protocols: fixed keys (GB/T 32918.5-2017 annex example key pair) --------------------------------

SM2_PRIVATE = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8"
SM2_PUBLIC = (
    "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
    "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13"
)
APP_WORD = "test-app-word"
AREA = "420100000000"
PROTOCOL_NAMES = ("kiosk-json", "envelope-sm2", "url-form-sm2")


def protocol_settings(url: str, protocol: str, **overrides) -> CentralSettings:
    """settings_for plus what a provincial protocol needs (fixed keys, appWord, area code)."""
    extra = {}
    if protocol != "kiosk-json":
        extra = dict(protocol=protocol, app_word=APP_WORD, platform_public_key=SM2_PUBLIC, area_code=AREA)
    return settings_for(url, **{**extra, **overrides})


def protocol_emulator_args(protocol: str) -> dict:
    """CentralEmulator keyword arguments for `protocol` (the private key of SM2_PUBLIC)."""
    if protocol == "kiosk-json":
        return {}
    return dict(protocol=protocol, app_word=APP_WORD, private_key=SM2_PRIVATE)
