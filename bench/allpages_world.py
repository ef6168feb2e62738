"""The objects the every-page benchmark opens: one municipality's own, from the data set.

The authorisation matrix fills every URL pattern from a world of objects
(``tests.security.matrix_urls``); this module gives it the same attributes, picked from a
municipality of ``seed_bench``'s data set instead of a handful made by hand, so that each
page is measured on the data a municipality of that size has. The people the pages are
opened as are the data set's own (``handlaggare.<code>@bench.example.se`` …), made here if
the data set predates them. An object the data set lacks is ``MISSING``: its pages are
listed as not measured, never quietly dropped.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import Count
from django.test import RequestFactory

from devtools.bench_seed import bench_member_organisation, bench_people
from grants.models import Application, PayoutBatch
from insights.models import DashboardReport
from networks import feeds
from networks.models import Network, NetworkMember
from portal.models import Municipality, User


class _Missing:
    """Stands for an object the data set has none of; any attribute is itself, and an
    address built from it fails to resolve (or resolves to a page that answers 404)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __str__(self) -> str:
        return "missing"

    def __bool__(self) -> bool:
        return False


MISSING = _Missing()

# Matrix column -> who of the data set's people (devtools.bench_seed.bench_people).
PEOPLE = {
    "officer_x": "handlaggare",
    "politician_x": "politiker",
    "coordinator_x": "samordnare",
    "admin_x": "kommunadmin",
    "member_a": "medlem",
}


def _first(queryset):
    found = queryset.first()
    return MISSING if found is None else found


def _superuser() -> User:
    """The portal administrator (Django's superuser) of the benchmarks' database."""
    user, created = User.objects.get_or_create(
        email="portaladmin@bench.example.se",
        defaults={"full_name": "Bench Portaladmin", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@dataclass
class BenchWorld:
    """Duck-types ``tests.security.matrix_data.MatrixWorld`` for ``matrix_urls``."""

    x: Municipality
    users: dict
    org_a: object
    application: object = MISSING
    application_draft: object = MISSING
    attachment: object = MISSING
    document: object = MISSING
    org_invitation: object = MISSING
    network: object = MISSING
    public_network: object = MISSING
    meeting: object = MISSING
    action: object = MISSING
    network_document: object = MISSING
    join_request: object = MISSING
    dashboard_report: object = MISSING
    batch: object = MISSING
    member_feed_token: object = MISSING
    collaboration: object = MISSING
    collaboration_document: object = MISSING
    admin_objects: dict = field(default_factory=dict)
    volunteer_posts: dict = field(default_factory=dict)
    forums_advice: dict = field(default_factory=dict)

    def __post_init__(self):
        self.y = self.x  # the matrix's "other municipality": never opened by the benchmark
        self.org_b = self.org_c = self.org_pending = self.org_a


def build_world(municipality: Municipality) -> BenchWorld:
    people = bench_people(municipality)
    users = {role: people[who] for role, who in PEOPLE.items()}
    users["superuser"] = _superuser()
    users["anonymous"] = None
    world = BenchWorld(x=municipality, users=users, org_a=bench_member_organisation(municipality))
    _grants(world)
    _organisation(world)
    _networks(world)
    _register(world)
    _volunteering_and_forums(world)
    world.admin_objects = _admin_objects(world)
    return world


def _grants(world: BenchWorld) -> None:
    cases = Application.objects.filter(organisation=world.org_a)
    # The cases of the committees the officer handles: the admin's pages are theirs.
    committees = (
        world.users["officer_x"]
        .role_assignments.filter(municipality=world.x, committee__isnull=False)
        .values("committee")
    )
    if committees.exists():
        cases = cases.filter(call__programme__committee__in=committees)
    decided = cases.filter(decision__reports__isnull=False).order_by("-pk")
    with_file = decided.filter(attachments__isnull=False)
    world.application = _first(with_file) or _first(decided) or _first(cases.order_by("-pk"))
    if world.application:
        world.attachment = _first(world.application.attachments.order_by("pk"))
    world.application_draft = _first(cases.filter(status="draft").order_by("-pk"))
    world.batch = _first(
        PayoutBatch.objects.filter(committee__municipality=world.x).order_by("-pk")
    )
    world.dashboard_report = _first(
        DashboardReport.objects.filter(municipality=world.x).order_by("-pk")
    )


def _organisation(world: BenchWorld) -> None:
    org = world.org_a
    world.document = _first(org.documents.order_by("-year", "-pk"))
    world.org_invitation = _first(org.invitations.order_by("-pk"))


def _networks(world: BenchWorld) -> None:
    member = world.users["member_a"]
    mine = Network.objects.filter(
        municipality=world.x,
        members__organisation=world.org_a,
        members__status=NetworkMember.Status.ACTIVE,
    ).order_by("pk")
    world.network = _first(mine.filter(visibility="invite_only")) or _first(mine)
    world.public_network = _first(
        Network.objects.filter(municipality=world.x, visibility="public").order_by("pk")
    )
    network = world.network
    if not network:
        return
    world.meeting = _first(network.meetings.order_by("-starts_at"))
    world.action = _first(network.actions.order_by("-pk"))
    world.network_document = _first(network.documents.order_by("-pk"))
    world.join_request = _first(
        network.members.filter(status=NetworkMember.Status.REQUESTED).order_by("pk")
    )
    try:
        world.member_feed_token = feeds.feed_for(member, network).token
    except Exception:  # no feed for this member: the page is not measured
        world.member_feed_token = MISSING


def _register(world: BenchWorld) -> None:
    from collaborations.models import Collaboration, CollaborationDocument

    public = Collaboration.objects.filter(municipality=world.x, is_public=True).order_by("pk")
    world.collaboration = _first(public.filter(documents__isnull=False)) or _first(public)
    world.collaboration_document = _first(
        CollaborationDocument.objects.filter(collaboration=world.collaboration).order_by("pk")
        if world.collaboration
        else CollaborationDocument.objects.none()
    )


def _volunteering_and_forums(world: BenchWorld) -> None:
    from advice.models import AdviceSlot
    from networks.models import Meeting, OpenSignup
    from volunteering.models import Post, ShiftSignup

    member = world.users["member_a"]
    world.volunteer_posts = {
        "organisation_post": _first(Post.objects.filter(organisation=world.org_a).order_by("pk")),
        "signup": _first(ShiftSignup.objects.filter(volunteer__user=member).order_by("pk")),
    }
    forum = _first(
        Meeting.objects.filter(network__municipality=world.x, open_signup=True).order_by(
            "-starts_at"
        )
    )
    world.forums_advice = {
        "forum": forum,
        "signup": _first(OpenSignup.objects.filter(meeting=forum).order_by("pk"))
        if forum
        else MISSING,
        "free_slot": _first(
            AdviceSlot.objects.filter(municipality=world.x, bookings__isnull=True).order_by(
                "-starts_at"
            )
        ),
    }


# The role whose list an admin object is taken from: the first of these the matrix lets in.
ADMIN_ROLES = ("officer_x", "coordinator_x", "admin_x", "superuser")


def _admin_objects(world: BenchWorld) -> dict:
    """``app_label.model`` -> an object of the municipality, for every registered model: the
    first of the admin's own list for the first role that may open it, so a new model's
    pages are measured without anyone adding them here."""
    from tests.security.matrix_data import ROLES
    from tests.security.matrix_expectations import MATRIX, OK

    picked = {
        "surveys.survey": _survey(world),
        "grants.application": world.application,
        "organisations.organisation": world.org_a,
        "networks.network": world.network,
        "networks.meeting": world.meeting,
        "portal.municipality": world.x,
        "portal.user": world.users["member_a"],
    }
    factory = RequestFactory()
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in picked:
            continue
        row = MATRIX.get(f"admin:{model._meta.app_label}_{model._meta.model_name}_change")
        roles = [r for r in ADMIN_ROLES if row and row[ROLES.index(r)] == OK] or ["superuser"]
        request = factory.get("/admin/")
        request.user = world.users[roles[0]]
        request.session = {}
        try:
            queryset = model_admin.get_queryset(request)
        except Exception:  # an admin that needs a real request
            queryset = model._default_manager.all()
        picked[label] = _first(_scoped(queryset, model, world.x).order_by("-pk"))
    return picked


def _survey(world: BenchWorld):
    """An open survey to everyone that has answers, a consultation where there is one: the
    member answers it, staff read its results."""
    from surveys.models import Survey

    surveys = (
        Survey.objects.filter(
            municipality=world.x, status=Survey.Status.OPEN, audience=Survey.Audience.EVERYONE
        )
        .annotate(answers=Count("responses"))
        .order_by("kind", "-answers", "-pk")
    )
    return _first(surveys)


def _scoped(queryset, model, municipality):
    """The municipality's rows where the model has a direct municipality."""
    names = {f.name for f in model._meta.get_fields()}
    if "municipality" in names:
        return queryset.filter(municipality=municipality)
    return queryset
