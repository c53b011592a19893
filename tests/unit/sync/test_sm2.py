"""SM2 encryption (kiosk/sync/protocols/sm2.py) against the GB/T 32918.5 example and against gmssl."""

import pytest
from gmssl import sm2 as gm

from kiosk.sync.protocols import sm2
from tests.unit.sync.helpers import SM2_PRIVATE, SM2_PUBLIC

# GB/T 32918.5-2017 annex: message "encryption standard", ephemeral k, ciphertext C1 ‖ C3 ‖ C2
K = 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21
C1 = (
    "04ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73"
    "e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0"
)
C3 = "59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766"
C2 = "21886ca989ca9c7d58087307ca93092d651efa"
MESSAGE = b"encryption standard"


def _gmssl() -> gm.CryptSM2:
    crypt = gm.CryptSM2(private_key=SM2_PRIVATE, public_key=SM2_PUBLIC, mode=1)
    crypt.public_key = SM2_PUBLIC  # as given: see test_gmssl_mangles_04_prefixed_keys_starting_with_4
    return crypt


def test_gmssl_mangles_04_prefixed_keys_starting_with_4():
    """Why sm2.py parses keys itself: gmssl strips a 04 prefix with lstrip("04"), eating x's own leading 4."""
    private = f"{65:064x}"
    public = sm2.public_key_hex(private)
    assert public.startswith("403b")
    assert len(gm.CryptSM2(private_key=private, public_key="04" + public, mode=1).public_key) == 126
    assert sm2.parse_public_key("04" + public) == sm2.parse_public_key(public)


def test_public_key_of_the_standard_private_key():
    assert sm2.public_key_hex(SM2_PRIVATE) == SM2_PUBLIC


def test_encryption_matches_the_published_example_both_c1_forms():
    assert sm2.Encryptor(SM2_PUBLIC).encrypt(MESSAGE, k=K).hex() == C1 + C3 + C2
    assert sm2.Encryptor(SM2_PUBLIC, c1_prefix=True).encrypt(MESSAGE, k=K).hex() == "04" + C1 + C3 + C2
    assert sm2.decrypt_hex(SM2_PRIVATE, C1 + C3 + C2) == MESSAGE
    assert sm2.decrypt_hex(SM2_PRIVATE, "04" + C1 + C3 + C2) == MESSAGE


@pytest.mark.parametrize("message", [b"x", "20261123100000mark词".encode(), b"{" + b"a" * 700 + b"}"])
def test_round_trips_with_gmssl_both_ways(message):
    ours = sm2.Encryptor(SM2_PUBLIC).encrypt(message)
    assert len(ours) == 64 + 32 + len(message)  # C1 without 04
    assert _gmssl().decrypt(ours) == message
    theirs = _gmssl().encrypt(message)
    assert sm2.decrypt(SM2_PRIVATE, theirs) == message


def test_fresh_key_pairs_round_trip_with_gmssl():
    for _ in range(3):
        private, public = sm2.new_key_pair()
        crypt = gm.CryptSM2(private_key=private, public_key=public, mode=1)
        crypt.public_key = public
        assert crypt._kg(int(private, 16), gm.default_ecc_table["g"]) == public
        assert crypt.decrypt(sm2.Encryptor(public).encrypt(b"hello")) == b"hello"


def test_a_wrong_key_or_an_altered_ciphertext_is_refused():
    text = sm2.Encryptor(SM2_PUBLIC).encrypt(b"secret")
    other, _ = sm2.new_key_pair()
    with pytest.raises(sm2.Sm2Error, match="C3"):
        sm2.decrypt(other, text)
    altered = text[:-1] + bytes([text[-1] ^ 1])
    with pytest.raises(sm2.Sm2Error, match="C3"):
        sm2.decrypt(SM2_PRIVATE, altered)
    with pytest.raises(sm2.Sm2Error, match="curve"):
        sm2.decrypt(SM2_PRIVATE, bytes(64) + text[64:])


@pytest.mark.parametrize(
    "key, why",
    [("abc", "128 hex"), ("0" * 128, "not a point"), ("zz" * 64, "128 hex"), ("05" + SM2_PUBLIC, "128 hex")],
)
def test_bad_public_keys_are_named(key, why):
    with pytest.raises(sm2.Sm2Error, match=why):
        sm2.parse_public_key(key)
    assert sm2.parse_public_key("04" + SM2_PUBLIC.upper()) == sm2.parse_public_key(SM2_PUBLIC)
