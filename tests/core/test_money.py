from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.errors import AmountError
from juesuan.money import format_amount, parse_amount, parse_stored, round_cent, to_stored, wan_to_yuan, yuan_to_wan

D = Decimal

TYPED = [
    ("4,199.36", D("4199.36")),
    ("4199.36", D("4199.36")),
    ("４１９９．３６", D("4199.36")),
    ("４，１９９．３６", D("4199.36")),
    ("（12.50）", D("-12.50")),
    ("(12.50)", D("-12.50")),
    ("-12.50", D("-12.50")),
    ("－12.50", D("-12.50")),
    ("¥1,000", D("1000")),
    ("￥1,000.5", D("1000.5")),
    ("1,000元", D("1000")),
    (" 1 234.50 ", D("1234.50")),
    ("1,234.50", D("1234.50")),
    ("0", D("0")),
    ("-0", D("0")),
    (".5", D("0.5")),
    ("", None),
    ("   ", None),
    ("-", None),
    ("\t", None),
]

JUNK = ["abc", "1,2,3", "1e400", "1E5", "--5", "1.2.3", "12,34", "NaN", "inf", "0x10", "1/2", "5%", "一百",
        "1.234", "9" * 30, "x" * 10000, "1" * 10000, "12-3", "(12", "1,,000", "١٢٣abc"]


@pytest.mark.parametrize("text,expected", TYPED)
def test_typed_forms_parse(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", JUNK)
def test_junk_gives_a_chinese_message(text):
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    message = str(info.value)
    assert message and len(message) < 120
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_decimal_none_or_amount_error(text):
    try:
        value = parse_amount(text)
    except AmountError:
        return
    assert value is None or isinstance(value, Decimal)
    if value is not None:
        assert value.is_finite()
        assert -value.as_tuple().exponent <= 2 or value == value.to_integral()


@settings(max_examples=500, deadline=None)
@given(st.decimals(min_value=D("-999999999.99"), max_value=D("999999999.99"), places=2))
def test_format_then_parse_round_trips(value):
    assert parse_amount(format_amount(value)) == value


def test_format_is_thousands_two_places():
    assert format_amount(D("4199.36")) == "4,199.36"
    assert format_amount(D("2907.9")) == "2,907.90"
    assert format_amount(D("-1234.5")) == "-1,234.50"
    assert format_amount(None) == ""


def test_yuan_wan_conversion_rounds_half_up():
    assert yuan_to_wan(D("690000")) == D("69.00")
    assert yuan_to_wan(D("680470.65")) == D("68.05")
    assert yuan_to_wan(D("638751.17")) == D("63.88")
    assert yuan_to_wan(D("50")) == D("0.01")  # 0.005 rounds up
    assert yuan_to_wan(D("49.99")) == D("0.00")
    assert wan_to_yuan(D("4199.36")) == D("41993600.00")
    assert round_cent(D("0.125")) == D("0.13")


def test_stored_amounts_are_plain_decimal_strings():
    assert parse_stored("4199.36") == D("4199.36")
    assert to_stored(D("-0.00")) == "0.00"
    for bad in ("1e3", "4,199.36", " 1", "NaN", "", "1.", 1.5):
        with pytest.raises(AmountError):
            parse_stored(bad)  # type: ignore[arg-type]
