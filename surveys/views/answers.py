"""The pages of the people a survey asks: the open surveys they may answer, a survey's
page (its introduction, a consultation's draft, the answer form built from its questions,
and the comments), the thank-you page and the draft document's file.

A survey's page is for those it asks (an organisation of its audience, through the people
who may apply for it; a person where persons answer), those who answered, and the
municipality's staff and politicians; anyone else gets 404, as for a draft. An
organisation's answer names the organisation and who gave it, and is changed until the
survey closes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organisations.uploads import private_download
from portal.bilingual import pick
from portal.forms import add_service_errors
from portal.permissions import may_anywhere, municipalities_where
from surveys import permissions
from surveys.forms.answers import AnswerForm, CommentForm
from surveys.roles import VIEW_RESULTS
from surveys.selectors import audience
from surveys.selectors.documents import headings, sections
from surveys.selectors.results import visible_surveys
from surveys.services import answers as services


@login_required
def survey_list(request):
    """The open surveys the person may answer; for staff and politicians, the surveys
    whose results they read."""
    where = municipalities_where(request.user, VIEW_RESULTS).values_list("pk", flat=True)
    results = visible_surveys(list(where)) if may_anywhere(request.user, VIEW_RESULTS) else []
    context = {"open_surveys": audience.open_surveys_for(request.user), "results": results}
    return render(request, "surveys/list.html", context)


def _survey_for(user, pk):
    survey = audience.shown(pk)
    if survey is None or not audience.may_see(user, survey):
        raise Http404
    return survey


def _chosen(request, respondents):
    keys = [r.key for r in respondents]
    wanted = request.POST.get("respondent") or request.GET.get("som")
    if wanted and wanted not in keys:
        raise Http404
    chosen = wanted or (keys[0] if keys else None)
    return next((r for r in respondents if r.key == chosen), None)


def answer_rows(questions, response) -> list[tuple[str, str]]:
    """The answer as read back: each question's label and the value given."""
    if response is None:
        return []
    rows = []
    for question in questions:
        value = response.answers.get(question.key, "")
        rows.append((question.label, ", ".join(value) if isinstance(value, list) else str(value)))
    return rows


def _context(request, survey, respondents, given, chosen):
    text = pick(survey, "document_text")
    chosen_response = given.get(chosen.key) if chosen else None
    return {
        "survey": survey,
        "intro": pick(survey, "intro"),
        "sections": sections(text),
        "respondents": respondents,
        "given": given,
        "chosen": chosen,
        "chosen_response": chosen_response,
        "answer_rows": answer_rows(survey.questions.all(), chosen_response),
        "may_view_results": permissions.may_view_results(request.user, survey.municipality_id),
        "may_run": permissions.may_run(request.user, survey.municipality_id),
    }


@login_required
def survey(request, pk):
    survey = _survey_for(request.user, pk)
    respondents = audience.respondents_for(request.user, survey)
    given = audience.responses_of(request.user, survey, respondents)
    chosen = _chosen(request, respondents)
    form = comment_form = None
    questions = list(survey.questions.all())
    if chosen is not None and questions and (survey.takes_answers or request.method == "POST"):
        previous = given.get(chosen.key)
        form = AnswerForm(
            request.POST or None,
            questions=questions,
            answers=previous.answers if previous else None,
            initial={"respondent": chosen.key},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.response_save(
                    survey=survey, by=request.user, answers=form.answers(),
                    organisation=chosen.organisation,
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                thanks_url = reverse("surveys:thanks", args=[survey.pk])
                return redirect(f"{thanks_url}?som={chosen.key}")
    elif request.method == "POST":
        raise Http404  # nobody to answer as, or nothing to answer
    if chosen is not None and survey.is_consultation and survey.takes_answers:
        comment_form = CommentForm(
            initial={"respondent": chosen.key},
            sections=headings(pick(survey, "document_text")),
        )
    context = _context(request, survey, respondents, given, chosen)
    context.update(form=form, comment_form=comment_form, questions=questions)
    return render(request, "surveys/survey.html", context)


@login_required
@require_POST
def comment(request, pk):
    survey = _survey_for(request.user, pk)
    respondents = audience.respondents_for(request.user, survey)
    chosen = _chosen(request, respondents)
    if chosen is None or not survey.is_consultation:
        raise Http404
    form = CommentForm(request.POST, sections=headings(pick(survey, "document_text")))
    if form.is_valid():
        try:
            services.comment_add(
                survey=survey, by=request.user, text=form.cleaned_data["text"],
                section=form.cleaned_data["section"], organisation=chosen.organisation,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your comment has been sent."))
            survey_url = reverse("surveys:survey", args=[survey.pk])
            return redirect(f"{survey_url}?som={chosen.key}#comments")
    given = audience.responses_of(request.user, survey, respondents)
    context = _context(request, survey, respondents, given, chosen)
    questions = list(survey.questions.all())
    answer_form = None
    if questions:
        previous = given.get(chosen.key)
        answer_form = AnswerForm(
            questions=questions, answers=previous.answers if previous else None,
            initial={"respondent": chosen.key},
        )  # fmt: skip
    context.update(form=answer_form, comment_form=form, questions=questions)
    return render(request, "surveys/survey.html", context)


@login_required
def thanks(request, pk):
    survey = _survey_for(request.user, pk)
    respondents = audience.respondents_for(request.user, survey)
    given = audience.responses_of(request.user, survey, respondents)
    chosen = _chosen(request, respondents)
    response = given.get(chosen.key) if chosen else None
    if response is None:
        return redirect("surveys:survey", survey.pk)
    context = {"survey": survey, "chosen": chosen, "response": response}
    return render(request, "surveys/thanks.html", context)


@login_required
def document(request, pk):
    survey = _survey_for(request.user, pk)
    if not survey.document:
        raise Http404
    return private_download(survey.document, survey.document_name, survey.document_type)


urlpatterns = [
    path("", survey_list, name="list"),
    path("<int:pk>/", survey, name="survey"),
    path(gettext_lazy("<int:pk>/comments/"), comment, name="comment"),
    path(gettext_lazy("<int:pk>/thanks/"), thanks, name="thanks"),
    path(gettext_lazy("<int:pk>/document/"), document, name="document"),
]
