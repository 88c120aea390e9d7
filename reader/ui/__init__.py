"""Everything that imports PySide6: the window, its models, commands and background tasks."""
