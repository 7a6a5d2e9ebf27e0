"""A bundled sample opens as an unsaved copy: no lock, no backup and no save beside the shipped file."""

from __future__ import annotations

import shutil

from juesuan.samples import is_bundled_sample, sample_path


def test_the_bundled_sample_opens_as_a_clean_unsaved_copy(make_window, qtbot):  # noqa: ANN001
    shipped = sample_path("jianghan-2022")
    before = sorted(p.name for p in shipped.parent.iterdir())
    window, answers = make_window()
    assert window.open_path(shipped)
    assert window.document.path is None  # a copy: 保存 asks where to save it
    assert window.document.project.unit.name.startswith("武汉市江汉区")
    assert window.document.undo_stack.isClean()
    assert "示例项目" in window.statusBar().currentMessage()
    assert sorted(p.name for p in shipped.parent.iterdir()) == before  # no .lock, no .bak beside the sample
    assert answers.asked == []
    assert not window.files.save()  # 保存 on a copy is 另存为, answered "cancel" here
    assert [kind for kind, _ in answers.asked] == ["save_path"]
    assert sorted(p.name for p in shipped.parent.iterdir()) == before


def test_a_copy_of_the_sample_elsewhere_opens_in_place(make_window, tmp_path):  # noqa: ANN001
    copy = tmp_path / "江汉区.juesuan"
    shutil.copyfile(sample_path("jianghan-2022"), copy)
    assert not is_bundled_sample(copy) and is_bundled_sample(sample_path("hetang-2022"))
    window, _ = make_window()
    assert window.open_path(copy)
    assert window.document.path == copy
