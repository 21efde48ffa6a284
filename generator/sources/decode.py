"""Bytes -> text: encoding detection with the decision recorded, refusal of non-text input."""

from __future__ import annotations

import codecs

from ..diagnostics import UnreadableSource

# Magic numbers of formats that are certainly not a text letter.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (e.g. .docx)",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}

# Control characters below a space, except \t \n \v \f \r: as UTF-8 bytes (each one byte,
# a value no other character's bytes take), counted by deleting them (faster than a regex).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


def decode_text(raw: bytes, path: str) -> tuple[str, list[str]]:
    """Decode a text letter. Returns the text (``\\n`` line ends) and notes on decisions."""
    notes: list[str] = []
    if not raw:
        raise UnreadableSource(path, "empty file: no letter text")
    if not raw.strip():
        raise UnreadableSource(path, "only whitespace: no letter text")
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise UnreadableSource(path, f"this is {what}, not a text letter")
    text = _decode_bytes(raw, path, notes)
    if "\r" in text:  # (one character is looked for faster than the two replaces)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableSource(path, "only whitespace: no letter text")
    encoded = text.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    if controls > max(3, len(text) // 200):
        raise UnreadableSource(path, f"binary data ({controls} control characters), not text")
    return text, notes


def _decode_bytes(raw: bytes, path: str, notes: list[str]) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        notes.append("UTF-8 byte order mark removed")
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        notes.append("decoded as UTF-16 (byte order mark found)")
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableSource(path, f"broken UTF-16 at byte {exc.start}") from None
    if b"\x00" in raw[:4096]:
        raise UnreadableSource(path, "binary data (NUL bytes), not a text letter")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        notes.append(
            f"not valid UTF-8 (line {line}, byte {exc.start}); decoded as Windows-1252, "
            "check accented letters"
        )
        return raw.decode("cp1252", errors="replace")
