"""The spec, the installer script, the Windows workflow and its scripts agree on the version (taken
from pyproject.toml, never typed in) and on the executable's name."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib

import pytest

import juesuan
from packaging_helpers import PYTHON, ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
APP = tomllib.loads((ROOT / "packaging" / "app.toml").read_text(encoding="utf-8"))
SPEC = (ROOT / "packaging" / "pyinstaller" / "juesuan.spec").read_text(encoding="utf-8")
ISS_BYTES = (ROOT / "packaging" / "windows" / "juesuan.iss").read_bytes()
ISS = ISS_BYTES.decode("utf-8-sig")
WORKFLOW = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
BUILD_PS1 = (ROOT / "packaging" / "windows" / "build-installer.ps1").read_text(encoding="utf-8")
TEST_PS1 = (ROOT / "packaging" / "windows" / "test-installer.ps1").read_text(encoding="utf-8")
VERSION_LITERAL = re.compile(r"(?<![\d.])\d+\.\d+\.\d+(?![\d.])")

sys.path.insert(0, str(ROOT / "packaging"))
sys.path.insert(0, str(ROOT / "packaging" / "pyinstaller"))
import version as version_tool  # noqa: E402
import versionres  # noqa: E402


def iss_define(name: str) -> str:
    match = re.search(rf'^#define {name} "(.*)"$', ISS, re.MULTILINE)
    assert match, name
    return match.group(1)


def iss_setup(key: str) -> str:
    match = re.search(rf"^{key}=(.*)$", ISS, re.MULTILINE)
    assert match, key
    return match.group(1).strip()


# -- one version ----------------------------------------------------------------------------------


def test_package_version_matches_pyproject():
    assert juesuan.__version__ == VERSION


def test_version_tool_reads_pyproject():
    out = subprocess.run([PYTHON, str(ROOT / "packaging" / "version.py")], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == VERSION
    out = subprocess.run([PYTHON, str(ROOT / "packaging" / "version.py"), "--windows"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ".".join(map(str, version_tool.windows_tuple(VERSION)))


@pytest.mark.parametrize(("given", "expected"), [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)),
                                                 ("2.0.1rc1", (2, 0, 1, 0)), ("3.4.5.6", (3, 4, 5, 6))])
def test_windows_version_numbers(given, expected):
    assert version_tool.windows_tuple(given) == expected


def test_spec_reads_the_version_and_types_none():
    assert "read_version(ROOT)" in SPEC
    assert not VERSION_LITERAL.search(SPEC)


def test_iss_requires_the_version_from_outside():
    assert re.search(r"^#ifndef AppVersion\s*\n\s*#error ", ISS, re.MULTILINE)
    assert "AppVersion={#AppVersion}" in ISS
    assert "OutputBaseFilename=juesuan-setup-{#AppVersion}" in ISS
    assert not VERSION_LITERAL.search(ISS)


def test_workflow_and_scripts_derive_the_version():
    assert not VERSION_LITERAL.search(WORKFLOW)
    assert "packaging\\version.py" in BUILD_PS1 and '"/DAppVersion=$version"' in BUILD_PS1
    assert not VERSION_LITERAL.search(BUILD_PS1)
    build = (ROOT / "scripts" / "build").read_text(encoding="utf-8")
    assert "packaging/version.py" in build


def test_version_resource_template_renders_the_pyproject_version():
    text = versionres.render(VERSION, APP)
    tree = ast.parse(text, mode="eval").body
    assert isinstance(tree, ast.Call) and tree.func.id == "VSVersionInfo"
    ffi = next(k.value for k in tree.keywords if k.arg == "ffi")
    fields = {k.arg: ast.literal_eval(k.value) for k in ffi.keywords}
    assert fields["filevers"] == fields["prodvers"] == version_tool.windows_tuple(VERSION)
    strings = {
        node.args[0].value: node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct"
    }
    assert strings["FileVersion"] == strings["ProductVersion"] == VERSION
    assert strings["OriginalFilename"] == f"{APP['name']}.exe"
    assert strings["ProductName"] == APP["display_name"]
    assert strings["CompanyName"] == APP["publisher"]


# -- one executable name ----------------------------------------------------------------------------


def test_spec_builds_the_named_windowed_executable_without_upx():
    assert 'NAME = APP["name"]' in SPEC
    tree = ast.parse(SPEC)
    calls = {node.func.id: node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    exe = {k.arg: k.value for k in calls["EXE"].keywords}
    coll = {k.arg: k.value for k in calls["COLLECT"].keywords}
    assert ast.unparse(exe["name"]) == ast.unparse(coll["name"]) == "NAME"
    assert ast.literal_eval(exe["console"]) is False
    assert ast.literal_eval(exe["upx"]) is False and ast.literal_eval(coll["upx"]) is False
    assert ast.literal_eval(exe["exclude_binaries"]) is True  # one-folder build
    assert "juesuan.ico" in ast.unparse(exe["icon"]) and "version_file()" in ast.unparse(exe["version"])


def test_iss_installs_the_same_executable_and_names():
    assert iss_define("AppExeName") == f"{APP['name']}.exe"
    assert iss_define("AppName") == APP["name"]
    assert iss_define("AppDisplayName") == APP["display_name"]
    assert iss_define("AppPublisher") == APP["publisher"]


def test_windows_scripts_use_the_same_executable():
    assert f'$exeName = "{APP["name"]}.exe"' in TEST_PS1
    assert f'dist\\{APP["name"]}\\{APP["name"]}.exe' in BUILD_PS1


# -- what the installer promises -------------------------------------------------------------------------


def test_iss_is_utf8_with_bom_for_the_chinese_text():
    assert ISS_BYTES.startswith(b"\xef\xbb\xbf")
    assert (ROOT / "packaging" / "windows" / "zh_CN-fallback.isl").read_bytes().startswith(b"\xef\xbb\xbf")


def test_iss_installs_per_user_by_default_and_for_all_users_on_request():
    assert iss_setup("PrivilegesRequired") == "lowest"
    assert iss_setup("PrivilegesRequiredOverridesAllowed") == "dialog commandline"
    assert iss_setup("DefaultDirName") == "{autopf}\\{#AppName}"
    assert iss_setup("ChangesAssociations") == "yes"


def test_iss_start_menu_desktop_and_association():
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppDisplayName\}"; Filename: "\{app\}\\\{#AppExeName\}"', ISS, re.M)
    desktop = re.search(r'^Name: "desktopicon";.*$', ISS, re.M).group(0)
    assert "Flags: unchecked" in desktop
    assert re.search(r'^Name: "\{autodesktop\}.*Tasks: desktopicon$', ISS, re.M)
    registry = [line for line in ISS.splitlines() if line.startswith("Root:")]
    assert registry and all(line.startswith("Root: HKA;") for line in registry)
    assert any('Software\\Classes\\.juesuan"' in line and "{#ProgId}" in line for line in registry)
    assert any("DefaultIcon" in line and "juesuan-file.ico" in line for line in registry)
    assert any('shell\\open\\command' in line and '"""{app}\\{#AppExeName}"" ""%1"""' in line for line in registry)


def test_iss_uninstall_deletes_only_the_program_folder():
    section = ISS.split("[UninstallDelete]", 1)[1]
    entries = [line for line in section.splitlines() if line.startswith("Type:")]
    # the program's own subfolder wholesale, then the program folder only if nothing else is in it
    assert entries == ['Type: filesandordirs; Name: "{app}\\_internal"', 'Type: dirifempty; Name: "{app}"']
    for folder in ("{userdocs}", "{localappdata}", "{userappdata}", "{commondocs}"):
        assert folder not in ISS


def test_iss_chinese_language_with_a_fallback():
    assert 'compiler:Languages\\ChineseSimplified.isl' in ISS
    assert "zh_CN-fallback.isl" in ISS
    fallback = (ROOT / "packaging" / "windows" / "zh_CN-fallback.isl").read_text(encoding="utf-8-sig")
    assert "LanguageID=$0804" in fallback
    keys = re.findall(r"^(\w+)=", fallback.split("[Messages]", 1)[1], re.M)
    assert len(keys) == len(set(keys)) > 50
    for key in ("ButtonNext", "WizardSelectDir", "ConfirmUninstall", "PrivilegesRequiredOverrideCurrentUser"):
        assert key in keys


def test_workflow_builds_tests_installs_uninstalls_and_uploads():
    assert "runs-on: windows-latest" in WORKFLOW
    order = ["scripts/build --selftest", "build-installer.ps1", "test-installer.ps1", "actions/upload-artifact",
             "dist/installer/juesuan-setup-*.exe"]
    steps = WORKFLOW.split("steps:", 1)[1]
    positions = [steps.index(step) for step in order]
    assert positions == sorted(positions)
    for switch in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/CURRENTUSER", "--selftest", "unins000.exe"):
        assert switch in TEST_PS1
    for ps1 in (BUILD_PS1, TEST_PS1):
        assert ps1.isascii()  # Windows PowerShell 5 reads a BOM-less script in the ANSI code page


def test_build_script_is_executable_and_documents_its_options():
    build = ROOT / "scripts" / "build"
    assert build.stat().st_mode & 0o111
    text = build.read_text(encoding="utf-8")
    for option in ("--dist", "--work", "--selftest", "--full"):
        assert option in text
    assert "pip install" in text and '".[build]"' in text
    assert "pyinstaller>=" in "".join(PYPROJECT["project"]["optional-dependencies"]["build"]).lower()


# -- the document -----------------------------------------------------------------------------------------


DOC = (ROOT / "docs" / "packaging.md").read_text(encoding="utf-8")


def test_docs_are_bilingual_and_cover_deployment():
    assert "## 中文" in DOC and "## English" in DOC
    for needle in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/ALLUSERS", "/CURRENTUSER", "unins000.exe", "AppLocker",
                   "build-installer.ps1", "test-installer.ps1", "scripts/build", "--selftest", "JUESUAN_DATA_DIR",
                   r"%LOCALAPPDATA%\juesuan", "~/.local/share/juesuan", r"%APPDATA%\juesuan\juesuan.ini", "recovery", "juesuan.log"):
        assert needle in DOC, needle


def test_docs_list_every_excluded_qt_module():
    sys.path.insert(0, str(ROOT / "packaging" / "pyinstaller"))
    import slim

    english = DOC.split("## English", 1)[1]
    for name in slim.EXCLUDED_QT_MODULES:
        assert name in english or any(f"{name[:n]}*" in english for n in range(4, len(name))), name
