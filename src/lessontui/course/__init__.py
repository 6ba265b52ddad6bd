"""The course model: files on disk, lessons, checklist and timestamps; no Textual here."""
