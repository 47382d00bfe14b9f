"""Rapport's command line: every feature of the app, scriptable."""
