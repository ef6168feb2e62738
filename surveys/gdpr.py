"""Surveys' part of a person's data rights (``portal.gdpr``), registered from
``SurveysConfig.ready()``.

The export holds the person's own answers (as themselves) and the comments they wrote, and
the organisations' answers they gave. Erasure removes their own answers and the comments
they wrote as themselves (both are theirs alone); an organisation's answer or comment stays
the organisation's and no longer names the person."""

from django.utils.translation import gettext_lazy

from portal import audit_text
from portal.gdpr import erasure, export
from portal.gdpr.export import iso
from surveys.models import Comment, SurveyResponse

audit_text.register_erased("survey_answers", gettext_lazy("Own answers to surveys removed"))
audit_text.register_erased("survey_comments", gettext_lazy("Own comments on consultations removed"))


@export.section
def surveys(user) -> dict:
    answers = (
        SurveyResponse.objects.filter(person=user)
        .select_related("survey")
        .order_by("submitted_at", "pk")
    )
    given = (
        SurveyResponse.objects.filter(answered_by=user, organisation__isnull=False)
        .select_related("survey", "organisation")
        .order_by("submitted_at", "pk")
    )
    comments = Comment.objects.filter(author=user).select_related("survey", "organisation")
    return {
        "survey_answers": [
            {"survey": r.survey.title_sv, "answers": r.answers,
             "answered_at": iso(r.submitted_at), "changed_at": iso(r.updated_at)}
            for r in answers
        ],
        "survey_answers_for_organisations": [
            {"survey": r.survey.title_sv, "organisation": r.organisation.name,
             "changed_at": iso(r.updated_at)}
            for r in given
        ],
        "consultation_comments": [
            {"consultation": c.survey.title_sv,
             "organisation": c.organisation.name if c.organisation_id else None,
             "section": c.section, "comment": c.text, "written_at": iso(c.created_at)}
            for c in comments.order_by("created_at", "pk")
        ],
    }  # fmt: skip


@erasure.step
def erase_surveys(user) -> dict:
    answers, _detail = SurveyResponse.objects.filter(person=user).delete()
    comments, _detail = Comment.objects.filter(author=user, organisation__isnull=True).delete()
    SurveyResponse.objects.filter(answered_by=user).update(answered_by=None)
    Comment.objects.filter(author=user).update(author=None)
    return {"survey_answers": answers, "survey_comments": comments}
