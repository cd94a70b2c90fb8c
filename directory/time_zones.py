"""A State's usual time zone, for new contacts and accounts (reference data from CLDR, through Babel)."""

import zoneinfo
from functools import cache

from babel.core import get_global

# Where CLDR lists several zones for a State, the capital's (CLDR lists them in no useful order).
CAPITAL_ZONES = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CD": "Africa/Kinshasa",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "CY": "Asia/Nicosia",
    "DE": "Europe/Berlin",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "FM": "Pacific/Pohnpei",
    "ID": "Asia/Jakarta",
    "KI": "Pacific/Tarawa",
    "KZ": "Asia/Almaty",
    "MH": "Pacific/Majuro",
    "MN": "Asia/Ulaanbaatar",
    "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur",
    "NZ": "Pacific/Auckland",
    "PG": "Pacific/Port_Moresby",
    "PS": "Asia/Hebron",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "US": "America/New_York",
    "UZ": "Asia/Tashkent",
}


@cache
def default_time_zone(iso2: str) -> str:
    """The State's capital's IANA time zone, or UTC when the reference data does not say."""
    zones = get_global("territory_zones").get(iso2.upper(), [])
    zone = CAPITAL_ZONES.get(iso2.upper()) or (zones[0] if len(zones) == 1 else "UTC")
    return zone if zone in zoneinfo.available_timezones() else "UTC"
