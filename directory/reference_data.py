"""Reference data every deployment needs: the UN Member and observer States."""

import csv
from pathlib import Path

import pycountry

from directory import names
from directory.models import State

UN_STATES_FILE = Path(__file__).parent / "data" / "un_states.csv"


def un_state_rows() -> list[dict]:
    with UN_STATES_FILE.open(newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def load_states(state_model=State) -> int:
    """Create the States that are missing (safe to run again); returns how many were created."""
    existing = set(state_model.objects.values_list("iso3", flat=True))
    english = names.state_names_in("en")
    new = []
    for row in un_state_rows():
        if row["iso3"] in existing:
            continue
        country = pycountry.countries.get(alpha_3=row["iso3"])
        new.append(
            state_model(
                iso3=row["iso3"],
                iso2=country.alpha_2,
                english_name=english[country.alpha_2],  # the UN English short name
                un_status=row["status"],
                region=row["region"],
            )
        )
    state_model.objects.bulk_create(new)
    return len(new)
