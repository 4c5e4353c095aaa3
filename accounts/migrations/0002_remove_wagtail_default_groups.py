from django.db import migrations

# Wagtail's first migrations create these with add, edit and publish rights at
# the tree root, above every unit's shelf; the platform's roles replace them.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        # Each of these gives the groups more permissions, so run after them all.
        ("wagtailcore", "0005_add_page_lock_permission_to_moderators"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
