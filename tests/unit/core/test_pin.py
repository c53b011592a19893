import time

import pytest

from kiosk.core import pin


def test_hash_verifies_only_its_pin_and_is_salted():
    stored = pin.hash_pin("740318")
    assert stored.startswith("scrypt$16384$8$1$") and "740318" not in stored
    assert pin.verify_pin("740318", stored)
    assert not pin.verify_pin("740319", stored)
    assert not pin.verify_pin("", stored)
    assert pin.hash_pin("740318") != stored  # a fresh salt each time
    assert pin.is_pin_hash(stored)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "740318",
        "scrypt$16384$8$1$!!$??",
        "scrypt$1000$8$1$AAAAAAAAAAA=$AAAA",
        "bcrypt$x",
        "scrypt$4194304$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    ],
)
def test_malformed_hash_never_verifies(stored):
    assert not pin.is_pin_hash(stored)
    assert not pin.verify_pin("740318", stored)


def test_hashing_takes_tens_of_milliseconds():
    start = time.perf_counter()
    pin.hash_pin("740318")
    took = time.perf_counter() - start
    assert 0.01 < took < 2.0, took  # ~50-100 ms on an idle pad; generous bounds for a loaded CI machine


@pytest.mark.parametrize(
    "text, ok",
    [
        ("740318", True),
        ("2580", True),
        ("123456789012", True),
        ("0000", False),
        ("1234", False),
        ("9876", False),
        ("7890", False),
        ("123", False),
        ("1234567890123", False),
        ("74a318", False),
        ("７４０３１８", False),  # full-width digits are not digits for the keypad
        ("", False),
    ],
)
def test_check_pin_text(text, ok):
    problem = pin.check_pin_text(text)
    assert (problem is None) is ok
    if problem:
        assert text not in problem or not text
