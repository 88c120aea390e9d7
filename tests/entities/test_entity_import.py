"""Importing the entity package stays light: spaCy is only loaded when text is analysed."""

from __future__ import annotations

import subprocess
import sys


def test_import_does_not_load_spacy() -> None:
    code = "import sys, reader.entities, reader.entities.cli; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
