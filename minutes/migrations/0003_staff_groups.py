"""Staff groups: ``editors`` enter and correct records, ``viewers`` read them.

Editors may add and change every archive record, delete child rows (attendance, speeches …),
posts and aliases, and delete meetings — the admin refuses to delete a *published* meeting
(MeetingAdmin.has_delete_permission). Publishing and withdrawing need the custom permission
``minutes.publish_meeting``, which only editors (and superusers) hold. Viewers get view
permissions only; history rows are written by the archive, never by hand. Permissions are created here first so the groups exist on a fresh database.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ARCHIVE_APPS = ("minutes", "people", "orgunits")
# Rows editors may delete outright; meetings are deletable only while not published.
DELETABLE = {
    "minutes": {"meeting", "attendance", "speech", "directive", "appointment", "decision", "task"},
    "people": {"post", "personpinyinkey"},
    "orgunits": {"orgunitalias"},
}


def create_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    for label in ARCHIVE_APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps, using=db)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    meeting_type = ContentType.objects.db_manager(db).get(app_label="minutes", model="meeting")
    publish, _ = Permission.objects.using(db).get_or_create(
        content_type=meeting_type, codename="publish_meeting", defaults={"name": "Can publish meeting"}
    )

    editors, _ = Group.objects.using(db).get_or_create(name="editors")
    viewers, _ = Group.objects.using(db).get_or_create(name="viewers")
    editor_perms, viewer_perms = [publish], []
    for perm in Permission.objects.using(db).filter(content_type__app_label__in=ARCHIVE_APPS).select_related(
        "content_type"
    ):
        action, _, model = perm.codename.partition("_")
        app = perm.content_type.app_label
        if action == "view":
            viewer_perms.append(perm)
            editor_perms.append(perm)
        elif action in {"add", "change"} and not model.startswith("historical"):
            editor_perms.append(perm)
        elif action == "delete" and model in DELETABLE.get(app, set()):
            editor_perms.append(perm)
    editors.permissions.add(*editor_perms)
    viewers.permissions.add(*viewer_perms)


def remove_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(db).filter(name__in=["editors", "viewers"]).delete()
    apps.get_model("auth", "Permission").objects.using(db).filter(
        content_type__app_label="minutes", codename="publish_meeting"
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("minutes", "0002_initial"),
        ("people", "0001_initial"),
        ("orgunits", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
