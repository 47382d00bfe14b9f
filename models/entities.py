"""Peewee models for every table. All DateTimeField values are naive UTC instants.

The schema itself is created by the migrations in ``models/migrations``; these
classes only describe it (a test checks that both agree).
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database_proxy = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Circle(BaseModel):
    id = AutoField()
    name = CharField(unique=True)
    cadence_days = IntegerField(null=True)
    importance = IntegerField(default=0)
    position = IntegerField(default=0)


class Contact(BaseModel):
    id = AutoField()
    first_name = TextField(default="")
    last_name = TextField(default="")
    display_name = TextField()
    name_key = TextField(default="")
    company = TextField(default="")
    company_key = TextField(default="")
    position = TextField(default="")
    linkedin_url = TextField(null=True, unique=True)
    location = TextField(default="")
    how_met = TextField(default="")
    connected_on = DateField(null=True)
    birthday = TextField(null=True)  # "YYYY-MM-DD", or "--MM-DD" when the year is unknown
    notes = TextField(default="")
    circle = ForeignKeyField(Circle, backref="contacts")
    cadence_days = IntegerField(null=True)
    snoozed_until = DateTimeField(null=True)
    archived = BooleanField(default=False)
    initiated_by = TextField(null=True)  # "me" or "them", from LinkedIn invitations
    created_at = DateTimeField()
    updated_at = DateTimeField()
    search_text = TextField(default="")
    last_touch_at = DateTimeField(null=True)
    last_touch_kind = TextField(null=True)
    last_touch_direction = TextField(null=True)
    engagement = FloatField(default=0.0)  # decayed engagement E as of engagement_on
    engagement_on = DateField(null=True)


class ContactEmail(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="emails", on_delete="CASCADE")
    email = TextField()
    label = TextField(default="")


class ContactPhone(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="phones", on_delete="CASCADE")
    phone = TextField()
    label = TextField(default="")


class ContactUrl(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="urls", on_delete="CASCADE")
    url = TextField()
    label = TextField(default="")


class Tag(BaseModel):
    id = AutoField()
    name = TextField(unique=True)


class ContactTag(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="contact_tags", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="contact_tags", on_delete="CASCADE")


class Interaction(BaseModel):
    id = AutoField()
    kind = TextField()
    direction = TextField(default="out")  # "out": I reached out; "in": they did
    occurred_at = DateTimeField()
    duration_minutes = IntegerField(null=True)
    note = TextField(default="")
    source_key = TextField(null=True, unique=True)  # set by importers, for idempotent re-import
    created_at = DateTimeField()


class InteractionContact(BaseModel):
    id = AutoField()
    interaction = ForeignKeyField(Interaction, backref="participants", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="interaction_links", on_delete="CASCADE")


class Exchange(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="exchanges", on_delete="CASCADE")
    kind = TextField()
    direction = TextField()  # gave | received | they_asked | i_asked
    status = TextField(default="done")  # open | done | declined
    occurred_on = DateField()
    note = TextField(default="")
    source_key = TextField(null=True, unique=True)
    created_at = DateTimeField()


class CheckIn(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="checkins", on_delete="CASCADE")
    starts_at = DateTimeField()
    minutes = IntegerField(default=10)
    channel = TextField(default="call")
    status = TextField(default="planned")  # planned | done | skipped
    uid = TextField(unique=True)
    note = TextField(default="")
    interaction = ForeignKeyField(Interaction, null=True, on_delete="SET NULL")
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "checkin"


class Share(BaseModel):
    id = AutoField()
    url = TextField(unique=True)
    title = TextField(default="")
    topics = TextField(default="")  # comma-separated topic tags
    note = TextField(default="")
    created_at = DateTimeField()


class ShareRecipient(BaseModel):
    id = AutoField()
    share = ForeignKeyField(Share, backref="recipients", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="shares_received", on_delete="CASCADE")
    interaction = ForeignKeyField(Interaction, null=True, on_delete="SET NULL")
    sent_at = DateTimeField()


class NotificationLog(BaseModel):
    id = AutoField()
    kind = TextField()
    dedupe_key = TextField(unique=True)
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    title = TextField()
    body = TextField(default="")
    channel = TextField(default="")
    sent_at = DateTimeField()


class Setting(BaseModel):
    key = TextField(primary_key=True)
    value = TextField()  # JSON


ALL_MODELS: list[type[BaseModel]] = [
    Circle,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactUrl,
    Tag,
    ContactTag,
    Interaction,
    InteractionContact,
    Exchange,
    CheckIn,
    Share,
    ShareRecipient,
    NotificationLog,
    Setting,
]
