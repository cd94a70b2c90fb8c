"""The dashboard: counts per measure, the State × CBM matrix, the tile map, CSV; a State's own report."""

import csv
import io

from django.test import Client
from django.urls import reverse

from cbm.models import Implementation
from enlace.testing.factories import DocumentFactory, state


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_dashboard_counts_implementations_out_of_the_participants(network, catalogue):
    DocumentFactory(state=network.mexico)
    response = _client(network.manager).get(reverse("cbm:dashboard", args=["oas"]))
    body = response.content.decode()
    assert 'data-measure="1" data-implemented="1">1 of 2' in body
    assert 'data-measure="2" data-implemented="0">0 of 2' in body


def test_the_map_is_svg_drawn_on_the_server_with_a_tile_per_state(network, catalogue):
    DocumentFactory(state=network.mexico)
    body = _client(network.manager).get(reverse("cbm:dashboard", args=["oas"])).content.decode()
    assert "<svg" in body and "<script" not in body.split("<main", 1)[1]
    assert 'data-state="MEX" data-implemented="1"' in body
    assert 'data-state="ARG" data-implemented="0"' in body


def test_the_matrix_csv_reads_back_with_one_row_per_state(network, catalogue):
    DocumentFactory(state=network.argentina)
    rows = _csv(_client(network.manager).get(reverse("cbm:csv", args=["oas"])))
    assert rows[0] == [
        "ISO code",
        "State",
        "Region",
        "CBM 1",
        "CBM 2",
        "CBM 3",
        "CBM 4",
        "CBM 5",
        "CBM 6",
        "CBMs implemented",
    ]
    by_state = {row[0]: row for row in rows[1:]}
    assert set(by_state) == {"MEX", "ARG"}
    assert by_state["ARG"][3] == "Implemented" and by_state["ARG"][-1] == "1"
    assert by_state["MEX"][3] == "Not started" and by_state["MEX"][-1] == "0"


def test_the_summary_csv_reads_back_with_the_counts_per_measure(network, catalogue):
    DocumentFactory(state=network.argentina)
    rows = _csv(_client(network.manager).get(reverse("cbm:csv", args=["oas"]), {"part": "summary"}))
    assert rows[0] == ["CBM", "Measure", "Implemented", "In progress", "Participating States"]
    assert rows[1][0] == "CBM 1" and rows[1][2:] == ["1", "0", "2"]
    assert len(rows) == 7


def test_a_coordinator_reports_a_measure_with_evidence(network, catalogue):
    client = _client(network.coordinator_mex)
    url = reverse("cbm:state", args=["oas", "MEX"])
    response = client.post(
        url, {"measure": "4", "m4-status": "implemented", "m4-evidence": "", "m4-as_of": "2026-05-01"}
    )
    assert "Give the evidence" in response.content.decode()
    assert not Implementation.objects.exists()
    client.post(
        url,
        {
            "measure": "4",
            "m4-status": "implemented",
            "m4-evidence": "Taller de ciberdiplomacia",
            "m4-as_of": "2026-05-01",
        },
    )
    implementation = Implementation.objects.get()
    assert (implementation.state, implementation.measure.number, implementation.status) == (
        network.mexico,
        4,
        "implemented",
    )
    body = _client(network.manager).get(reverse("cbm:dashboard", args=["oas"])).content.decode()
    assert 'data-measure="4" data-implemented="1"' in body
    assert "Taller de ciberdiplomacia" in body


def test_a_derived_measure_cannot_be_typed(network, catalogue):
    response = _client(network.coordinator_mex).post(
        reverse("cbm:state", args=["oas", "MEX"]), {"measure": "2", "m2-status": "implemented", "m2-evidence": "x"}
    )
    assert response.status_code == 404
    assert not Implementation.objects.exists()


def test_a_coordinator_reports_only_for_its_own_state(network, catalogue):
    response = _client(network.coordinator_ken).get(reverse("cbm:state", args=["oas", "MEX"]))
    assert response.status_code == 404


def test_the_public_page_shows_the_same_counts_without_evidence(network, catalogue):
    DocumentFactory(state=network.mexico)
    client = _client(network.coordinator_mex)
    client.post(
        reverse("cbm:state", args=["oas", "MEX"]),
        {"measure": "5", "m5-status": "in_progress", "m5-evidence": "Curso en preparación", "m5-as_of": "2026-05-01"},
    )
    body = _client().get(reverse("cbm:public", args=["oas"])).content.decode()
    assert 'data-measure="1" data-implemented="1">1 of 2' in body
    assert "2 participating States" in body
    assert "Curso en preparación" not in body


def test_the_public_csv_matches_the_signed_in_one(network, catalogue):
    DocumentFactory(state=network.mexico)
    public = _csv(_client().get(reverse("cbm:public_csv", args=["oas"])))
    signed_in = _csv(_client(network.manager).get(reverse("cbm:csv", args=["oas"])))
    assert public == signed_in


def test_an_unpublished_catalogue_is_not_on_the_public_pages(network, catalogue):
    _client(network.manager).post(reverse("cbm:publish", args=["oas"]), {"publish": "0"})
    assert _client().get(reverse("cbm:public", args=["oas"])).status_code == 404
    assert _client().get(reverse("cbm:public_csv", args=["oas"])).status_code == 404


def test_a_manager_sets_up_the_catalogue_of_a_directory(network, catalogue):
    from enlace.testing.factories import DirectoryFactory, manager_of

    other = DirectoryFactory(slug="other", states=[state("PER")])
    client = _client(manager_of(other))
    assert "keeps no catalogue" in client.get(reverse("cbm:dashboard", args=["other"])).content.decode()
    client.post(reverse("cbm:install", args=["other"]))
    other.refresh_from_db()
    assert other.cbm_catalogue.measures.count() == 6


def test_a_spanish_reader_reads_the_measures_in_their_original_spanish(network, catalogue):
    body = Client().get(reverse("cbm:public", args=["oas"]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Medidas de fomento de la confianza" in body
    assert "Identificar un punto de contacto nacional a nivel político" in body
    assert "0 de 2" in body


def test_a_manager_reaches_every_states_report_from_the_matrix(network, catalogue):
    body = _client(network.manager).get(reverse("cbm:dashboard", args=["oas"])).content.decode()
    assert reverse("cbm:state", args=["oas", "MEX"]) in body
    assert reverse("cbm:state", args=["oas", "ARG"]) in body


def test_a_coordinator_reaches_only_its_own_states_report(network, catalogue):
    body = _client(network.coordinator_mex).get(reverse("cbm:dashboard", args=["oas"])).content.decode()
    assert "Report for Mexico" in body
    assert reverse("cbm:state", args=["oas", "ARG"]) not in body


def test_the_americas_are_drawn_as_a_tile_cartogram_and_other_regions_as_a_grid(db):
    from cbm.services import REGION_LAYOUTS, dashboard, install_oas_catalogue, tile_map
    from directory.choices import Region
    from directory.models import State
    from enlace.testing.factories import DirectoryFactory

    americas = list(State.objects.filter(iso3__in=REGION_LAYOUTS[Region.AMERICAS]))
    directory = DirectoryFactory(slug="americas", states=[*americas, state("KEN"), state("EST")])
    board = dashboard(directory, install_oas_catalogue(directory))
    tiles = {tile.state.iso3: tile for tile in tile_map(board).tiles}
    assert len(tiles) == 37
    assert tiles["CAN"].y < tiles["USA"].y < tiles["MEX"].y < tiles["COL"].y < tiles["ARG"].y
    assert tiles["MEX"].x < tiles["CUB"].x < tiles["ATG"].x
    assert tiles["KEN"].y < tiles["CAN"].y < tiles["EST"].y  # Africa, the Americas, Europe


def test_a_measure_text_starting_like_a_formula_is_written_as_quoted_text(network, catalogue):
    measure = catalogue.measures.get(number=1)
    measure.text_translations = {"en": '=HYPERLINK("http://evil.example/","Click")'}
    measure.save()
    rows = _csv(_client(network.manager).get(reverse("cbm:csv", args=["oas"]), {"part": "summary"}))
    assert rows[1][1] == "'" + '=HYPERLINK("http://evil.example/","Click")'
