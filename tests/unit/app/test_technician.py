from datetime import UTC, datetime

from kiosk import config
from kiosk.app.kiosk import Kiosk
from kiosk.core.model import Case, Evaluation
from kiosk.core.pin import hash_pin
from kiosk.core.staff import Staff
from kiosk.core.timefmt import FakeClock
from kiosk.devices.evaluator.sim import SimEvaluator
from kiosk.store.outbox import Result


def make(tmp_path, pin="2468", clock=None):
    cfg = config.load(
        None,
        tmp_path / "data",
        {"evaluator": {"driver": "none"}, "ui": {"technician_pin_hash": hash_pin(pin) if pin else ""}},
    )
    sim = SimEvaluator()
    return Kiosk(cfg, clock=clock or FakeClock(), evaluator=sim), sim


def test_pin_lockout_after_five_wrong_tries(tmp_path):
    kiosk, _ = make(tmp_path)
    tech = kiosk.technician
    try:
        assert tech.enabled and not tech.check_pin("0000") and tech.check_pin("2468")
        for _ in range(5):
            assert not tech.check_pin("1111")
        assert tech.locked_for_s() == 300
        assert not tech.check_pin("2468")  # even the right PIN, while locked
        kiosk.clock.advance(300)
        assert tech.locked_for_s() == 0 and tech.check_pin("2468")
    finally:
        kiosk.stop()


def test_lockout_survives_a_restart(tmp_path):
    clock = FakeClock()
    kiosk, _ = make(tmp_path, clock=clock)
    try:
        for _ in range(5):
            assert not kiosk.technician.check_pin("1357")
        clock.advance(60)
        assert kiosk.technician.locked_for_s() == 240 and kiosk.technician.locked_for_min() == 4
    finally:
        kiosk.stop()
    clock.advance(30)  # the pad restarts (a new process: a new monotonic origin)
    kiosk, _ = make(tmp_path, clock=clock)
    try:
        tech = kiosk.technician
        assert tech.locked_for_s() == 210 and tech.locked_for_min() == 4
        assert not tech.check_pin("2468")
        clock.advance(210)
        assert tech.locked_for_s() == 0 and tech.check_pin("2468")
    finally:
        kiosk.stop()


def test_wrong_tries_before_the_lock_survive_a_restart(tmp_path):
    clock = FakeClock()
    kiosk, _ = make(tmp_path, clock=clock)
    try:
        for _ in range(4):
            assert not kiosk.technician.check_pin("1357")
    finally:
        kiosk.stop()
    kiosk, _ = make(tmp_path, clock=clock)
    try:
        assert not kiosk.technician.check_pin("1357")  # the fifth, after the restart
        assert kiosk.technician.locked_for_s() == 300
    finally:
        kiosk.stop()


def test_a_wall_clock_set_back_does_not_lengthen_the_lock(tmp_path):
    clock = FakeClock()
    kiosk, _ = make(tmp_path, clock=clock)
    try:
        for _ in range(5):
            kiosk.technician.check_pin("1357")
    finally:
        kiosk.stop()
    clock.set_wall(datetime(2026, 11, 22, tzinfo=UTC))  # a day back, before the restart
    kiosk, _ = make(tmp_path, clock=clock)
    try:
        assert kiosk.technician.locked_for_s() == 300
        clock.advance(300)
        assert kiosk.technician.check_pin("2468")
    finally:
        kiosk.stop()


def test_a_good_pin_clears_the_stored_tries(tmp_path):
    clock = FakeClock()
    kiosk, _ = make(tmp_path, clock=clock)
    try:
        for _ in range(4):
            kiosk.technician.check_pin("1357")
        assert kiosk.technician.check_pin("2468")
    finally:
        kiosk.stop()
    kiosk, _ = make(tmp_path, clock=clock)
    try:
        for _ in range(4):
            assert not kiosk.technician.check_pin("1357")
        assert kiosk.technician.locked_for_s() == 0
    finally:
        kiosk.stop()


def test_no_pin_configured_means_no_access(tmp_path):
    kiosk, _ = make(tmp_path, pin="")
    try:
        assert not kiosk.technician.enabled and not kiosk.technician.check_pin("")
    finally:
        kiosk.stop()


def test_device_test_keys_are_not_ratings(tmp_path):
    kiosk, sim = make(tmp_path)
    try:
        kiosk.flow.sign_in(Staff("s1", "王小明", "0101"))
        kiosk.flow.invite(Case("P-T"))
        seen = []
        kiosk.technician.start_device_test(seen.append)
        kiosk.on_key(3)
        assert seen == [3] and kiosk.store.count_evaluations() == 0
        kiosk.technician.stop_device_test()
        kiosk.on_key(4)
        assert kiosk.store.count_evaluations() == 1
        assert kiosk.technician.device_command("leds", 0b11111)
        assert ("leds", 0b11111) in sim.commands
    finally:
        kiosk.stop()


def test_dead_letters_requeued(tmp_path):
    kiosk, _ = make(tmp_path)
    try:
        kiosk.store.upsert_case(Case("P-D"))
        kiosk.store.add_evaluation(Evaluation("P-D", 1, "2026-11-23 10:00:00", "2026-11-23T02:00:00.000Z"), draft=False)
        sent = kiosk.outbox.pending_services(10)
        kiosk.outbox.mark_services(sent, [Result("P-D", "accepted")])
        ev_id = kiosk.outbox.pending_evaluations(10)[0]["id"]
        kiosk.outbox.mark_evaluations([Result(ev_id, "rejected", "E4001", "差评必须勾选详情或填写文字评价")])
        snap = kiosk.technician.snapshot()
        assert snap["dead_letters"][0]["last_error"] == "E4001: 差评必须勾选详情或填写文字评价"
        assert kiosk.technician.retry_dead() == 1
        assert kiosk.outbox.pending_evaluations(10)[0]["id"] == ev_id
    finally:
        kiosk.stop()
