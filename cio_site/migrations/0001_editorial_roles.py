"""Editorial roles: "Editors" edit and publish pages, surveys and figures; "Contributors" edit pages
and submit them for moderation, which Editors approve.

Wagtail's initial data already has two groups with these powers under other names: its "Editors"
add and edit pages without publishing (our Contributors) and its "Moderators" publish (our
Editors), and its default workflow asks Moderators to approve. They are renamed and completed
rather than duplicated; whatever is missing is created. Later changes by an administrator are never
touched again: this runs once, as a migration.
"""

from django.db import migrations

PAGE_PERMISSIONS = {
    "Editors": ["add", "change", "publish", "lock", "unlock"],
    "Contributors": ["add", "change", "lock"],
}
SNIPPET_PERMISSIONS = {
    "Editors": ["add", "change", "delete", "view"],
    # Figures go live when saved (no drafts yet), so Contributors may read and choose them only.
    "Contributors": ["view"],
}
COLLECTION_PERMISSIONS = {"Editors": ["add", "change", "choose"], "Contributors": ["add", "choose"]}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    # Django creates permissions after all migrations; create the ones we need now, as it will.
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {codename.split('_')[0]} {model}"}
    )
    return found


def group_named(apps, name, *, formerly):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=name).first()
    if group is None:
        group = Group.objects.filter(name=formerly).first()
        if group is not None:
            group.name = name
            group.save()
        else:
            group = Group.objects.create(name=name)
    return group


def create_roles(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Order matters: Wagtail's "Editors" become Contributors before "Moderators" become Editors.
    groups = {
        "Contributors": group_named(apps, "Contributors", formerly="Editors"),
    }
    groups["Editors"] = group_named(apps, "Editors", formerly="Moderators")

    root = Page.objects.filter(depth=1).order_by("path").first()
    collection = Collection.objects.filter(depth=1).order_by("path").first()
    for name, group in groups.items():
        group.permissions.add(permission(apps, "wagtailadmin", "admin", "access_admin"))
        for model in ("survey", "figure"):
            group.permissions.add(
                *[permission(apps, "stats", model, f"{action}_{model}") for action in SNIPPET_PERMISSIONS[name]]
            )
        if root is not None:
            for action in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission(apps, "wagtailcore", "page", f"{action}_page")
                )
        if collection is not None:
            for model, app_label in (("image", "wagtailimages"), ("document", "wagtaildocs")):
                for action in COLLECTION_PERMISSIONS[name]:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=collection,
                        permission=permission(apps, app_label, model, f"{action}_{model}"),
                    )
    # Contributors never publish, whatever an older setup gave Wagtail's "Editors".
    GroupPagePermission.objects.filter(
        group=groups["Contributors"], permission__codename__in=["publish_page", "unlock_page"]
    ).delete()

    if root is not None:
        create_review_workflow(apps, root, groups["Editors"])


def create_review_workflow(apps, root, editors):
    """Pages that Contributors submit go to the Editors for approval."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name="Editors' approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Editors' approval", content_type=task_type, active=True)
    task.groups.set([editors])

    workflow, created = Workflow.objects.get_or_create(name="Article review", defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    # The root's workflow covers every page below it; it replaces Wagtail's "Moderators approval".
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    Workflow.objects.filter(name="Moderators approval", workflow_pages__isnull=True).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("stats", "0001_initial"),
        ("articles", "0002_body_infographics"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
