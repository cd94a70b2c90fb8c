"""A survey's results: the live response rate for its manager, and the aggregated report once it closes.

Everything here but ``respondents_of`` and ``response_rates`` is a pure function of the submitted answers
(``Respondent``: a region, when known, and the answers by question code), so the figures are tested directly.

What the report shows of a question: counts and percentages per choice, ranked (one or several choices, yes or
no); a grid's counts as a table and a heat map drawn from the same cells; a scale's count per point; numbers as a
distribution (count, smallest, median, mean, largest, and how many fall in each of up to five equal bands); free
texts, dates and links listed without names, sorted by their content (never in the order they came in).

Small groups: the report shows no figure at all when fewer than ``MIN_GROUP`` answers were submitted, nor for
a question (or a grid's row) fewer than ``MIN_GROUP`` answered (the others' figures are shares of their own
answers, so none gives it by subtraction). Its
breakdown by region hides every region with fewer answers, and when exactly one region is hidden, the next
smallest as well: otherwise the total less the regions shown would give the hidden one away. For a survey
answered per State each State is one respondent. An anonymous answer has no region (nothing links it to a
person or a State), so an anonymous survey's report has no breakdown.
"""

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from directory import names
from directory.choices import Region
from surveys.answers import shown_text
from surveys.choices import QuestionKind, ResponseStatus
from surveys.models import Answer, Participation, Question, Response, Survey

# No figure is shown for fewer answers than this, in the whole report or in a group of its breakdown.
MIN_GROUP = 5
UNKNOWN_REGION = ""
# The heat map's darkest shade (Bootstrap's blue 700); white is its lightest.
HEAT_COLOUR = (8, 66, 152)
Answers = dict[str, tuple[object, str]]


@dataclass(frozen=True)
class Respondent:
    """One submitted answer as the report reads it: where it comes from (a region, or none) and its answers."""

    region: str
    answers: Answers


def respondents_of(survey: Survey) -> list[Respondent]:
    """The survey's submitted answers (three queries). The region is the State's (a State's answer) or the
    person's State's (their contact's, else the State they were invited for: a named or confidential person's
    answer); an anonymous answer has none."""
    responses = list(
        Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
        .order_by("pk")
        .values("pk", "anonymous", "user_id", "state__region", "user__contact__institution__state__region")
    )
    invited_from = dict(Participation.objects.filter(survey=survey).values_list("user_id", "state__region"))
    by_response: dict = {row["pk"]: {} for row in responses}
    for answer in (
        Answer.objects.filter(response_id__in=list(by_response))
        .order_by()
        .values("response_id", "question__code", "value", "other_text")
    ):
        by_response[answer["response_id"]][answer["question__code"]] = (answer["value"], answer["other_text"])
    return [
        Respondent(
            region=UNKNOWN_REGION
            if row["anonymous"]
            else (
                row["state__region"]
                or row["user__contact__institution__state__region"]
                or invited_from.get(row["user_id"])
                or UNKNOWN_REGION
            ),
            answers=by_response[row["pk"]],
        )
        for row in responses
    ]


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- Figures of one question ---------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int
    pct: float | None
    # The bar's length in the chart, a share of the longest bar's room (0 to 100).
    width: float = 0.0


@dataclass
class QuestionFigures:
    question: Question
    answered: int = 0
    counts: list[Count] = field(default_factory=list)  # ranked: most chosen first
    matrix: "Matrix | None" = None
    distribution: "Distribution | None" = None
    texts: list[str] = field(default_factory=list)
    # Answered by fewer than ``MIN_GROUP``: shown without any figure or text (a question shown only for a rare
    # earlier answer, an optional one few answered).
    too_few: bool = False

    @property
    def chart_height(self) -> int:
        return 28 * len(self.counts) + 8


def _ranked(counts: list[Count]) -> list[Count]:
    """Most chosen first; ties in the questionnaire's order. Each bar's width is its share of the largest."""
    largest = max((count.count for count in counts), default=0)
    ordered = sorted(enumerate(counts), key=lambda pair: (-pair[1].count, pair[0]))
    return [
        Count(count.code, count.label, count.count, count.pct, round(100 * count.count / largest, 1) if largest else 0)
        for _position, count in ordered
    ]


def choice_counts(question: Question, respondents: Sequence[Respondent]) -> QuestionFigures:
    """How many chose each choice (and "other"), as a share of those who answered the question, ranked."""
    tally: Counter = Counter()
    answered = 0
    for respondent in respondents:
        value, other = respondent.answers.get(question.code, (None, ""))
        if value is None and not other:
            continue
        answered += 1
        if question.kind == QuestionKind.MULTIPLE:
            tally.update(set(value or []))
        elif question.kind == QuestionKind.YES_NO:
            tally["yes" if value else "no"] += 1
        elif value is not None:
            tally[str(value)] += 1
        if other:
            tally["_other"] += 1
    if question.kind == QuestionKind.YES_NO:
        labels = [("yes", str(_("Yes"))), ("no", str(_("No")))]
    else:
        labels = [(choice.code, choice.for_reader.label) for choice in question.choices.all()]
        if question.allows_other:
            labels.append(("_other", str(_("Other"))))
    counts = [Count(code, label, tally[code], percent(tally[code], answered)) for code, label in labels]
    return QuestionFigures(question=question, answered=answered, counts=_ranked(counts))


def scale_counts(question: Question, respondents: Sequence[Respondent]) -> QuestionFigures:
    """How many chose each point of the scale, in the scale's order (a distribution, not a ranking)."""
    values = [
        r.answers[question.code][0] for r in respondents if r.answers.get(question.code, (None, ""))[0] is not None
    ]
    tally = Counter(int(value) for value in values)
    largest = max(tally.values(), default=0)
    counts = [
        Count(
            str(point),
            str(point),
            tally[point],
            percent(tally[point], len(values)),
            round(100 * tally[point] / largest, 1) if largest else 0,
        )
        for point in range(question.scale_min, question.scale_max + 1)
    ]
    figures = QuestionFigures(question=question, answered=len(values), counts=counts)
    figures.distribution = distribution([Decimal(value) for value in values])
    return figures


# --- A grid: a table and a heat map of the same cells ----------------------------------------


@dataclass(frozen=True)
class Cell:
    count: int
    pct: float | None  # of the row's answers
    colour: str  # the heat map's shade: the darker, the larger the share of the row
    dark: bool  # whether the cell's figure is written in white (else black): whichever contrasts more


@dataclass(frozen=True)
class MatrixRowFigures:
    label: str
    answered: int
    cells: list[Cell]
    too_few: bool = False


@dataclass(frozen=True)
class Matrix:
    columns: list[str]
    rows: list[MatrixRowFigures]


def _mix(share: float) -> tuple[int, ...]:
    share = min(max(share, 0.0), 1.0)
    return tuple(round(255 + (end - 255) * share) for end in HEAT_COLOUR)


def shade(share: float) -> str:
    """A colour from white (0) to the heat map's blue (1), as #rrggbb."""
    return "#" + "".join(f"{part:02x}" for part in _mix(share))


def white_text_on(share: float) -> bool:
    """Whether white contrasts more than black with the shade (one of them always reaches 4.5:1)."""

    def linear(part: int) -> float:
        value = part / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(part) for part in _mix(share))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05


def matrix(question: Question, respondents: Sequence[Respondent]) -> QuestionFigures:
    """Per grid row, how many chose each column, and that as a share of the row's answers."""
    columns = list(question.choices.all())
    rows = []
    answered = 0
    for respondent in respondents:
        if respondent.answers.get(question.code, (None, ""))[0]:
            answered += 1
    for row in question.rows.all():
        tally = Counter(
            (respondent.answers.get(question.code, (None, ""))[0] or {}).get(row.code) for respondent in respondents
        )
        total = sum(tally[column.code] for column in columns)
        cells = []
        for column in columns:
            share = tally[column.code] / total if total else 0.0
            cells.append(
                Cell(tally[column.code], percent(tally[column.code], total), shade(share), white_text_on(share))
            )
        rows.append(MatrixRowFigures(row.for_reader.label, total, cells))
    figures = QuestionFigures(question=question, answered=answered)
    figures.matrix = Matrix(columns=[column.for_reader.label for column in columns], rows=rows)
    return figures


# --- Numbers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    count: int
    smallest: Decimal
    median: Decimal
    mean: Decimal
    largest: Decimal
    bands: list[Count]


def distribution(values: Sequence[Decimal], bands: int = 5) -> "Distribution | None":
    """Count, smallest, median, mean, largest, and how many fall in each of up to ``bands`` equal bands."""
    if not values:
        return None
    smallest, largest = min(values), max(values)
    span = largest - smallest
    number = 1 if span == 0 else bands
    width = span / number if number else Decimal(0)
    tally = [0] * number
    for value in values:
        index = number - 1 if span == 0 else min(int((value - smallest) / width), number - 1)
        tally[index] += 1
    most = max(tally)
    counted = []
    for index, count in enumerate(tally):
        low = smallest + width * index
        high = largest if index == number - 1 else smallest + width * (index + 1)
        label = _number(low) if span == 0 else f"{_number(low)} – {_number(high)}"
        counted.append(Count(str(index), label, count, percent(count, len(values)), round(100 * count / most, 1)))
    return Distribution(
        count=len(values),
        smallest=smallest,
        median=Decimal(str(statistics.median(values))),
        mean=(sum(values) / len(values)).quantize(Decimal("0.01")),
        largest=largest,
        bands=counted,
    )


def _number(value: Decimal) -> str:
    value = value.quantize(Decimal("0.01")).normalize()
    return f"{value:f}"


def numbers(question: Question, respondents: Sequence[Respondent]) -> QuestionFigures:
    values = []
    for respondent in respondents:
        value = respondent.answers.get(question.code, (None, ""))[0]
        try:
            values.append(Decimal(str(value))) if value is not None else None
        except InvalidOperation:
            continue
    figures = QuestionFigures(question=question, answered=len(values))
    figures.distribution = distribution(values)
    return figures


def texts(question: Question, respondents: Sequence[Respondent]) -> QuestionFigures:
    """Free texts, dates and links, without names, sorted by content (so not in the order they came in)."""
    written = []
    for respondent in respondents:
        value, _other = respondent.answers.get(question.code, (None, ""))
        if value in (None, ""):
            continue
        if question.kind == QuestionKind.EVIDENCE:
            # The file itself is read on the answer's copy; here, only that there is one.
            written.append("; ".join(shown_text(question, value, "")))
        else:
            written.append(str(value))
    return QuestionFigures(question=question, answered=len(written), texts=sorted(written, key=str.casefold))


def figures_of(question: Question, respondents: Sequence[Respondent]) -> QuestionFigures:
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO):
        figures = choice_counts(question, respondents)
        if question.allows_other:
            others = sorted(
                (r.answers[question.code][1] for r in respondents if r.answers.get(question.code, (None, ""))[1]),
                key=str.casefold,
            )
            figures.texts = others
        return figures
    if kind == QuestionKind.SCALE:
        return scale_counts(question, respondents)
    if kind == QuestionKind.MATRIX:
        return matrix(question, respondents)
    if kind == QuestionKind.NUMBER:
        return numbers(question, respondents)
    return texts(question, respondents)


# --- Groups and the small-group rule ---------------------------------------------------------


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    count: int | None  # None: hidden
    pct: float | None = None

    @property
    def hidden(self) -> bool:
        return self.count is None


def suppressed(sizes: dict[str, int]) -> set[str]:
    """The keys of a breakdown's groups to hide: every group under ``MIN_GROUP`` and, when that is exactly one,
    the smallest other group too (else the total less the groups shown gives the hidden one)."""
    hidden = {key for key, size in sizes.items() if size < MIN_GROUP}
    if len(hidden) == 1:
        shown = [key for key in sizes if key not in hidden]
        if shown:
            hidden.add(min(shown, key=lambda key: (sizes[key], key)))
    return hidden


def by_region(respondents: Sequence[Respondent]) -> list[Group]:
    """How many answered from each region, small groups hidden (the rule above); none for anonymous answers."""
    sizes = Counter(respondent.region for respondent in respondents if respondent.region != UNKNOWN_REGION)
    hidden = suppressed(dict(sizes))
    total = sum(sizes.values())
    labels = dict(Region.choices)
    return [
        Group(
            key,
            str(labels.get(key, key)),
            None if key in hidden else count,
            None if key in hidden else percent(count, total),
        )
        for key, count in sorted(sizes.items(), key=lambda pair: str(labels.get(pair[0], pair[0])))
    ]


@dataclass
class Report:
    total: int
    questions: list[QuestionFigures]
    regions: list[Group]

    @property
    def too_few(self) -> bool:
        return self.total < MIN_GROUP


def report(questions: Sequence[Question], respondents: Sequence[Respondent]) -> Report:
    """The aggregated report; with fewer than ``MIN_GROUP`` answers, no figure at all."""
    total = len(respondents)
    if total < MIN_GROUP:
        return Report(total=total, questions=[], regions=[])
    return Report(
        total=total,
        questions=[_small_groups_hidden(figures_of(question, respondents)) for question in questions],
        regions=by_region(respondents),
    )


def _small_groups_hidden(figures: QuestionFigures) -> QuestionFigures:
    """A question answered by fewer than ``MIN_GROUP`` shows nothing; a grid's row likewise."""
    if figures.answered < MIN_GROUP:
        return QuestionFigures(question=figures.question, answered=figures.answered, too_few=True)
    if figures.matrix is not None:
        hidden = [Cell(0, None, shade(0), False) for _column in figures.matrix.columns]
        figures.matrix = Matrix(
            columns=figures.matrix.columns,
            rows=[
                row if row.answered >= MIN_GROUP else MatrixRowFigures(row.label, row.answered, hidden, too_few=True)
                for row in figures.matrix.rows
            ],
        )
    return figures


def report_rows(result: Report) -> list[list]:
    """The report as a spreadsheet's rows (the aggregated export): the same figures, the same hidden groups."""
    if result.too_few:
        return [[str(_("Fewer than five answers were submitted: no figures are shown."))]]
    rows: list[list] = [[str(_("Question")), str(_("Answer")), str(_("Count")), str(_("Percentage"))]]
    rows.append([str(_("Answers submitted")), "", result.total, ""])
    for group in result.regions:
        rows.append(
            [str(_("Region")), group.label, "" if group.hidden else group.count, "" if group.hidden else group.pct]
        )
    for figures in result.questions:
        code = figures.question.code
        if figures.too_few:
            rows.append([code, str(_("Fewer than five answered: not shown.")), "", ""])
            continue
        for count in figures.counts:
            rows.append([code, count.label, count.count, count.pct])
        if figures.matrix:
            for row in figures.matrix.rows:
                if row.too_few:
                    rows.append([code, row.label, "", ""])
                    continue
                for column, cell in zip(figures.matrix.columns, row.cells, strict=True):
                    rows.append([code, f"{row.label} – {column}", cell.count, cell.pct])
        if figures.distribution and not figures.counts:
            for band in figures.distribution.bands:
                rows.append([code, band.label, band.count, band.pct])
        for text in figures.texts:
            rows.append([code, text, "", ""])
    return rows


# --- The live response rate --------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    label: str
    asked: int
    answered: int

    @property
    def pct(self) -> float | None:
        return percent(self.answered, self.asked)


@dataclass
class Rates:
    total: Rate
    regions: list[Rate]
    states: list[Rate]


def response_rates(survey: Survey) -> Rates:
    """Who has answered so far, per State and per region, for the manager: for a State's survey each
    participating State counts once; for a survey of persons, those invited. From who has answered
    (``Participation``, or a State's submitted answer), never from what anyone said."""
    from surveys.services import participating_states

    states = {state.pk: state for state in participating_states(survey).order_by("iso3")}
    asked: Counter = Counter()
    answered: Counter = Counter()
    if survey.is_per_state:
        submitted = set(
            Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED).values_list("state_id", flat=True)
        )
        for pk in states:
            asked[pk] += 1
            answered[pk] += pk in submitted
    else:
        for state_id, submitted_at in Participation.objects.filter(survey=survey).values_list(
            "state_id", "submitted_at"
        ):
            asked[state_id] += 1
            answered[state_id] += submitted_at is not None
    labels = dict(Region.choices)
    state_rates = [
        Rate(names.state_name(state.iso2, state.english_name), asked[pk], answered[pk])
        for pk, state in states.items()
        if asked[pk]
    ]
    region_asked: Counter = Counter()
    region_answered: Counter = Counter()
    for pk, state in states.items():
        region_asked[state.region] += asked[pk]
        region_answered[state.region] += answered[pk]
    region_rates = [
        Rate(str(labels.get(region, region)), region_asked[region], region_answered[region])
        for region in sorted(region_asked, key=lambda region: str(labels.get(region, region)))
        if region_asked[region]
    ]
    total = Rate(str(_("All")), sum(asked.values()), sum(answered.values()))
    return Rates(total=total, regions=region_rates, states=state_rates)
