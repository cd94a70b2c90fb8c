"""A default OAS measure installed before its French, Portuguese, Arabic, Russian and Chinese texts
existed gets them, as a catalogue installed now has them.

Only a measure whose original text is still exactly the default Spanish one, word for word, is
filled, and only in the languages it has no text in: a text someone wrote is never replaced. A
catalogue's name and introduction are not installed with a default text (an empty name reads as the
usual, translated title), so there is nothing to give them.

The texts come from ``cbm.defaults`` as they are when the migration runs: it only ever fills what is
missing, so a later correction of a translation there reaches the catalogues that still lack that
language, and a changed Spanish text matches no measure.

Going back leaves the added texts in place: the previous state has the same columns, where they are
translations like any other, and the migration cannot tell the texts it added from the same texts
installed after it or pasted by a manager, so removing them could remove someone's text.
"""

from django.db import migrations

from cbm.defaults import OAS_CYBER_CBMS, ORIGINAL_LANGUAGE


def give_default_measures_every_language(apps, schema_editor):
    Measure = apps.get_model("cbm", "Measure")
    translations_of = {default.text: default.translations for default in OAS_CYBER_CBMS}
    untouched = Measure.objects.filter(original_language=ORIGINAL_LANGUAGE, text__in=list(translations_of))
    for measure in untouched:
        written = measure.text_translations or {}
        missing = {
            language: text for language, text in translations_of[measure.text].items() if not written.get(language)
        }
        if missing:
            measure.text_translations = {**written, **missing}
            measure.save(update_fields=["text_translations"])


class Migration(migrations.Migration):
    dependencies = [
        ("cbm", "0002_texts_in_languages"),
    ]

    operations = [
        migrations.RunPython(give_default_measures_every_language, migrations.RunPython.noop),
    ]
