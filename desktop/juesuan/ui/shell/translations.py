"""Qt's own texts in Chinese: file dialogs, standard buttons (确定/取消), line-edit context menus."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

#: Qt's catalogues for our widgets; qt_zh_CN is the umbrella file, qtbase_zh_CN holds the widgets' texts
CATALOGUES = ("qtbase", "qt")


def install_qt_translations(app: QApplication, locale: QLocale | None = None) -> list[str]:
    """Load Qt's zh_CN catalogues (shipped inside PySide6; the bundle keeps them, see packaging/pyinstaller/slim.py)
    and make Chinese the default locale; returns the catalogues loaded. Idempotent per application."""
    locale = locale or QLocale(QLocale.Chinese, QLocale.China)
    QLocale.setDefault(locale)
    installed: list[QTranslator] = getattr(app, "_juesuan_translators", [])
    if installed:
        return [t.filePath() for t in installed]
    folder = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    for name in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
            break  # qtbase holds every text of the widgets we use; qt_zh_CN would only load it again
    app._juesuan_translators = installed  # type: ignore[attr-defined]  # keeps them alive with the app
    return [t.filePath() for t in installed]


def remove_qt_translations(app: QApplication) -> None:
    """Undo install_qt_translations (tests; a language switch would use it too)."""
    for translator in getattr(app, "_juesuan_translators", []):
        app.removeTranslator(translator)
    app._juesuan_translators = []  # type: ignore[attr-defined]
