"""My page's section of the collaboration register (``portal.my_page``), registered from
``CollaborationsConfig.ready()``: for the people who act for an organisation, its current
collaborations and open proposals with the way to its page; for the municipality's staff,
the collaborations they are responsible for."""

from django.db.models import Prefetch

from collaborations.models import Collaboration, Proposal
from collaborations.queries_public import involving_any
from organisations.models import Organisation
from organisations.permissions import NETWORKS, organisations_where
from portal import my_page

OPEN_PROPOSALS = (Proposal.Status.NEW, Proposal.Status.CONSIDERING)
CURRENT = (Collaboration.Status.PLANNED, Collaboration.Status.ACTIVE)


@my_page.section("collaborations/_my_page.html")
def collaborations(request) -> dict:
    user = request.user
    acting_for = organisations_where(user, NETWORKS)
    organisations = list(
        Organisation.objects.filter(pk__in=acting_for.values("pk"))
        .select_related("municipality")
        .order_by("name")
    )
    if organisations:
        of_organisations = list(
            involving_any(acting_for)
            .filter(status__in=CURRENT)
            .distinct()
            .prefetch_related(
                Prefetch(
                    "partners",
                    queryset=Organisation.objects.filter(pk__in=acting_for.values("pk")),
                    to_attr="my_partners",
                )
            )
            .order_by("title", "pk")
        )
        open_proposals = list(
            Proposal.objects.filter(
                organisation__in=acting_for.values("pk"), status__in=OPEN_PROPOSALS
            )
            .select_related("organisation")
            .order_by("-created_at")
        )
    else:
        of_organisations, open_proposals = [], []
    responsible = list(
        Collaboration.objects.filter(responsible_id=user.pk, status__in=CURRENT)
        .select_related("municipality", "administration")
        .order_by("ends_on", "title", "pk")
    )
    return {
        "collaboration_organisations": organisations,
        "collaborations_of_my_organisations": of_organisations,
        "collaboration_open_proposals": open_proposals,
        "collaborations_responsible": responsible,
    }
