"""Rapport's use cases: they read and write the database and apply the rules. No Qt."""
