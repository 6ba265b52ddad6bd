"""course/, services/ and render/ must work without Textual (docs/design.md's layers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import lessontui

PACKAGE = Path(lessontui.__file__).parent


def test_model_and_services_do_not_import_textual() -> None:
    modules = [
        f"lessontui.{folder}.{path.stem}"
        for folder in ("course", "services", "render")
        for path in sorted((PACKAGE / folder).glob("*.py"))
        if path.stem != "__init__"
    ]
    assert "lessontui.course.document" in modules
    # A meta path hook that refuses textual: any import of it fails loudly.
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'textual' or name.startswith('textual.'):\n"
        "            raise ImportError('textual imported by ' + repr(name))\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
