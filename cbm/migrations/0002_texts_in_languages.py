"""Catalogues get a name and description, and a measure's text one column in its original language.

A measure's Spanish text (the OAS original) becomes its text in its original language, Spanish, and
its English text that text's English translation; going back restores both columns.
"""

from django.db import migrations, models

import enlace.translated_texts


def texts_by_language(apps, schema_editor):
    Measure = apps.get_model("cbm", "Measure")
    for measure in Measure.objects.all():
        measure.original_language = "es"
        measure.text = measure.text_es or measure.text_en
        if not measure.text_es:
            measure.original_language = "en"
        measure.text_translations = {"en": measure.text_en} if measure.text_es and measure.text_en else {}
        measure.save(update_fields=["original_language", "text", "text_translations"])


def spanish_and_english_columns(apps, schema_editor):
    Measure = apps.get_model("cbm", "Measure")
    for measure in Measure.objects.all():
        texts = {**(measure.text_translations or {}), measure.original_language: measure.text}
        # The two columns were both required: a missing language gets the other's text, as a reader would have.
        measure.text_es = texts.get("es") or texts.get("en") or measure.text
        measure.text_en = texts.get("en") or measure.text
        measure.save(update_fields=["text_es", "text_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("cbm", "0001_initial"),
    ]

    operations = [
        # A default, so that going back can add the two columns again to a table that has rows.
        migrations.AlterField(
            model_name="measure", name="text_es", field=models.TextField(default="", verbose_name="text in Spanish")
        ),
        migrations.AlterField(
            model_name="measure", name="text_en", field=models.TextField(default="", verbose_name="text in English")
        ),
        migrations.AddField(
            model_name="catalogue",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="Empty: “Confidence-building measures”.",
                max_length=200,
                verbose_name="name",
            ),
        ),
        migrations.AddField(
            model_name="catalogue",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="catalogue",
            name="original_language",
            field=models.CharField(
                default="en",
                help_text="The language the texts were first written in.",
                max_length=10,
                validators=[enlace.translated_texts.validate_language],
                verbose_name="original language",
            ),
        ),
        migrations.AddField(
            model_name="catalogue",
            name="name_translations",
            field=models.JSONField(
                blank=True,
                default=dict,
                validators=[enlace.translated_texts.validate_translations],
                verbose_name="translations",
            ),
        ),
        migrations.AddField(
            model_name="catalogue",
            name="description_translations",
            field=models.JSONField(
                blank=True,
                default=dict,
                validators=[enlace.translated_texts.validate_translations],
                verbose_name="translations",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="text",
            field=models.TextField(default="", verbose_name="text"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="measure",
            name="original_language",
            field=models.CharField(
                default="en",
                help_text="The language the texts were first written in.",
                max_length=10,
                validators=[enlace.translated_texts.validate_language],
                verbose_name="original language",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="text_translations",
            field=models.JSONField(
                blank=True,
                default=dict,
                validators=[enlace.translated_texts.validate_translations],
                verbose_name="translations",
            ),
        ),
        migrations.RunPython(texts_by_language, spanish_and_english_columns),
        migrations.RemoveField(model_name="measure", name="text_es"),
        migrations.RemoveField(model_name="measure", name="text_en"),
    ]
