"""The Editors group, for migrations: each app grants it the permissions on its own models."""

from django.contrib.auth.management import create_permissions


def grant_editors(apps, app_label, codenames):
    """Add `codenames` of `app_label` to the Editors group (made if missing). Adds, never
    replaces: apps' migrations run in any order and each grants its own."""
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    editors, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
