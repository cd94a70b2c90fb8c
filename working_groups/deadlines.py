"""Deadlines as people write them in a plan ("first two months of 2021", "primer bimestre de 2021", "Q3 2024",
"March 2025", "second half of 2024", "2023–2024"), read into the range of days they mean.

What is not understood gives ``None``: the manager then types the dates (the form says so).
"""

import calendar
import re
import unicodedata
from datetime import date

Range = tuple[date, date]

MONTHS = {
    "january": 1, "enero": 1, "jan": 1, "ene": 1,
    "february": 2, "febrero": 2, "feb": 2,
    "march": 3, "marzo": 3, "mar": 3,
    "april": 4, "abril": 4, "apr": 4, "abr": 4,
    "may": 5, "mayo": 5,
    "june": 6, "junio": 6, "jun": 6,
    "july": 7, "julio": 7, "jul": 7,
    "august": 8, "agosto": 8, "aug": 8, "ago": 8,
    "september": 9, "septiembre": 9, "setiembre": 9, "sep": 9, "sept": 9,
    "october": 10, "octubre": 10, "oct": 10,
    "november": 11, "noviembre": 11, "nov": 11,
    "december": 12, "diciembre": 12, "dec": 12, "dic": 12,
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "primer": 1, "primero": 1, "primera": 1,
    "second": 2, "2nd": 2, "segundo": 2, "segunda": 2,
    "third": 3, "3rd": 3, "tercer": 3, "tercero": 3, "tercera": 3,
    "fourth": 4, "4th": 4, "cuarto": 4, "cuarta": 4,
    "fifth": 5, "5th": 5, "quinto": 5, "sixth": 6, "6th": 6, "sexto": 6,
    "last": -1, "ultimo": -1, "ultima": -1,
}  # fmt: skip
# Months in each part of a year, by the words for the part ("two months", "bimestre", "quarter", "half").
PARTS = {
    "two months": 2, "bimestre": 2, "bimester": 2,
    "quarter": 3, "trimestre": 3, "three months": 3,
    "four months": 4, "cuatrimestre": 4,
    "half": 6, "semester": 6, "semestre": 6, "six months": 6,
}  # fmt: skip
YEAR = r"((?:19|20)\d\d)"


def _plain(text: str) -> str:
    """Lower case, without accents, dashes made hyphens, single spaces."""
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace(".", " ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip()


def _months(year: int, first: int, last: int) -> Range:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _part(year: int, ordinal: int, size: int) -> Range | None:
    count = 12 // size
    if ordinal == -1:
        ordinal = count
    if not 1 <= ordinal <= count:
        return None
    first = (ordinal - 1) * size + 1
    return _months(year, first, first + size - 1)


def parse_deadline(text: str) -> Range | None:
    """The first and last day ``text`` means, or ``None`` when it is not understood."""
    plain = _plain(text or "")
    if not plain:
        return None
    if match := re.fullmatch(rf"{YEAR} ?- ?{YEAR}", plain):
        first, last = int(match[1]), int(match[2])
        return (date(first, 1, 1), date(last, 12, 31)) if first <= last else None
    if match := re.fullmatch(rf"(?:year |ano )?{YEAR}", plain):
        return _months(int(match[1]), 1, 12)
    if match := re.fullmatch(rf"(?:q|t)([1-4]) (?:of |de |del )?{YEAR}", plain) or re.fullmatch(
        rf"{YEAR} ?-? ?(?:q|t)([1-4])", plain
    ):
        quarter, year = (int(match[1]), int(match[2])) if len(match[1]) == 1 else (int(match[2]), int(match[1]))
        return _part(year, quarter, 3)
    month_pattern = rf"(?:end of |by |before |finales de |fin de )?([a-z]+),? (?:of |de |del )?{YEAR}"
    if (match := re.fullmatch(month_pattern, plain)) and match[1] in MONTHS:
        month = MONTHS[match[1]]
        return _months(int(match[2]), month, month)
    if match := re.fullmatch(rf"(?:the )?([a-z0-9]+) ([a-z ]+?) (?:of |de |del )?(?:ano )?{YEAR}", plain):
        ordinal, part, year = ORDINALS.get(match[1]), match[2].strip(), int(match[3])
        if ordinal is not None and part in PARTS:
            return _part(year, ordinal, PARTS[part])
    return None
