"""Rapport's rules: pure functions over plain data. No Qt, no I/O, the clock injected."""
