"""Scoring schemes are data: the shipped ones load, a broken file is refused naming file, key and line, and a
user's copy with other weights is validated, stored and read back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.datafiles import resource
from juesuan.errors import DataFileError
from juesuan.selfeval.schemes import (SchemeError, copy_scheme, load_folder, load_scheme_file, load_user_schemes,
                                      save_scheme_file, scheme_toml, shipped_schemes, with_weights)

D = Decimal
SHIPPED = Path(str(resource("schemes")))


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.toml")), ids=lambda p: p.name)
def test_each_shipped_scheme_file_loads(path):
    scheme = load_scheme_file(path)
    assert scheme.id == path.stem
    assert scheme.whole.sections and scheme.project.sections
    if scheme.scored:
        for kind in ("whole", "project"):
            assert sum(s.weight for s in scheme.form(kind).sections) == 100


def test_the_four_jurisdictions_and_their_weights():
    schemes = shipped_schemes()
    assert set(schemes) == {"mof-2020", "hubei", "hunan", "sichuan", "sichuan-2023"}
    weights = lambda sid, kind: [(s.name, s.weight) for s in schemes[sid].form(kind).sections]  # noqa: E731
    assert weights("mof-2020", "project") == [("预算执行率", 10), ("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
    assert weights("hubei", "project") == [("预算执行情况", 20), ("项目绩效总目标", 20), ("项目年度绩效指标", 60)]
    assert weights("hubei", "whole") == [("预算执行情况", 20), ("年度目标", 80)]
    assert [s.kind for s in schemes["hubei"].whole.sections] == ["money", "goals"]
    assert weights("hunan", "whole") == [("资金情况", 10), ("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
    assert not schemes["sichuan"].scored and "完成指标" in schemes["sichuan"].levels
    assert weights("sichuan-2023", "project") == [("预算执行情况", 10), ("绩效指标", 90)]
    assert schemes["sichuan-2023"].whole == schemes["mof-2020"].whole  # the publication prints no 整体 form


def test_grade_bands_of_the_ministry():
    scheme = shipped_schemes()["mof-2020"]
    assert [scheme.grade_of(D(x)) for x in ("100", "90", "89.99", "80", "79.5", "60", "59.99", "0")] == \
        ["优", "优", "良", "良", "中", "中", "差", "差"]
    assert [(b.name, b.low, b.high) for b in scheme.qualitative] == [("达成", D("0.8"), 1), ("部分达成", D("0.5"), D("0.8")), ("未达成", 0, D("0.5"))]


def test_base_scheme_supplies_what_a_local_scheme_leaves_out():
    hubei, mof = shipped_schemes()["hubei"], shipped_schemes()["mof-2020"]
    assert hubei.grades == mof.grades and hubei.qualitative == mof.qualitative and hubei.levels == mof.levels


def test_levels_accept_printed_abbreviations():
    scheme = shipped_schemes()["hunan"]
    assert scheme.level1("产出 指标") == "产出指标"
    assert scheme.admits("效益指标", "可持") and scheme.admits("效益指标", "经济")
    assert scheme.admits("满意度指标", "服务 对象")
    assert not scheme.admits("产出指标", "社会效益指标")
    assert scheme.level1("完成指标") is None and shipped_schemes()["sichuan"].level1("完成指标") == "完成指标"


# -- malformed files --------------------------------------------------------------------------

GOOD = (SHIPPED / "mof-2020.toml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, needle: str, nth: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth - 1]


BROKEN = [
    # (what is changed, replacement, key named in the message, line needle, nth occurrence of the needle)
    ('weight = 50', 'weight = 45', "whole.sections", "[[whole.sections]]", 1),
    ('kind = "indicators"', 'kind = "indicator"', "whole.sections[2].kind", 'kind = "indicator"', 1),
    ('name = "达成"', 'nmae = "达成"', "qualitative[1].nmae", 'nmae = "达成"', 1),
    ('min = 90', 'min = "九十"', "grades[1].min", 'min = "九十"', 1),
    ('levels = ["产出指标"]', 'levels = ["产出"]', "whole.sections[2].levels", 'levels = ["产出"]', 1),
    ('not_applicable = "rescale"', 'not_applicable = "drop"', "rules.not_applicable", 'not_applicable = "drop"', 1),
    ('suggest_margin = 0.1', 'suggest_margin = 5', "rules.suggest_margin", "suggest_margin = 5", 1),
    ('scored = true', 'scored = "yes"', "scored", 'scored = "yes"', 1),
]


@pytest.mark.parametrize("old, new, key, needle, nth", BROKEN, ids=[b[2] for b in BROKEN])
def test_malformed_scheme_is_refused_naming_file_key_and_line(tmp_path, old, new, key, needle, nth):
    assert old in GOOD
    text = GOOD.replace(old, new, 1).replace('id = "mof-2020"', 'id = "mine"')
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError) as caught:
        load_scheme_file(path)
    error = caught.value
    assert error.path == str(path)
    assert key in error.detail, error.detail
    assert error.line == _line(text, needle, nth), (error.line, str(error))
    assert str(path) in str(error) and f"第{error.line}行" in str(error)


def test_toml_syntax_error_names_the_line(tmp_path):
    text = GOOD.replace('id = "mof-2020"', 'id = "mine"').replace("weight = 30", "weight = = 30", 1)
    with pytest.raises(DataFileError) as caught:
        load_scheme_file(_write(tmp_path, text))
    assert caught.value.line == _line(text, "weight = = 30") and "TOML 语法错误" in caught.value.detail


def test_missing_id_and_unknown_base_are_refused(tmp_path):
    with pytest.raises(DataFileError, match="键 id"):
        load_scheme_file(_write(tmp_path, 'name = "无编号"\n'))
    with pytest.raises(DataFileError, match="键 base.*guangdong") as caught:
        load_scheme_file(_write(tmp_path, 'id = "x"\nbase = "guangdong"\nname = "x"\n', "x.toml"))
    assert caught.value.line == 2


def test_float_weights_are_decimals_not_binary_floats(tmp_path):
    text = GOOD.replace('id = "mof-2020"', 'id = "mine"').replace("weight = 50", "weight = 49.9", 1).replace("weight = 30", "weight = 30.1", 1)
    scheme = load_scheme_file(_write(tmp_path, text))
    assert [s.weight for s in scheme.whole.sections] == [10, D("49.9"), D("30.1"), 10]
    assert isinstance(scheme.whole.sections[1].weight, Decimal)


def test_a_folder_with_duplicate_ids_is_refused(tmp_path):
    _write(tmp_path, GOOD, "a.toml")
    _write(tmp_path, GOOD, "b.toml")
    with pytest.raises(DataFileError, match="重复"):
        load_folder(tmp_path)


# -- user copies ---------------------------------------------------------------------------------


def test_copy_and_edit_weights_10_25_30_35(tmp_path):
    mine = copy_scheme(shipped_schemes()["mof-2020"], "county-2023", "某县（10/25/30/35）")
    mine = with_weights(mine, "project", {"money": D(10), "output": D(25), "effect": D(30), "satisfaction": D(35)})
    assert [s.weight for s in mine.project.sections] == [10, 25, 30, 35]
    assert [s.weight for s in mine.whole.sections] == [10, 50, 30, 10]
    assert shipped_schemes()["mof-2020"].project.sections[1].weight == 50  # the shipped one is untouched
    save_scheme_file(mine, tmp_path / "county-2023.toml")
    schemes, errors = load_user_schemes(tmp_path)
    assert errors == [] and schemes["county-2023"] == mine
    assert "[[project.sections]]" in scheme_toml(mine)


def test_weights_that_do_not_make_100_are_refused_in_chinese():
    with pytest.raises(SchemeError, match="合计 95.*应为 100"):
        with_weights(shipped_schemes()["mof-2020"], "project", {"output": D(45)})
    with pytest.raises(SchemeError, match="没有部分“产出”"):
        with_weights(shipped_schemes()["mof-2020"], "project", {"产出": D(45)})


def test_a_bad_user_file_is_reported_and_the_good_ones_still_load(tmp_path):
    save_scheme_file(copy_scheme(shipped_schemes()["hunan"], "ok"), tmp_path / "ok.toml")
    _write(tmp_path, 'id = "bad"\nname = \n', "bad.toml")
    schemes, errors = load_user_schemes(tmp_path)
    assert list(schemes) == ["ok"]
    assert len(errors) == 1 and "bad.toml" in str(errors[0]) and errors[0].line == 2


def test_rate_caps_and_grades_are_checked():
    from juesuan.selfeval.schemes import validate_scheme

    data = shipped_schemes()["mof-2020"].model_dump(mode="json")
    data["rules"]["rate_caps"] = [{"below": "120", "max": "89"}]
    with pytest.raises(SchemeError, match="rules.rate_caps"):
        validate_scheme(data)
    data = shipped_schemes()["mof-2020"].model_dump(mode="json")
    data["grades"] = [{"name": "优", "min": "90"}]
    with pytest.raises(SchemeError, match="下限应为 0"):
        validate_scheme(data)
