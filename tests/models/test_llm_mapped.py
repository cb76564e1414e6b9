"""drop_mapped_pages: resident pages of a read-only file mapping go, the data stays."""

from __future__ import annotations

import mmap
import sys
from pathlib import Path

import pytest

from models.llm.mapped import drop_mapped_pages

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux madvise")


def _resident_kb(path: Path) -> int:
    """Rss of this process's mappings of `path`, from /proc/self/smaps."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and ":" not in head[0]:
            inside = len(head) >= 6 and head[5] == str(path.resolve())
        elif inside and head[0] == "Rss:":
            total += int(head[1])
    return total


def test_drops_resident_pages_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "weights.bin"
    data = bytes(range(256)) * (16 * 1024 * 4)  # 16 MB
    path.write_bytes(data)
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as view:
        checksum = sum(view[i] for i in range(0, len(view), 4096))  # touch every page
        before = _resident_kb(path)
        assert before >= 15 * 1024

        advised = drop_mapped_pages(path)

        assert advised >= len(data)
        assert _resident_kb(path) < before // 8
        assert sum(view[i] for i in range(0, len(view), 4096)) == checksum  # reads back


def test_unmapped_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.bin"
    path.write_bytes(b"x" * 4096)
    assert drop_mapped_pages(path) == 0
