from pathlib import Path

import pytest

from juesuan.errors import DataFileError
from juesuan.templates import load_layout, load_table

#: 表1, 表4 and 表6 as printed in seed 003, transcribed into the repository (tests read nothing outside it).
SEED = Path(__file__).resolve().parents[1] / "data" / "seeds" / "003-tables-1-4-6.txt"


def test_layout_has_the_nine_tables_in_printed_order():
    layout = load_layout("2022")
    assert [t.id for t in layout.tables] == [f"表{i}" for i in range(1, 10)]
    assert layout["表1"].printed_title(2022) == "2022年度收入支出决算总表（表1）"
    assert layout["表9"].printed_title(2022) == "2022年度财政拨款“三公”经费支出决算表（表9）"


def test_fixed_rows_and_columns_follow_seed_003():
    layout = load_layout("2022")
    t1 = layout["表1"]
    assert t1.fixed_rows["27"].name == "本年收入合计" and t1.fixed_rows["27"].total
    assert t1.fixed_rows["32"].subject == "201" and t1.fixed_rows["57"].subject == "234"
    assert [r.key for r in t1.blocks[1].rows][-1] == "62"
    assert t1.fixed_rows["9"].blank
    t4 = layout["表4"]
    assert [c.key for c in t4.blocks[1].value_columns] == ["2", "3", "4", "5"]
    assert t4.blocks[1].columns[0].label == "决算数"
    t9 = layout["表9"]
    assert [c.key for c in t9.blocks[0].value_columns] == [str(i) for i in range(1, 13)]
    assert t9.blocks[0].header_depth == 3
    t6 = layout["表6"]
    assert {"30217", "30231", "31013", "人员经费合计", "公用经费合计"} <= set(t6.fixed_rows)
    assert [c.key for c in layout["表3"].blocks[0].value_columns] == ["1", "2", "3", "4", "5", "6"]


def test_every_labelled_row_of_table1_and_table6_appears_in_the_seed():
    text = SEED.read_text(encoding="utf-8")
    layout = load_layout("2022")
    for table in ("表1", "表4", "表6"):
        for row in layout[table].fixed_rows.values():
            if row.name and not row.name.endswith("经费合计"):
                assert row.name.replace("、", "、") in text, (table, row.key, row.name)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t_bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path = _write(tmp_path, 'id = "表1"\nnumber = 1\ntitle = "x\nkind = "fixed"\n')
    with pytest.raises(DataFileError) as info:
        load_table(path)
    assert "t_bad.toml" in str(info.value) and "第3行" in str(info.value)


def test_semantic_error_names_file_and_line(tmp_path):
    text = (
        'id = "表1"\nnumber = 1\ntitle = "x"\nkind = "fixed"\n\n[[blocks]]\nlabel_columns = []\n'
        'columns = [{ key = "1", label = "决算数" }]\nrows = [\n  { key = "1", name = "a" },\n'
        '  { key = "1", name = "b" },\n]\n'
    )
    with pytest.raises(DataFileError) as info:
        load_table(_write(tmp_path, text))
    assert "重复" in str(info.value) and "第11行" in str(info.value)


def test_wrong_kind_and_missing_keys_are_refused(tmp_path):
    with pytest.raises(DataFileError, match="kind"):
        load_table(_write(tmp_path, 'id = "x"\nnumber = 1\ntitle = "t"\nkind = "weird"\n'))
    with pytest.raises(DataFileError, match="缺少必填项 title"):
        load_table(_write(tmp_path, 'id = "x"\nnumber = 1\nkind = "fixed"\n'))
    with pytest.raises(DataFileError, match="UTF-8"):
        path = tmp_path / "gbk.toml"
        path.write_bytes('title = "收入"'.encode("gbk"))
        load_table(path)


def test_another_year_is_another_folder(tmp_path):
    import shutil

    from juesuan.datafiles import resource

    source = Path(str(resource("years", "2022", "templates")))
    target = tmp_path / "2023"
    shutil.copytree(source, target)
    (target / "layout.toml").write_text((target / "layout.toml").read_text(encoding="utf-8").replace("year = 2022", "year = 2023"), encoding="utf-8")
    layout = load_layout("2023", folder=target)
    assert layout.year == 2023 and len(layout.tables) == 9
