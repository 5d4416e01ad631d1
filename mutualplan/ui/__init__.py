"""The desktop interface (PySide6)."""
