# The discussion's replies move from the core (classroom.DiscussionReply) to this app; existing
# replies are copied, then classroom's 0002 drops the old table.

import django.db.models.deletion
from django.db import migrations, models


def _copy(source, target):
    target.objects.bulk_create(
        [
            target(
                id=r.id,
                session_id=r.session_id,
                activity_id=r.activity_id,
                participant_id=r.participant_id,
                text=r.text,
                hidden=r.hidden,
                created_at=r.created_at,
            )
            for r in source.objects.all().iterator()
        ],
        batch_size=1000,
    )


def copy_replies(apps, schema_editor):
    _copy(apps.get_model("classroom", "DiscussionReply"), apps.get_model("discussions", "Reply"))


def copy_back(apps, schema_editor):
    _copy(apps.get_model("discussions", "Reply"), apps.get_model("classroom", "DiscussionReply"))


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
