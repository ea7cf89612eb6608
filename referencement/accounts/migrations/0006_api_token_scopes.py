from django.db import migrations, models


class Migration(migrations.Migration):
    """Issue 16 item 4: tokens get scopes. Tokens created before could deposit: they keep
    both scopes; a new token reads only unless its owner asks for more."""

    dependencies = [
        ("accounts", "0005_roles_set_and_verified_representative"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.CharField(default="read deposit", max_length=50, verbose_name="portées"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scopes",
            field=models.CharField(default="read", max_length=50, verbose_name="portées"),
        ),
    ]
