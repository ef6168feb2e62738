"""My page's section of surveys (``portal.my_page``), registered from
``SurveysConfig.ready()``: the open surveys the person may answer (for an organisation they
act for, or as themselves), whether each is answered, and when it closes."""

from portal import my_page
from surveys.selectors.audience import open_surveys_for


@my_page.section("surveys/_my_page.html")
def surveys(request) -> dict:
    rows = []
    for survey, respondents, given in open_surveys_for(request.user):
        rows.append(
            {
                "survey": survey,
                "answered": [r for r in respondents if r.key in given],
                "waiting": [r for r in respondents if r.key not in given],
            }
        )
    return {"surveys_open": rows}
