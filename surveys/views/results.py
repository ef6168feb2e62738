"""The results of a survey, outside the admin, for the municipality's staff and politicians
(``permissions.may_view_results``): per question, per focus area and year by year, with
the comments on a consultation, and the answers as CSV or XLSX. Who answered is named only
for those who run the surveys (``permissions.may_see_names``); anyone else gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy

from portal.bilingual import pick
from surveys import exports, permissions
from surveys.selectors import audience
from surveys.selectors.results import results as read_results

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _survey_for(user, pk):
    survey = audience.shown(pk)
    if survey is None or not permissions.may_view_results(user, survey.municipality_id):
        raise Http404
    return survey


@login_required
def results(request, pk):
    survey = _survey_for(request.user, pk)
    names = permissions.may_see_names(request.user, survey.municipality_id)
    context = {
        "survey": survey,
        "intro": pick(survey, "intro"),
        "results": read_results(survey, names=names),
        "may_run": names,
    }
    return render(request, "surveys/results.html", context)


@login_required
def results_export(request, pk, fmt):
    survey = _survey_for(request.user, pk)
    names = permissions.may_see_names(request.user, survey.municipality_id)
    if fmt == "csv":
        questions = list(survey.questions.all())
        content = exports.answers_csv(survey, questions, names)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        content = exports.answers_xlsx(survey, read_results(survey, names=names))
        response = HttpResponse(content, content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = content_disposition_header(
        True, exports.filename(survey, fmt)
    )
    return response


urlpatterns = [
    path(gettext_lazy("<int:pk>/results/"), results, name="results"),
    path(gettext_lazy("<int:pk>/results.<str:fmt>"), results_export, name="results_export"),
]
