"""What each municipal role may do with surveys and consultations (registered with
:mod:`portal.roles` from ``SurveysConfig.ready()``).

Coordinators and municipal administrators run them: write, send, close, cancel, and see who
answered what. The municipality's officers and politicians read the results (summaries
per question and per focus area, the year comparison and the texts), without the names of
those who answered: the answers are summarised for them, and a person's answer is theirs."""

from portal import roles
from portal.models import Role
from portal.roles import ALL

RUN_SURVEYS = "surveys.run"
VIEW_RESULTS = "surveys.view_results"

_RUNNING = {"surveys.survey": ALL, "surveys.surveyquestion": ALL}

roles.register(
    {Role.COORDINATOR: _RUNNING, Role.MUNICIPAL_ADMIN: _RUNNING},
    abilities={
        RUN_SURVEYS: {Role.COORDINATOR, Role.MUNICIPAL_ADMIN},
        VIEW_RESULTS: {Role.OFFICER, Role.COORDINATOR, Role.POLITICIAN, Role.MUNICIPAL_ADMIN},
    },
)
