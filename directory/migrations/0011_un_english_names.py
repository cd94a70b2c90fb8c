"""The States' English names become the UN's English short names (they were CLDR's until now)."""

from django.db import migrations


def to_un_names(apps, schema_editor):
    from directory.names import state_names_in

    _rename(apps, state_names_in("en"))


def to_cldr_names(apps, schema_editor):
    from babel import Locale

    _rename(apps, Locale("en").territories)


def _rename(apps, english: dict[str, str]) -> None:
    State = apps.get_model("directory", "State")
    states = list(State.objects.all())
    for state in states:
        state.english_name = english.get(state.iso2) or state.english_name
    State.objects.bulk_update(states, ["english_name"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_search_text_statistics")]

    operations = [migrations.RunPython(to_un_names, to_cldr_names)]
