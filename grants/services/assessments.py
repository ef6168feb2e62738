"""Writes of assessments: an officer's scores per criterion, recommendation and notes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grants.models import Application, Assessment, Score
from grants.permissions import handles_cases
from portal.services import audit_record


@transaction.atomic
def assessment_save(
    *, application: Application, by, scores: dict, recommendation: str,
    recommended_amount=None, notes: str = "",
) -> Assessment:  # fmt: skip
    """Store (or replace) ``by``'s assessment; ``scores`` maps criterion id → score or None
    (not applicable). Decided or withdrawn cases cannot be assessed any more."""
    committee = application.call.programme.committee
    municipality = committee.municipality
    if not handles_cases(by, committee):
        raise ValidationError(_("Only an officer of the committee can assess."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW):
        raise ValidationError(_("Only submitted cases under review can be assessed."))
    criteria = {c.pk: c for c in application.call.programme.criteria.all()}
    for criterion_id, value in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ValidationError(_("Unknown criterion."))
        if value is not None and not 0 <= int(value) <= criterion.max_score:
            raise ValidationError(
                _("%(criterion)s is scored from 0 to %(max)s.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            )
    assessment, _created = Assessment.objects.update_or_create(
        application=application,
        assessor=by,
        defaults={
            "recommendation": recommendation,
            "recommended_amount": recommended_amount,
            "notes": notes,
        },
    )
    assessment.scores.all().delete()
    Score.objects.bulk_create(
        Score(assessment=assessment, criterion_id=int(c), value=v) for c, v in scores.items()
    )
    audit_record(
        actor=by,
        action="application.assessed",
        target=application,
        municipality=municipality,
        after={"recommendation": recommendation,
               "scores": {str(c): v for c, v in scores.items()}},
    )  # fmt: skip
    return assessment
