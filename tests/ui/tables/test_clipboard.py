"""TSV as Excel/WPS write it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from juesuan.ui.tables.clipboard import parse_tsv, to_tsv


def test_excel_block_with_crlf_blanks_and_quotes():
    text = '1,234.50\t\t３\r\n"a\tb"\t"line\nbreak"\t""""\r\n'
    assert parse_tsv(text) == [["1,234.50", "", "３"], ["a\tb", "line\nbreak", '"']]
    assert parse_tsv("5") == [["5"]]
    assert parse_tsv("1\n2\r3") == [["1"], ["2"], ["3"]]


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=5))
def test_round_trip(rows):
    rows = [r for r in rows]
    back = parse_tsv(to_tsv(rows))
    assert back == rows
