"""The CBM dashboard: every participating State's status on every measure, derived where Enlace's data
answers, as a matrix, per-measure counts and a tile map. A fixed handful of queries whatever the
number of States (the public page is asserted to stay within it).
"""

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cbm.choices import Derivation, ImplementationStatus
from cbm.defaults import OAS_CYBER_CBMS, ORIGINAL_LANGUAGE, ROLE_OF_DERIVATION
from cbm.models import Catalogue, Implementation, Measure
from directory.choices import Region
from directory.models import Directory, Nomination, State, sorted_by_name
from repository.services import policy_summary


@dataclass(frozen=True)
class Cell:
    measure: Measure
    status: str
    derived: bool
    evidence: str = ""
    as_of: date | None = None

    @property
    def status_label(self) -> str:
        return ImplementationStatus(self.status).label

    @property
    def is_implemented(self) -> bool:
        return self.status == ImplementationStatus.IMPLEMENTED


@dataclass(frozen=True)
class Row:
    state: State
    cells: list[Cell]

    @property
    def implemented(self) -> int:
        return sum(cell.is_implemented for cell in self.cells)


@dataclass(frozen=True)
class MeasureCount:
    measure: Measure
    implemented: int
    in_progress: int
    participants: int

    @property
    def percent(self) -> float:
        return 100 * self.implemented / self.participants if self.participants else 0.0


@dataclass(frozen=True)
class Dashboard:
    directory: Directory
    catalogue: Catalogue
    measures: list[Measure]
    rows: list[Row]

    @property
    def participants(self) -> int:
        return len(self.rows)

    @property
    def counts(self) -> list[MeasureCount]:
        counts = []
        for index, measure in enumerate(self.measures):
            statuses = [row.cells[index].status for row in self.rows]
            counts.append(
                MeasureCount(
                    measure,
                    implemented=statuses.count(ImplementationStatus.IMPLEMENTED),
                    in_progress=statuses.count(ImplementationStatus.IN_PROGRESS),
                    participants=len(self.rows),
                )
            )
        return counts


def install_oas_catalogue(directory: Directory) -> Catalogue:
    """Give a directory the six OAS cyber CBMs, each in every language (idempotent: existing measures are kept
    as they are)."""
    with transaction.atomic():
        catalogue, _created = Catalogue.objects.get_or_create(directory=directory)
        for default in OAS_CYBER_CBMS:
            Measure.objects.get_or_create(
                catalogue=catalogue,
                number=default.number,
                defaults={
                    "derivation": default.derivation,
                    "original_language": ORIGINAL_LANGUAGE,
                    "text": default.text,
                    "text_translations": default.translations,
                },
            )
    return catalogue


def catalogue_of(directory: Directory) -> Catalogue | None:
    return Catalogue.objects.filter(directory=directory).first()


def dashboard(directory: Directory, catalogue: Catalogue) -> Dashboard:
    """Every participating State × every measure of the catalogue (five queries)."""
    measures = list(catalogue.measures.all())
    states = sorted_by_name(directory.participants.all())
    participants = directory.participations.values("state_id")
    reported = {
        (implementation.measure_id, implementation.state_id): implementation
        for implementation in Implementation.objects.filter(measure__catalogue=catalogue)
    }
    derivations = {measure.derivation for measure in measures}
    policies = policy_summary(participants) if Derivation.POLICY_IN_FORCE in derivations else {}
    by_nomination = {Derivation.POLITICAL_POC, Derivation.FOREIGN_AFFAIRS_POC}
    nominated = _nominations(directory) if derivations & by_nomination else {}
    rows = [
        Row(state, [_cell(measure, state, reported, policies, nominated) for measure in measures]) for state in states
    ]
    return Dashboard(directory=directory, catalogue=catalogue, measures=measures, rows=rows)


def _nominations(directory: Directory) -> dict[int, dict]:
    """Per State, the latest start of its active nominations to the roles the measures name.

    Only the role counts: a political-level contact who works at the foreign ministry is a
    political-level point of contact, not the foreign ministry's point of contact (CBM 3).
    """
    rows = (
        Nomination.objects.active()
        .filter(directory=directory)
        .values("state_id")
        .annotate(
            political=Max("starts_on", filter=Q(role__kind=ROLE_OF_DERIVATION[Derivation.POLITICAL_POC])),
            foreign_affairs=Max("starts_on", filter=Q(role__kind=ROLE_OF_DERIVATION[Derivation.FOREIGN_AFFAIRS_POC])),
        )
        .order_by()
    )
    return {row["state_id"]: row for row in rows}


def _cell(measure: Measure, state: State, reported: dict, policies: dict, nominated: dict) -> Cell:
    if measure.derivation == Derivation.POLICY_IN_FORCE:
        summary = policies.get(state.pk)
        if summary and summary.in_force:
            evidence = ngettext(
                "%(count)d policy document in force", "%(count)d policy documents in force", summary.in_force
            ) % {"count": summary.in_force}
            return Cell(measure, ImplementationStatus.IMPLEMENTED, True, evidence, summary.latest_entry_into_force)
        if summary and summary.drafts:
            evidence = ngettext(
                "%(count)d policy document in draft", "%(count)d policy documents in draft", summary.drafts
            ) % {"count": summary.drafts}
            return Cell(measure, ImplementationStatus.IN_PROGRESS, True, evidence)
        return Cell(measure, ImplementationStatus.NOT_STARTED, True, _("No policy document in force"))
    if measure.derivation in (Derivation.POLITICAL_POC, Derivation.FOREIGN_AFFAIRS_POC):
        key = "political" if measure.derivation == Derivation.POLITICAL_POC else "foreign_affairs"
        since = (nominated.get(state.pk) or {}).get(key)
        if since is not None:
            evidence = (
                _("A political-level point of contact is nominated")
                if key == "political"
                else _("A point of contact in the ministry of foreign affairs is nominated")
            )
            return Cell(measure, ImplementationStatus.IMPLEMENTED, True, evidence, since)
        return Cell(measure, ImplementationStatus.NOT_STARTED, True, _("No such point of contact is nominated"))
    implementation = reported.get((measure.pk, state.pk))
    if implementation is None:
        return Cell(measure, ImplementationStatus.NOT_STARTED, False)
    return Cell(measure, implementation.status, False, implementation.evidence, implementation.as_of)


def report(measure: Measure, state: State, *, status: str, evidence: str, as_of: date, user=None) -> Implementation:
    """A coordinator's report of a State's status on a measure that is not derived."""
    if measure.is_derived:
        raise ValueError("A derived measure's status comes from Enlace's data.")
    implementation, _created = Implementation.objects.update_or_create(
        measure=measure,
        state=state,
        defaults={"status": status, "evidence": evidence.strip(), "as_of": as_of, "updated_by": user},
    )
    return implementation


# --- The tile map ---------------------------------------------------------------

TILE_WIDTH = 58
TILE_HEIGHT = 40
TILE_GAP = 4
TILES_PER_ROW = 8
REGION_HEADING = 22
REGION_GAP = 14
# From "none implemented" (light grey) to "all implemented" (dark teal), enough contrast for labels.
EMPTY_COLOUR = (233, 236, 239)
FULL_COLOUR = (8, 102, 114)


# A tile cartogram of the Americas (column, row): each State near where it lies, one tile each, so the
# OAS region reads as a map. Other regions (and an Americas group with a State not placed here) are
# laid out as a plain grid.
REGION_LAYOUTS = {
    Region.AMERICAS: {
        "CAN": (1, 0),
        "USA": (1, 1),
        "MEX": (0, 2),
        "BHS": (3, 2),
        "CUB": (2, 3),
        "HTI": (3, 3),
        "DOM": (4, 3),
        "KNA": (6, 3),
        "ATG": (7, 3),
        "GTM": (0, 4),
        "BLZ": (1, 4),
        "JAM": (2, 4),
        "DMA": (7, 4),
        "SLV": (0, 5),
        "HND": (1, 5),
        "LCA": (7, 5),
        "NIC": (1, 6),
        "VCT": (6, 6),
        "BRB": (7, 6),
        "CRI": (1, 7),
        "PAN": (2, 7),
        "TTO": (5, 7),
        "GRD": (6, 7),
        "COL": (3, 8),
        "VEN": (4, 8),
        "GUY": (5, 8),
        "SUR": (6, 8),
        "ECU": (2, 9),
        "PER": (3, 9),
        "BRA": (5, 9),
        "BOL": (4, 9),
        "CHL": (3, 10),
        "PRY": (4, 10),
        "URY": (5, 10),
        "ARG": (4, 11),
    }
}


@dataclass(frozen=True)
class Tile:
    x: int
    y: int
    state: State
    implemented: int
    colour: str
    text_colour: str


@dataclass(frozen=True)
class RegionLabel:
    x: int
    y: int
    label: str


@dataclass(frozen=True)
class LegendStep:
    count: int
    colour: str


@dataclass(frozen=True)
class TileMap:
    width: int
    height: int
    tiles: list[Tile]
    regions: list[RegionLabel]
    legend: list[LegendStep]
    tile_width: int = TILE_WIDTH
    tile_height: int = TILE_HEIGHT


def colour_for(count: int, total: int) -> str:
    share = count / total if total else 0.0
    red, green, blue = (round(low + (high - low) * share) for low, high in zip(EMPTY_COLOUR, FULL_COLOUR, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


def tile_map(board: Dashboard) -> TileMap:
    """The participating States as tiles grouped by UN region, coloured by how many measures each
    implemented; the Americas as a tile cartogram, other regions as a grid. The template draws it as
    SVG, no script."""
    total = len(board.measures)
    tiles, regions = [], []
    order = {region: index for index, region in enumerate(Region.values)}
    rows = sorted(board.rows, key=lambda row: (order.get(row.state.region, 99), row.state.iso3))
    y = 0
    for region, members in groupby(rows, key=lambda row: row.state.region):
        members = list(members)
        regions.append(RegionLabel(0, y + 15, Region(region).label if region in Region.values else region))
        y += REGION_HEADING
        layout = REGION_LAYOUTS.get(region, {})
        # A handful of States scattered over the whole cartogram would read worse than a grid.
        placed = len(members) * 2 >= len(layout) and all(row.state.iso3 in layout for row in members)
        lines = 0
        for index, row in enumerate(members):
            column, line = layout[row.state.iso3] if placed else (index % TILES_PER_ROW, index // TILES_PER_ROW)
            lines = max(lines, line + 1)
            share = row.implemented / total if total else 0.0
            tiles.append(
                Tile(
                    x=column * (TILE_WIDTH + TILE_GAP),
                    y=y + line * (TILE_HEIGHT + TILE_GAP),
                    state=row.state,
                    implemented=row.implemented,
                    colour=colour_for(row.implemented, total),
                    text_colour="#ffffff" if share > 0.5 else "#212529",
                )
            )
        y += lines * (TILE_HEIGHT + TILE_GAP) + REGION_GAP
    width = max((tile.x for tile in tiles), default=0) + TILE_WIDTH + TILE_GAP
    return TileMap(
        width=max(width, 7 * 36),
        height=max(y, TILE_HEIGHT),
        tiles=tiles,
        regions=regions,
        legend=[LegendStep(count, colour_for(count, total)) for count in range(total + 1)],
    )


# --- CSV ---------------------------------------------------------------------------


def matrix_rows(board: Dashboard) -> list[list[str]]:
    """The State × CBM matrix as CSV rows: one row per State, one column per measure, then the count."""
    header = [_("ISO code"), _("State"), _("Region")]
    header += [str(measure.label) for measure in board.measures] + [_("CBMs implemented")]
    rows = [header]
    for row in board.rows:
        rows.append(
            [row.state.iso3, row.state.name, row.state.get_region_display()]
            + [cell.status_label for cell in row.cells]
            + [str(row.implemented)]
        )
    return rows


def summary_rows(board: Dashboard) -> list[list[str]]:
    """Per measure: how many participating States implemented it, and how many are on the way."""
    rows = [[_("CBM"), _("Measure"), _("Implemented"), _("In progress"), _("Participating States")]]
    for count in board.counts:
        rows.append(
            [
                str(count.measure.label),
                count.measure.for_reader.text,
                str(count.implemented),
                str(count.in_progress),
                str(count.participants),
            ]
        )
    return rows
