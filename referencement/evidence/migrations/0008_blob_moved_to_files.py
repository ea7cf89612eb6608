import django.db.models.deletion
from django.db import migrations, models


# Blob moved to the files app on the same table (issue 12 « Shape »): the foreign key
# changes and the model leaves evidence in the migration state only; the table, its rows
# and the constraints stay.


class Migration(migrations.Migration):

    dependencies = [
        ('candidatures', '0010_blob_moved_to_files'),
        ('college', '0006_blob_moved_to_files'),
        ('evidence', '0007_equivalence_claim_verdict'),
        ('files', '0001_initial'),
        ('registry', '0006_blob_moved_to_files'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='evidenceversion',
                    name='blob',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='files.blob'),
                ),
                migrations.DeleteModel(
                    name='Blob',
                ),
            ],
        ),
    ]
