"""What an import did, as lines of plain text for the CLI and the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lessontui.services.importer import ImportResult


def summary_lines(result: ImportResult) -> list[str]:
    """What an import did, in lines for the CLI and the app (plain text, not markup)."""
    course = result.course
    lines = [
        f"{'Made' if result.created else 'Refreshed'} course {course.title!r} in {course.root}",
        f"  {len(result.added)} added, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged, {len(result.failures)} failed",
    ]
    lines += [f"  updated {x.path.name}: {', '.join(f)}" for x, f in result.updated]
    lines += [f"  kept your edits in {x.path.name}: {', '.join(f)}" for x, f in result.kept]
    if result.removed:
        names = ", ".join(x.path.name for x in result.removed)
        lines.append(f"  no longer in the playlist (kept): {names}")
    lines += [f"  FAILED {failure}" for failure in result.failures]
    lines += [f"  warning: {warning}" for warning in result.warnings]
    downloads = result.downloads
    if downloads is not None:
        lines.append(
            f"  downloads: {len(downloads.downloaded)} done, "
            f"{len(downloads.skipped)} already there, {len(downloads.failures)} failed"
        )
        lines += [f"  FAILED download {failure}" for failure in downloads.failures]
    if result.cancelled or (downloads is not None and downloads.cancelled):
        lines.append("Cancelled; run the import again to continue.")
    elif not result.ok:
        lines.append("Some entries failed; the others were imported. Run again to retry.")
    return lines
