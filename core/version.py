"""Rapport's name and version: the one place they are written.

The command line, the About box, the installers (pyinstaller.spec, the .deb, the Inno Setup
script, the macOS Info.plist) and the release workflow all read them from here.
"""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Rapport"
