"""The calendar push state: which check-in events the user's CalDAV calendar holds.

The table is created by ``models/migrations/0003_calendar_sync.py``. It records what was
last sent to the calendar, not what should be sent: the services compare it with the
check-ins themselves, so any change made anywhere (window, command line, a restore) is
noticed without every writer having to remember to queue it.
"""

from __future__ import annotations

from peewee import DateTimeField, IntegerField, TextField

from models.entities import BaseModel


class CalendarPush(BaseModel):
    uid = TextField(primary_key=True)  # the check-in's UID, which is the event's UID
    checkin_id = IntegerField(null=True)  # for display only: ids of deleted check-ins are reused
    # What the calendar holds (see services.calendar_sync); None: not known to be there.
    pushed_fingerprint = TextField(null=True)
    attempts = IntegerField(default=0)  # failed attempts since the last success
    last_error = TextField(default="")
    updated_at = DateTimeField()

    class Meta:
        table_name = "calendar_push"


CALENDAR_MODELS: list[type[BaseModel]] = [CalendarPush]
