"""Benchmark of the published document and the table print: the 江汉 sample's .docx (target ≤ 3 s) and all nine
tables to PDF (target ≤ 2 s). Writes its results into docs/performance.md between the bench:publish markers."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:publish -->", "<!-- /bench:publish -->"
RUNS = 5
TARGETS = {"document": 3.0, "pdf": 2.0}


def timed(action, runs: int = RUNS) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    from juesuan import projectfile
    from juesuan.datafiles import resource
    from juesuan.publishing.document import publish
    from juesuan.ui.printing.pdf import export_pdf

    app = QGuiApplication.instance() or QGuiApplication(["bench"])  # noqa: F841 - fonts and QPdfWriter need it
    folder = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    try:
        sample = folder / "jianghan-2022.juesuan"
        shutil.copyfile(str(resource("samples", "jianghan-2022.juesuan")), sample)
        project = projectfile.load(sample)
        first = timed(lambda: publish(project, folder / "doc.docx"), runs=1)[0]  # includes matplotlib's import
        doc = timed(lambda: publish(project, folder / "doc.docx"))
        first_pdf = timed(lambda: export_pdf(project, folder / "tables.pdf"), runs=1)[0]
        pdf = timed(lambda: export_pdf(project, folder / "tables.pdf"))
        pages = len(export_pdf(project, folder / "tables.pdf").pages)
        size_doc, size_pdf = (folder / "doc.docx").stat().st_size, (folder / "tables.pdf").stat().st_size
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    worst = {"document": max(first, *doc), "pdf": max(first_pdf, *pdf)}
    met = {k: worst[k] <= TARGETS[k] for k in TARGETS}
    lines = [
        START,
        "## Published document and table printing (`scripts/bench_publish.py`)",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}; {RUNS} runs after a first one. ",
        "Sample: 江汉 2022 (9 tables, 7 charts, 7 绩效自评表).",
        "",
        "| what | first run | median | worst | target |",
        "| --- | --- | --- | --- | --- |",
        f"| `publish`: whole .docx ({size_doc // 1024} KiB) | {first:.2f} s | {statistics.median(doc):.2f} s | "
        f"{worst['document']:.2f} s | ≤ 3 s: **{'met' if met['document'] else 'missed'}** |",
        f"| `print`: all tables to PDF ({pages} pages, {size_pdf // 1024} KiB) | {first_pdf:.2f} s | "
        f"{statistics.median(pdf):.2f} s | {worst['pdf']:.2f} s | ≤ 2 s: **{'met' if met['pdf'] else 'missed'}** |",
        "",
        "The first document includes importing matplotlib and registering the bundled font; the first PDF",
        "includes registering the font with Qt. Times exclude starting Python and loading the project file.",
        END,
    ]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if START in text and END in text:
        text = text[: text.index(START)] + "\n".join(lines) + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    DOC.write_text(text, encoding="utf-8")
    print("\n".join(lines[6:10]))
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
