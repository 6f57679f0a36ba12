# The discussion's replies move from the core (classroom.DiscussionReply) to this app; existing
# replies are copied, then classroom's 0002 drops the old table.

import django.db.models.deletion
from django.db import migrations, models


def copy_replies(apps, schema_editor):
    old = apps.get_model("classroom", "DiscussionReply")
    new = apps.get_model("discussions", "Reply")
    new.objects.bulk_create(
        [
            new(
                id=r.id,
                session_id=r.session_id,
                activity_id=r.activity_id,
                participant_id=r.participant_id,
                text=r.text,
                hidden=r.hidden,
                created_at=r.created_at,
            )
            for r in old.objects.all().iterator()
        ],
        batch_size=1000,
    )


def copy_back(apps, schema_editor):
    old = apps.get_model("classroom", "DiscussionReply")
    new = apps.get_model("discussions", "Reply")
    old.objects.bulk_create(
        [
            old(
                id=r.id,
                session_id=r.session_id,
                activity_id=r.activity_id,
                participant_id=r.participant_id,
                text=r.text,
                hidden=r.hidden,
                created_at=r.created_at,
            )
            for r in new.objects.all().iterator()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("classroom", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Reply",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.CharField(max_length=280)),
                ("hidden", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("activity", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="replies", to="classroom.activity")),
                ("participant", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="replies", to="classroom.participant")),
                ("session", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="replies", to="classroom.livesession")),
            ],
            options={
                "verbose_name_plural": "replies",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.RunPython(copy_replies, copy_back),
    ]
