"""How policy and legislation documents read in the API."""

from django.urls import reverse
from rest_framework import serializers

from repository.models import Document


class DocumentSerializer(serializers.ModelSerializer):
    """A policy or legislation document (OAS CBM 1); ``file`` is where its upload can be downloaded."""

    state = serializers.SlugRelatedField(read_only=True, slug_field="iso3")
    institutions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    superseded_by = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)
    languages = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "code",
            "state",
            "name",
            "description",
            "institutions",
            "kind",
            "entry_into_force",
            "reference_url",
            "file",
            "languages",
            "status",
            "superseded_by",
            "visibility",
            "reviewed_on",
            "updated",
        ]

    def get_languages(self, document: Document) -> list[str]:
        return [language.code for language in document.languages.all()]

    def get_file(self, document: Document) -> str | None:
        return reverse("repository:file", args=[document.code]) if document.file else None
