"""The API's documentation page: every operation of the OpenAPI schema, listed in the site's own layout."""

from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from api.documentation import METHODS


def test_the_documentation_page_lists_every_operation_of_the_schema_with_its_parameters(client, db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    page = client.get(reverse("api:docs")).content.decode()

    for path, item in schema["paths"].items():
        for method in METHODS:
            if (operation := item.get(method)) is not None:
                assert f'id="{operation["operationId"]}"' in page
                assert f"<code>{path}</code>" in page
                for parameter in operation.get("parameters", []):
                    assert f"<code>{parameter['name']}</code>" in page


def test_the_documentation_page_offers_the_schema_to_download_in_the_readers_language(client, db):
    page = client.get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="es"' in page
    assert "Descargar el esquema OpenAPI 3" in page
    assert f'href="{reverse("api:schema")}"' in page
