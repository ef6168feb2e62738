"""The activity grant (aktivitetsstöd) formula: amount per deltagartillfälle.

Pure functions, so that the calculation shown to the officer, stored with the decision and
tested on worked examples is the same code. Input rows come from an *activities* question:
per activity, the number of occasions (sammankomster), minutes per occasion, participants of
the eligible age per occasion and leaders.
"""

from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

ONE_KRONA = Decimal("1")


@dataclass
class ActivityRow:
    activity: str
    occasions: int
    minutes: int
    participants: int
    leaders: int
    counted: bool = True
    reason: str = ""
    participant_occasions: int = 0
    amount: Decimal = Decimal(0)


@dataclass
class ActivityCalculation:
    rows: list[ActivityRow] = field(default_factory=list)
    occasions: int = 0
    participant_occasions: int = 0
    gross: Decimal = Decimal(0)
    deduction_percent: int = 0
    deduction: Decimal = Decimal(0)
    cap: Decimal | None = None
    amount: Decimal = Decimal(0)

    def as_dict(self) -> dict:
        """JSON-ready (amounts as strings) for storing with the decision."""
        data = asdict(self)
        for key in ("gross", "deduction", "amount", "cap"):
            data[key] = None if data[key] is None else str(data[key])
        for row in data["rows"]:
            row["amount"] = str(row["amount"])
        return data


def _refusal(row: dict, rule) -> str:
    if row["minutes"] < rule.min_minutes:
        return _("shorter than %(minutes)s minutes") % {"minutes": rule.min_minutes}
    if row["participants"] < rule.min_participants:
        return _("fewer than %(count)s participants") % {"count": rule.min_participants}
    if row["leaders"] < rule.min_leaders:
        return _("no leader aged 13 or more")
    return ""


def calculate(rows: list[dict], rule, *, deduction_percent: int = 0, cap=None):
    """Compute the grant for ``rows`` under ``rule``.

    Occasions that are too short, too small or without a leader do not count; at most
    ``max_participants`` participants are paid per occasion. The late deduction applies to
    the total, then the programme's maximum amount caps it; the result is whole kronor.
    """
    result = ActivityCalculation(deduction_percent=deduction_percent, cap=cap)
    for raw in rows:
        row = ActivityRow(**{k: raw[k] for k in ActivityRow.__dataclass_fields__ if k in raw})
        row.reason = _refusal(raw, rule)
        row.counted = not row.reason and row.occasions > 0
        if row.counted:
            paid = min(row.participants, rule.max_participants)
            row.participant_occasions = row.occasions * paid
            row.amount = (
                row.participant_occasions * rule.rate_per_participant
                + row.occasions * rule.rate_per_occasion
            )
            result.occasions += row.occasions
            result.participant_occasions += row.participant_occasions
            result.gross += row.amount
        result.rows.append(row)
    result.deduction = (result.gross * deduction_percent / 100).quantize(ONE_KRONA, ROUND_HALF_UP)
    amount = (result.gross - result.deduction).quantize(ONE_KRONA, ROUND_HALF_UP)
    if cap is not None:
        amount = min(amount, Decimal(cap))
    result.amount = max(amount, Decimal(0))
    return result


def activity_rows(answers_value) -> list[dict]:
    """The rows of a cleaned activities answer (see form_builder.ActivitiesField)."""
    return list((answers_value or {}).get("rows", []))
