"""Checks shared by every upload of a spreadsheet (registry import, XLSForm import)."""

from __future__ import annotations

import io
import zipfile

# An .xlsx is a zip archive: the byte limit on the upload says nothing of what openpyxl
# inflates in memory (it reads the shared strings whole, even in read-only mode). A 5 MB
# workbook of real data inflates to a few tens of MB; a "zip bomb" to gigabytes.
XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024


def xlsx_inflates_too_much(data: bytes, *, limit: int | None = None) -> bool:
    """True when the archive's members add up to more than `limit` bytes once inflated.

    Not a zip at all answers False: reading it fails later with the usual message.
    """
    limit = XLSX_MAX_UNCOMPRESSED_BYTES if limit is None else limit
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist()) > limit
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
