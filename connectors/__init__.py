"""The outside world: importers (LinkedIn exports, vCards, Google Contacts CSV), exporters,
calendars, secrets and notifiers. No Qt, and nothing here imports ``services`` or ``ui``.

Importers read files into plain records (``connectors.records``) and never touch the
database; ``services.importing`` applies what they found.
"""
