import django.db.models.deletion
from django.db import migrations, models


# Blob moved to the files app on the same table (issue 12 « Shape »): the foreign keys
# change in the migration state only, the database keeps its columns and constraints.


class Migration(migrations.Migration):

    dependencies = [
        ('college', '0005_reserve_correction_judged_by_instructor'),
        ('files', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='reservecorrection',
                    name='blob',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.blob'),
                ),
            ],
        ),
    ]
