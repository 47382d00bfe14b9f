"""Rapport's data layer: peewee models over one SQLite file, migrations and backups."""
