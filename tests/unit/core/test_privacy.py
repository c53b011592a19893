import pytest

from kiosk.core.privacy import mask_cert, mask_mobile, mask_name, masked, scrub


@pytest.mark.parametrize(
    ("name", "out"),
    [
        ("张三", "张*"),
        ("张小三", "张*三"),
        ("欧阳小明", "欧**明"),
        ("王", "*"),
        ("", ""),
        (None, ""),
        (" 李四 ", "李*"),
    ],
)
def test_mask_name(name, out):
    assert mask_name(name) == out


def test_mask_cert():
    assert mask_cert("420102199001011234") == "4201**********1234"
    assert mask_cert("42010219900101123X") == "4201**********123X"
    assert mask_cert("12345678") == "12****78"
    assert mask_cert("12") == "**"
    assert mask_cert("") == ""


def test_mask_mobile():
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("123456") == "******"
    assert mask_mobile(None) == ""


def test_masked_copy():
    rec = {"projectNo": "P1", "userName": "张小三", "certKey": "420102199001011234", "mobile": "13812345678"}
    out = masked(rec)
    assert out == {"projectNo": "P1", "userName": "张*三", "certKey": "4201**********1234", "mobile": "138****5678"}
    assert rec["userName"] == "张小三"  # the original is untouched


def test_scrub_free_text():
    text = "证件420102199001011234,电话13812345678;订单号9913812345678不是手机"
    assert scrub(text) == "证件4201**********1234,电话138****5678;订单号9913812345678不是手机"
    assert scrub("身份证42010219900101123x") == "身份证4201**********123x"
    assert scrub("无个人信息") == "无个人信息"
