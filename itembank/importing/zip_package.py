"""Open an uploaded zip package without trusting it.

Checked before anything is extracted or parsed: the member count, every member name (no
absolute paths, no `..`, no backslashes or drive letters, no symbolic links: a "zip slip"
must not name a file outside the package), the total uncompressed size, each member's
compression ratio (a zip bomb inflates a few kilobytes into gigabytes) and encryption.
Members are read with a hard byte limit, since the sizes in a zip header can lie. Nothing
is written to disk.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
import zlib
from dataclasses import dataclass

from itembank.importing.decoding import human_size
from itembank.importing.problems import BankFileInvalid, file_problem
from itembank.problems import Problem

MAX_MEMBERS = 50_000
MAX_RATIO = 200
"""XML compresses about 5 to 20 times; a bomb's ratio is in the thousands."""
_RATIO_FLOOR = 1024 * 1024
"""Members smaller than this cannot do harm whatever their ratio."""


@dataclass(frozen=True, slots=True)
class ZipPackage:
    """The members' names and a bounded reader; members are read on demand."""

    archive: zipfile.ZipFile
    names: frozenset[str]
    max_member_bytes: int

    def read(self, name: str) -> bytes:
        info = self.archive.getinfo(name)
        try:
            with self.archive.open(info) as member:
                data = member.read(self.max_member_bytes + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as error:
            raise file_problem(f"package member '{name}' cannot be read: {error}") from None
        if len(data) > self.max_member_bytes or len(data) != info.file_size:
            raise file_problem(
                f"package member '{name}' is larger than its zip header says; the package is "
                "damaged or hostile"
            )
        return data


def open_zip_package(data: bytes, max_total_bytes: int) -> ZipPackage:
    """The package, or `BankFileInvalid` listing every unsafe member."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise file_problem(f"not a readable zip package: {error}") from None
    if len(infos) > MAX_MEMBERS:
        raise file_problem(
            f"the package has {len(infos):,} members, over the limit of {MAX_MEMBERS:,}"
        )
    problems: list[Problem] = []
    total = 0
    for info in infos:
        reason = _unsafe_reason(info)
        if reason is not None:
            problems.append(Problem(item=None, line=None, field=info.filename, reason=reason))
        total += info.file_size
    if total > max_total_bytes:
        problems.append(
            Problem(
                item=None,
                line=None,
                field=None,
                reason=f"the package unpacks to {human_size(total)}, over the limit of "
                f"{human_size(max_total_bytes)}",
            )
        )
    if problems:
        raise BankFileInvalid(problems)
    names = frozenset(info.filename for info in infos if not info.is_dir())
    return ZipPackage(archive=archive, names=names, max_member_bytes=max_total_bytes)


def _unsafe_reason(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    normalised = posixpath.normpath(name)
    if (
        "\\" in name
        or name.startswith("/")
        or (len(name) > 1 and name[1] == ":")
        or normalised == ".."
        or normalised.startswith("../")
        or "\x00" in name
    ):
        return "unsafe member name: it points outside the package (zip slip); refused"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic links are not allowed in a package"
    if info.flag_bits & 0x1:
        return "encrypted members cannot be read; upload an unencrypted package"
    if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (
            f"compressed {info.file_size / max(info.compress_size, 1):,.0f} times "
            f"({human_size(info.compress_size)} to {human_size(info.file_size)}), over the "
            f"limit of {MAX_RATIO}: a zip bomb is refused"
        )
    return None


def resolve_href(base: str, href: str) -> str | None:
    """The member name an href in `base` points to, or None when it leaves the package."""
    if "://" in href or href.startswith("/") or "\\" in href:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), href))
    if joined == ".." or joined.startswith("../"):
        return None
    return joined
