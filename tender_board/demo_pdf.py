"""Small, valid PDF files for the demo's tender documents (招标文件), written by hand so that the
demo needs no PDF library: one A4 page naming the tender in English and in Chinese.

The Chinese lines use the standard CJK font STSong-Light with the UniGB-UCS2-H encoding, which
PDF readers supply themselves, so no font is embedded and the file stays a few kilobytes."""


def _latin(text: str) -> str:
    """A PDF literal string in Helvetica's encoding: non-Latin-1 characters become "?"."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return "(" + escaped.encode("latin-1", "replace").decode("latin-1") + ")"


def _ucs2(text: str) -> str:
    """A PDF hex string for UniGB-UCS2-H: each character as two bytes, big-endian."""
    return "<" + "".join(f"{ord(c):04X}" for c in text if ord(c) <= 0xFFFF) + ">"


def _page_text(lines: list[tuple[str, str, int]]) -> bytes:
    """The page's content stream: (language, text, size) lines from the top of the page down."""
    ops, y = ["BT"], 790
    for lang, line, size in lines:
        font, string = ("/F2", _ucs2(line)) if lang == "zh" else ("/F1", _latin(line))
        ops.append(f"{font} {size} Tf 1 0 0 1 56 {y} Tm {string} Tj")
        y -= size + 12
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def tender_document(title_en: str, title_zh: str, reference: str, heading: tuple[str, str]) -> bytes:
    """A one-page PDF: the document's heading and the tender's reference and title, both languages."""
    heading_zh, heading_en = heading
    lines = [("en", heading_en, 18), ("zh", heading_zh, 18), ("en", reference, 12),
             ("en", title_en, 12), ("zh", title_zh, 12),
             ("en", "Demo data: a placeholder for the real tender documents.", 10),
             ("zh", "演示数据：代替真实的招标文件。", 10)]
    stream = _page_text(lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [7 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
