import django.db.models.deletion
from django.db import migrations, models


# Blob moved to the files app on the same table (issue 12 « Shape »): the foreign keys
# change in the migration state only, the database keeps its columns and constraints.


class Migration(migrations.Migration):

    dependencies = [
        ('files', '0001_initial'),
        ('registry', '0005_attestation_pdf_rendered_by_worker'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='edition',
                    name='csv_blob',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.blob'),
                ),
                migrations.AlterField(
                    model_name='edition',
                    name='json_blob',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.blob'),
                ),
            ],
        ),
    ]
