from django.db import migrations


def load(apps, schema_editor):
    from directory.reference_data import load_states

    load_states(apps.get_model("directory", "State"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
