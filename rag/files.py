"""Which files of an articles folder belong to the collection: the one rule that reading the
articles and fingerprinting them for the index both follow.

A collection is the regular files inside its folder. A symlink may point to another file
of the same folder tree, but never outside it (`ln -s /etc/passwd seeds/x.txt` must not be
indexed and quoted), and special files (FIFOs, devices, sockets) are never opened: reading
one can block forever or never end.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)


def outside_reason(path: Path, root: Path) -> str | None:
    """Why `path` is not part of the collection rooted at `root` (None when it is)."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a broken or looping symbolic link"
        if not target.is_relative_to(root.resolve()):
            return f"a symbolic link to {target}, outside the articles folder"
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not stat.S_ISREG(mode):
        return "not a regular file" if not stat.S_ISDIR(mode) else "a folder"
    return None


def collection_files(folder: Path, warn: bool = False) -> list[Path]:
    """Sorted regular files directly in `folder` (hidden files and sub-folders left out),
    following no symlink that leaves it; with `warn`, each skipped file is logged once."""
    folder = Path(folder)
    files: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        reason = outside_reason(path, folder)
        if reason is None:
            files.append(path)
        elif warn and reason != "a folder":
            log.warning("skipping %s: %s", path, reason)
    return files
