"""Year packages: everything one 决算 year needs (layouts, rules, catalog, wording …) as one folder, found without reinstall.

A package is a folder `<year>/` holding a manifest `year.toml` and part folders (PARTS). It may declare
`inherits = "2022"` and hold only the files that differ; a file missing from a part is read from the inherited
package. Packages are found in the shipped `resources/years/`, in a configured shared folder (network share:
environment variable JUESUAN_YEARS_SHARED, or `[years] shared_folder=` in the settings file) and in the user's data
folder `<data>/years/`; a later place replaces the same year from an earlier one. A broken package is reported with
the file and line and left out; the others still load.
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

from .datafiles import load_toml, line_of, read_text, resource
from .errors import DataFileError, JuesuanError

PARTS = ("templates", "rules", "catalog", "publishing", "desk", "narrative")
MANIFEST = "year.toml"
SHARED_ENV = "JUESUAN_YEARS_SHARED"
STATUSES = {
    "confirmed": "已按公开文件核实",
    "changed-unverified": "已改动，未核实",
    "inherited-unverified": "沿用上年，未核实",
}
ORIGINS = ("内置", "共享文件夹", "用户文件夹")
MAX_PACKAGES = 200
MAX_FILES_PER_PACKAGE = 500


@dataclass(frozen=True)
class PartNote:
    """What a manifest says about one part: how sure we are and where it comes from."""

    status: str
    source: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        return STATUSES[self.status]


@dataclass(frozen=True)
class YearPackage:
    """One year package as found on disk (its own files only; see YearRegistry for inherited ones)."""

    year: str
    name: str
    inherits: str | None
    root: Traversable | Path
    origin: str
    location: str
    parts: dict[str, PartNote] = field(default_factory=dict)
    replaced: tuple[str, ...] = ()

    def own(self, part: str, name: str) -> Traversable | Path | None:
        node = self.root / part / name
        return node if node.is_file() else None

    def own_names(self, part: str) -> list[str]:
        folder = self.root / part
        if not folder.is_dir():
            return []
        return sorted(entry.name for entry in folder.iterdir() if entry.is_file() and not entry.name.startswith("."))


@dataclass(frozen=True)
class PackageProblem:
    """A package left out because it is broken (the message names the file and line)."""

    origin: str
    location: str
    message: str


class YearFolder:
    """A part of a year seen through inheritance: `folder / name` and `iterdir()` like a Traversable folder."""

    def __init__(self, chain: list[YearPackage], part: str):
        self.chain = chain
        self.part = part
        self.name = part

    def __truediv__(self, name: str) -> Traversable | Path:
        for package in self.chain:
            found = package.own(self.part, name)
            if found is not None:
                return found
        return self.chain[0].root / self.part / name  # missing: reading it gives the usual "无法读取" error

    def iterdir(self) -> Iterator[Traversable | Path]:
        names: set[str] = set()
        for package in self.chain:
            names.update(package.own_names(self.part))
        return iter([self / n for n in sorted(names)])

    def is_dir(self) -> bool:
        return True

    def __str__(self) -> str:
        return f"{self.chain[0].location}/{self.part}"


class YearRegistry:
    """Every usable year package and every broken one, by year."""

    def __init__(self, packages: dict[str, YearPackage], problems: tuple[PackageProblem, ...]):
        self.packages = packages
        self.problems = problems

    def years(self) -> list[str]:
        return sorted(self.packages)

    def package(self, year: str) -> YearPackage:
        year = str(year)
        if year not in self.packages:
            have = "、".join(self.years()) or "无"
            broken = [p.message for p in self.problems if f"/{year}/" in p.location.replace("\\", "/") + "/"]
            extra = f"（该年度包有错误：{broken[0]}）" if broken else ""
            raise JuesuanError(f"没有 {year} 年度的年度包{extra}。已有年度：{have}。可把年度包文件夹放入用户数据文件夹的 years 下，无需重装。")
        return self.packages[year]

    def chain(self, year: str) -> list[YearPackage]:
        """The package of a year followed by the packages it inherits, nearest first."""
        chain = [self.package(year)]
        while chain[-1].inherits:
            parent = chain[-1].inherits
            if any(p.year == parent for p in chain):
                raise DataFileError(_manifest_label(chain[-1]), f"年度包继承关系成环（{parent}）", None)
            if parent not in self.packages:
                raise DataFileError(_manifest_label(chain[-1]), f"继承的年度包 {parent} 不存在", None)
            chain.append(self.packages[parent])
        return chain

    def folder(self, year: str, part: str) -> YearFolder:
        if part not in PARTS:
            raise ValueError(part)
        return YearFolder(self.chain(year), part)

    def file(self, year: str, part: str, name: str) -> Traversable | Path:
        return self.folder(year, part) / name

    def source_of(self, year: str, part: str, name: str) -> str:
        """Which package a file of a year is read from (for the year list)."""
        for package in self.chain(year):
            if package.own(part, name) is not None:
                return package.year
        return ""

    def describe(self) -> list[dict[str, str]]:
        """One row per package for the year list: year, name, origin, location, inherits, part statuses."""
        rows = []
        for year in self.years():
            p = self.packages[year]
            parts = "；".join(f"{part}：{note.label}" for part, note in p.parts.items())
            rows.append({"year": year, "name": p.name, "origin": p.origin, "location": p.location,
                         "inherits": p.inherits or "", "parts": parts, "replaced": "、".join(p.replaced)})
        return rows


def shared_folders() -> list[Path]:
    """The configured shared folders (network shares) that may hold year packages."""
    folders: list[Path] = []
    env = os.environ.get(SHARED_ENV, "").strip()
    if env:
        folders.extend(Path(p) for p in env.split(os.pathsep) if p.strip())
    try:
        from .logsetup import settings_path

        parser = configparser.ConfigParser(interpolation=None)
        parser.read(settings_path(), encoding="utf-8")
        value = parser.get("years", "shared_folder", fallback="").strip()
        if value:
            folders.append(Path(value))
    except (OSError, configparser.Error, UnicodeDecodeError):
        pass
    return folders


def user_folder() -> Path:
    from .logsetup import data_dir

    return data_dir() / "years"


def _places() -> list[tuple[str, Traversable | Path]]:
    places: list[tuple[str, Traversable | Path]] = [("内置", resource("years"))]
    places.extend(("共享文件夹", folder) for folder in shared_folders())
    places.append(("用户文件夹", user_folder()))
    return places


def _manifest_label(package: YearPackage) -> str:
    return f"{package.location}/{MANIFEST}"


def _location(origin: str, node: Traversable | Path) -> str:
    if origin == "内置":
        return f"resources/years/{node.name}"
    return str(node)


def read_package(node: Traversable | Path, origin: str) -> YearPackage:
    """Read and check one package folder: its manifest and the syntax of every data file (errors name file and line)."""
    location = _location(origin, node)
    manifest = node / MANIFEST
    if not manifest.is_file():
        raise DataFileError(f"{location}/{MANIFEST}", "年度包缺少清单文件 year.toml", None)
    where, text, data = load_toml(manifest, f"{location}/{MANIFEST}")
    for key in data:
        if key not in ("year", "name", "inherits", "parts"):
            raise DataFileError(where, f"未知的项目“{key[:30]}”（可用：year、name、inherits、parts）", line_of(text, key))
    year = str(data.get("year", ""))
    if not re.fullmatch(r"20\d\d", year):
        raise DataFileError(where, "year 应为四位年度，如 year = 2023", line_of(text, "year"))
    if year != node.name:
        raise DataFileError(where, f"清单中的年度 {year} 与文件夹名 {node.name} 不一致", line_of(text, "year"))
    inherits = data.get("inherits")
    if inherits is not None:
        inherits = str(inherits)
        if not re.fullmatch(r"20\d\d", inherits) or inherits == year:
            raise DataFileError(where, "inherits 应为另一个四位年度，如 inherits = \"2022\"", line_of(text, "inherits"))
    parts: dict[str, PartNote] = {}
    raw_parts = data.get("parts", {})
    if not isinstance(raw_parts, dict):
        raise DataFileError(where, "parts 应为 [parts.<部分>] 表", line_of(text, "parts"))
    for part, raw in raw_parts.items():
        line = line_of(text, f"[parts.{part}]")
        if part not in PARTS:
            raise DataFileError(where, f"未知的部分“{part[:30]}”（可用：{'、'.join(PARTS)}）", line)
        if not isinstance(raw, dict) or raw.get("status") not in STATUSES:
            raise DataFileError(where, f"parts.{part} 的 status 应为 {'、'.join(STATUSES)} 之一", line)
        parts[part] = PartNote(str(raw["status"]), str(raw.get("source", "")), str(raw.get("note", "")))
    if inherits is None:
        missing = [p for p in ("templates", "rules", "catalog") if not (node / p).is_dir()]
        if missing:
            raise DataFileError(where, f"不继承其他年度的年度包必须包含 {'、'.join(missing)} 文件夹", None)
    package = YearPackage(year, str(data.get("name", f"{year}年度")), inherits, node, origin, location, parts)
    _check_files(package)
    return package


def _check_files(package: YearPackage) -> None:
    """Parse every TOML file and read every CSV of the package, so a broken file is caught when the package is found."""
    count = 0
    for part in PARTS:
        for name in package.own_names(part):
            count += 1
            if count > MAX_FILES_PER_PACKAGE:
                raise DataFileError(package.location, f"年度包文件过多（超过 {MAX_FILES_PER_PACKAGE} 个）", None)
            node = package.own(part, name)
            label = f"{package.location}/{part}/{name}"
            if name.endswith(".toml"):
                load_toml(node, label)
            elif name.endswith(".csv"):
                read_text(node, label)


def discover() -> YearRegistry:
    """Find every year package in the shipped, shared and user folders (later places replace earlier ones)."""
    packages: dict[str, YearPackage] = {}
    problems: list[PackageProblem] = []
    for origin, base in _places():
        try:
            if not base.is_dir():
                continue
            entries = sorted((e for e in base.iterdir() if e.is_dir() and re.fullmatch(r"20\d\d", e.name)),
                             key=lambda e: e.name)[:MAX_PACKAGES]
        except OSError as exc:
            problems.append(PackageProblem(origin, str(base), f"{base}：无法读取文件夹（{exc.__class__.__name__}）"))
            continue
        for entry in entries:
            try:
                package = read_package(entry, origin)
            except JuesuanError as exc:
                problems.append(PackageProblem(origin, _location(origin, entry), str(exc)))
                continue
            previous = packages.get(package.year)
            if previous is not None:
                package = YearPackage(**{**package.__dict__, "replaced": previous.replaced + (previous.location,)})
            packages[package.year] = package
    for year in list(packages):
        try:
            YearRegistry(packages, ()).chain(year)
        except JuesuanError as exc:
            problems.append(PackageProblem(packages[year].origin, packages[year].location, str(exc)))
            del packages[year]
    return YearRegistry(packages, tuple(problems))


_CACHE: dict[tuple, YearRegistry] = {}
_ON_REFRESH: list[Callable[[], None]] = []


def registry() -> YearRegistry:
    """The year packages for the current data and shared folders (found once per set of folders)."""
    key = (str(user_folder()), tuple(str(p) for p in shared_folders()))
    if key not in _CACHE:
        _CACHE[key] = discover()
    return _CACHE[key]


def refresh() -> YearRegistry:
    """Look for packages again (after IT or the user dropped a folder in) and forget loaded year data."""
    _CACHE.clear()
    for forget in _ON_REFRESH:
        forget()
    return registry()


def on_refresh(forget: Callable[[], None]) -> None:
    """Register a cache of year data to clear when the packages are looked for again."""
    _ON_REFRESH.append(forget)


def year_folder(year: str, part: str) -> YearFolder:
    return registry().folder(str(year), part)


def year_file(year: str, part: str, name: str) -> Traversable | Path:
    return registry().file(str(year), part, name)
