"""A second PDF reader for the tests, independent of poppler: the text Qt's PDF writer draws, page by page.

Qt writes each glyph as `<cid> Tj` with an Identity-H font and a ToUnicode CMap; this reads the CMaps, follows the
page tree in order and maps every shown glyph back to its character. Enough for Qt's own output, nothing more."""

from __future__ import annotations

import re
import zlib

OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
SHOW = re.compile(rb"<([0-9A-Fa-f]+)>\s*Tj|\[((?:[^\]\\]|\\.)*)\]\s*TJ|/(F\d+)\s+[\d.]+\s+Tf")


def _stream(body: bytes) -> bytes:
    found = STREAM.search(body)
    if found is None:
        return b""
    raw = found.group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body[: body.find(b"stream")] else raw


def _cmap(data: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst, listed in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])", block):
            cids = range(int(lo, 16), int(hi, 16) + 1)
            if dst:
                start = int(dst, 16)
                out.update({cid: chr(start + n) for n, cid in enumerate(cids)})
            else:
                targets = re.findall(rb"<([0-9A-Fa-f]+)>", listed)
                out.update({cid: bytes.fromhex(t.decode()).decode("utf-16-be") for cid, t in zip(cids, targets)})
    return out


def pages(data: bytes) -> list[str]:
    """The text of each page, in drawing order, without spaces between glyphs."""
    objects = {int(n): body for n, body in OBJ.findall(data)}
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        if b"/ToUnicode" in body and b"/Type0" in body:
            ref = re.search(rb"/ToUnicode (\d+) 0 R", body)
            name = re.search(rb"/BaseFont /(\S+)", body)
            if ref and name:
                fonts[name.group(1)] = _cmap(_stream(objects[int(ref.group(1))]))
    root = re.search(rb"/Type\s*/Pages\s*/Kids\s*\[([^\]]*)\]", data)
    assert root is not None, "no page tree"
    texts = []
    for page_ref in re.findall(rb"(\d+) 0 R", root.group(1)):
        page = objects[int(page_ref)]
        contents = re.search(rb"/Contents (\d+) 0 R", page)
        resources = objects[int(re.search(rb"/Resources (\d+) 0 R", page).group(1))]
        font_refs = dict(re.findall(rb"/(F\d+) (\d+) 0 R", resources))
        stream = _stream(objects[int(contents.group(1))])
        cmap: dict[int, str] = {}
        chars = []
        for hexed, array, font in SHOW.findall(stream):
            if font:
                body = objects[int(font_refs[font])]
                name = re.search(rb"/BaseFont /(\S+)", body)
                cmap = fonts.get(name.group(1), {}) if name else {}
                continue
            for part in [hexed] if hexed else re.findall(rb"<([0-9A-Fa-f]+)>", array):
                for i in range(0, len(part), 4):
                    chars.append(cmap.get(int(part[i:i + 4], 16), "\ufffd"))
        texts.append("".join(chars))
    return texts
