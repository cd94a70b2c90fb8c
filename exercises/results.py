"""How an exercise went: each expectation of each State scored, and the figures of the board and the report.

An inject's expectations are scored against the exercise communication each State received: acknowledged
(or answered) by the inject's deadline is met on time, after it late, never (once the deadline has passed)
not met. An expected action is what a controller marked. A communication check's figures are per point of
contact: the message delivered or bounced, acknowledged or not, how fast and through which channel.
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from exercises.choices import CheckChannel, Outcome
from exercises.models import CheckMessage, Exercise, InjectDelivery
from mail.models import EmailStatus

# Expectations, in the order they are shown.
ACKNOWLEDGE, ANSWER, ACTION = "acknowledge", "answer", "action"


@dataclass(frozen=True)
class Scored:
    kind: str
    outcome: Outcome
    # Minutes from sending to the acknowledgement or answer, when there was one.
    minutes: float | None = None


@dataclass
class DeliveryResult:
    """One inject as one State received it, scored."""

    delivery: InjectDelivery
    scored: list[Scored]

    @property
    def reached(self) -> bool:
        return self.delivery.communication_id is not None

    @property
    def stage(self) -> str:
        """Where the State stands: "not_reached", "sent", "acknowledged" or "answered"."""
        communication = self.delivery.communication
        if communication is None:
            return "not_reached"
        if communication.answered_at:
            return "answered"
        return "acknowledged" if communication.acknowledged_at else "sent"

    @property
    def is_late(self) -> bool:
        return any(score.outcome in (Outcome.LATE, Outcome.NOT_MET) for score in self.scored)


def _timed(kind: str, done: datetime | None, deadline: datetime, sent: datetime, now: datetime) -> Scored:
    if done is not None:
        outcome = Outcome.ON_TIME if done <= deadline else Outcome.LATE
        return Scored(kind, outcome, (done - sent).total_seconds() / 60)
    return Scored(kind, Outcome.NOT_MET if now > deadline else Outcome.WAITING)


def score(delivery: InjectDelivery, now: datetime) -> DeliveryResult:
    """Score ``delivery`` (read with its inject and communication) as of ``now``."""
    inject, communication = delivery.inject, delivery.communication
    scored = []
    if communication is None:
        scored = [Scored(kind, Outcome.NOT_MET) for kind in inject.expectations]
        return DeliveryResult(delivery, scored)
    sent = communication.sent_at
    if inject.acknowledge_within_hours:
        scored.append(_timed(ACKNOWLEDGE, communication.acknowledged_at, inject.acknowledge_deadline(sent), sent, now))
    if inject.answer_within_hours:
        # An exercise's answers may come after its end, until their deadline.
        scored.append(_timed(ANSWER, communication.answered_at, inject.answer_deadline(sent), sent, now))
    if inject.expected_action:
        marked = delivery.action_outcome
        scored.append(Scored(ACTION, Outcome(marked) if marked else Outcome.WAITING))
    return DeliveryResult(delivery, scored)


def scenario_results(exercise: Exercise, now: datetime) -> list[DeliveryResult]:
    """Every delivery of the exercise's injects, scored, in the timeline's order then by State (one query)."""
    deliveries = (
        InjectDelivery.objects.filter(inject__exercise=exercise)
        .select_related("inject", "state", "communication")
        .order_by("inject__position", "state__english_name")
    )
    return [score(delivery, now) for delivery in deliveries]


@dataclass
class Figures:
    """Expectations counted by outcome, with the times to acknowledge and to answer (minutes)."""

    outcomes: Counter = field(default_factory=Counter)
    acknowledge_minutes: list[float] = field(default_factory=list)
    answer_minutes: list[float] = field(default_factory=list)
    deliveries: int = 0
    reached: int = 0

    def add(self, result: DeliveryResult) -> None:
        self.deliveries += 1
        self.reached += result.reached
        for scored in result.scored:
            self.outcomes[scored.outcome] += 1
            if scored.minutes is not None:
                (self.acknowledge_minutes if scored.kind == ACKNOWLEDGE else self.answer_minutes).append(scored.minutes)

    @property
    def expectations(self) -> int:
        return sum(self.outcomes.values())

    @property
    def on_time(self) -> int:
        return self.outcomes[Outcome.ON_TIME]

    @property
    def late(self) -> int:
        return self.outcomes[Outcome.LATE]

    @property
    def partly(self) -> int:
        return self.outcomes[Outcome.PARTLY]

    @property
    def not_met(self) -> int:
        return self.outcomes[Outcome.NOT_MET]

    @property
    def waiting(self) -> int:
        return self.outcomes[Outcome.WAITING]

    @property
    def decided(self) -> int:
        """Expectations with an outcome (not still waiting)."""
        return self.expectations - self.outcomes[Outcome.WAITING]

    @property
    def on_time_share(self) -> float | None:
        return self.outcomes[Outcome.ON_TIME] / self.decided if self.decided else None

    @property
    def median_acknowledge_minutes(self) -> float | None:
        return statistics.median(self.acknowledge_minutes) if self.acknowledge_minutes else None

    @property
    def median_answer_minutes(self) -> float | None:
        return statistics.median(self.answer_minutes) if self.answer_minutes else None


def figures(results: Iterable[DeliveryResult]) -> tuple[dict[int, Figures], Figures]:
    """Figures per State (by id) and overall."""
    by_state: dict[int, Figures] = defaultdict(Figures)
    overall = Figures()
    for result in results:
        by_state[result.delivery.state_id].add(result)
        overall.add(result)
    return dict(by_state), overall


# --- Communication checks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    message: CheckMessage
    delivered: bool
    bounced: bool

    @property
    def on_time(self) -> bool:
        acknowledged = self.message.acknowledged_at
        return acknowledged is not None and acknowledged <= self.message.acknowledge_by


def check_results(exercise: Exercise) -> list[CheckResult]:
    """Each point of contact's message with its delivery, by State then name (two queries)."""
    messages = (
        CheckMessage.objects.filter(exercise=exercise)
        .select_related("contact", "state")
        .prefetch_related("emails")
        .order_by("state__english_name", "contact__name", "pk")
    )
    results = []
    for message in messages:
        statuses = {email.status for email in message.emails.all()}
        results.append(
            CheckResult(
                message,
                delivered=EmailStatus.SENT in statuses,
                bounced=bool(statuses) and statuses <= {EmailStatus.FAILED},
            )
        )
    return results


@dataclass
class CheckFigures:
    """A group of points of contact (one State, or all): reachability by channel and time to acknowledge."""

    contacts: int = 0
    delivered: int = 0
    bounced: int = 0
    acknowledged: int = 0
    on_time: int = 0
    by_channel: Counter = field(default_factory=Counter)
    minutes: list[float] = field(default_factory=list)

    def add(self, result: CheckResult) -> None:
        message = result.message
        self.contacts += 1
        self.delivered += result.delivered
        self.bounced += result.bounced
        if message.acknowledged_at is not None:
            self.acknowledged += 1
            self.on_time += result.on_time
            self.by_channel[message.channel] += 1
            self.minutes.append(message.minutes_to_acknowledge)

    def share(self, count: int) -> float | None:
        return count / self.contacts if self.contacts else None

    @property
    def reached_by_email(self) -> int:
        """Acknowledged through the e-mailed link or by signing in: the message got through."""
        return self.by_channel[CheckChannel.LINK] + self.by_channel[CheckChannel.DASHBOARD]

    @property
    def reached_by_phone(self) -> int:
        return self.by_channel[CheckChannel.PHONE]

    @property
    def delivered_share(self) -> float | None:
        return self.share(self.delivered)

    @property
    def bounced_share(self) -> float | None:
        return self.share(self.bounced)

    @property
    def acknowledged_share(self) -> float | None:
        return self.share(self.acknowledged)

    @property
    def by_email_share(self) -> float | None:
        return self.share(self.reached_by_email)

    @property
    def by_phone_share(self) -> float | None:
        return self.share(self.reached_by_phone)

    @property
    def on_time_share(self) -> float | None:
        """Acknowledged within the deadline, of every point of contact asked."""
        return self.share(self.on_time)

    @property
    def median_minutes(self) -> float | None:
        return statistics.median(self.minutes) if self.minutes else None


def check_figures(results: Iterable[CheckResult]) -> tuple[dict[int, CheckFigures], CheckFigures]:
    by_state: dict[int, CheckFigures] = defaultdict(CheckFigures)
    overall = CheckFigures()
    for result in results:
        by_state[result.message.state_id].add(result)
        overall.add(result)
    return dict(by_state), overall
