"""Everything that imports PySide6: the window, its models, commands and background tasks."""

import ctypes
import sys

if sys.version_info < (3, 12):
    # PySide6 6.12 on Python 3.11 drops a reference to None on every call of a void Qt method; after
    # enough calls None is "deallocated" and the interpreter aborts. Python 3.12+ makes None immortal;
    # here we give it a reference count that no session can use up.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
