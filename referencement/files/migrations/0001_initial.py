import django.utils.timezone
from django.db import migrations, models


# The Blob model moved from evidence (issue 12 « Shape »): its table, evidence_blob, stays
# where it is (Meta.db_table) and no row moves; only the migration state changes, and the
# content type follows the model.


def _relabel(apps, old: str, new: str) -> None:
    """The content type follows the model, unless the migrate command made it already."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="blob").exists():
        ContentType.objects.filter(app_label=old, model="blob").update(app_label=new)


def adopt_content_type(apps, schema_editor):
    _relabel(apps, "evidence", "files")


def return_content_type(apps, schema_editor):
    _relabel(apps, "files", "evidence")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('evidence', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Blob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sha256', models.CharField(max_length=64, unique=True, verbose_name='SHA-256')),
                        ('size', models.PositiveBigIntegerField(verbose_name='taille (octets)')),
                        ('content_type', models.CharField(max_length=100, verbose_name='type détecté')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={
                        'verbose_name': 'fichier stocké',
                        'db_table': 'evidence_blob',
                    },
                ),
            ],
            database_operations=[
                migrations.RunPython(adopt_content_type, return_content_type),
            ],
        ),
    ]
