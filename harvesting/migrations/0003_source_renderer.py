from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("harvesting", "0002_dry_runs"),
    ]

    operations = [
        migrations.AddField(
            model_name="harvestsource",
            name="renderer",
            field=models.CharField(
                choices=[
                    ("none", "Aucun (HTML statique)"),
                    ("chromium", "Chromium (pages construites en JavaScript)"),
                ],
                default="none",
                help_text=(
                    "Pour les sites dont la liste des projets est construite en JavaScript "
                    "(bouton « Voir plus », défilement infini) : les pages de liste sont "
                    "ouvertes dans un navigateur sans écran, sous les mêmes protections que "
                    "les autres lectures."
                ),
                max_length=10,
                verbose_name="rendu JavaScript",
            ),
        ),
    ]
