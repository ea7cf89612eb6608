import django.db.models.deletion
from django.db import migrations, models


# Blob moved to the files app on the same table (issue 12 « Shape »): the foreign keys
# change in the migration state only, the database keeps its columns and constraints.


class Migration(migrations.Migration):

    dependencies = [
        ('candidatures', '0009_charter_text_sha256'),
        ('files', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='attachment',
                    name='blob',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.blob'),
                ),
                migrations.AlterField(
                    model_name='candidature',
                    name='cnda_filing_proof',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.blob', verbose_name='preuve de dépôt de la demande CNDA'),
                ),
                migrations.AlterField(
                    model_name='candidature',
                    name='documentation',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.blob', verbose_name='documentation logicielle'),
                ),
                migrations.AlterField(
                    model_name='candidature',
                    name='honour_attestation',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.blob', verbose_name="attestation sur l'honneur"),
                ),
                migrations.AlterField(
                    model_name='candidature',
                    name='wave1_attestation',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.blob', verbose_name='attestation de référencement vague 1'),
                ),
                migrations.AlterField(
                    model_name='consortiummember',
                    name='mandate',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.blob'),
                ),
            ],
        ),
    ]
