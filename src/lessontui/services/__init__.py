"""Services that talk to the world (yt-dlp, mpv, export, search); no Textual here."""
