"""seed_bench makes a consistent data set in bulk, and the dashboard rollups built from it
equal the same figures aggregated live from the base tables."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q, Sum

from devtools.bench_seed import Scale, already_seeded, bench_municipalities, seed
from grants.models import Application, ApplicationEvent, Decision, Payout, PayoutBatch
from grants.years import GrantYear
from insights.models import GrantRollup
from insights.selectors import Filters, by_focus_area, totals
from networks.models import Attendance, Network
from organisations.models import Organisation

pytestmark = pytest.mark.django_db

TINY = Scale(municipalities=3, organisations=300, applications=1500, networks=6, years=3)


@pytest.fixture
def seeded():
    return seed(TINY, out=lambda *_: None)


def test_seed_makes_what_it_says(seeded):
    rows = seeded["rows"]
    assert bench_municipalities().count() == 3
    assert rows["organisations_organisation"] == Organisation.objects.count() >= 300
    assert rows["grants_application"] == Application.objects.count()
    assert abs(Application.objects.count() - 1500) < 150
    assert Decision.objects.count() > 0.8 * Application.objects.count()
    assert Network.objects.count() == rows["networks_network"] >= 6
    assert Attendance.objects.exists()
    assert GrantRollup.objects.exists()
    # Every case has its timeline: submitted once, then decided, under review or withdrawn
    # as its status says (the officer queue's "days waiting" reads the submission).
    events = ApplicationEvent.objects.values("application_id")
    assert rows["grants_applicationevent"] == events.count()
    submitted = events.filter(to_status="submitted")
    lodged = Application.objects.exclude(status="draft")  # the member organisations' drafts
    assert submitted.count() == submitted.distinct().count() == lodged.count()
    for status in ("decided", "under_review", "withdrawn"):
        cases = Application.objects.filter(status=status).count()
        assert events.filter(to_status=status).count() == cases, status
    # Every diarienummer is unique per committee and numbering continues after the data.
    numbers = lodged.values("registry_committee", "diarienummer")
    assert numbers.count() == numbers.distinct().count()


def test_rollups_equal_live_aggregates(seeded):
    municipality = bench_municipalities().first()
    year = Application.objects.exclude(submitted_at=None).latest("submitted_at").submitted_at.year
    in_year = (  # grants.years: a case belongs to its decision's year
        Application.objects.filter(call__programme__committee__municipality=municipality)
        .exclude(status__in=["draft", "withdrawn"])
        .alias(year=GrantYear())
        .filter(year=year)
    )
    live = Application.objects.filter(pk__in=in_year.values("pk")).aggregate(
        count=Count("pk"),
        applied=Sum("amount_requested"),
        granted=Sum("decision__amount"),
        organisations=Count(
            "organisation",
            distinct=True,
            filter=Q(decision__isnull=False) & ~Q(decision__outcome="rejected"),
        ),
    )
    # Paid money counts in the year it was paid (the batch marked paid, Stockholm time).
    live["paid"] = (
        Payout.objects.filter(
            decision__application__call__programme__committee__municipality=municipality,
            decision__application__submitted_at__isnull=False,
            batch__status=PayoutBatch.Status.PAID,
            batch__paid_at__year=year,
        )
        .exclude(decision__application__status__in=["draft", "withdrawn"])
        .aggregate(paid=Sum("amount"))["paid"]
    )
    figures = totals(Filters(municipality, years=(year,)))
    assert figures["count"] == live["count"] > 0
    assert figures["applied"] == live["applied"]
    assert figures["granted"] == live["granted"]
    assert figures["paid"] == (live["paid"] or Decimal(0))
    assert figures["organisations"] == live["organisations"]
    # Per focus area: an application tagged with two areas counts under both.
    per_area = {row[0]: row[1] for row in by_focus_area(Filters(municipality, (year,))).rows}
    tagged = Application.focus_areas.through.objects.filter(application__in=in_year)
    assert sum(per_area.values()) == tagged.count()


def test_seeding_again_does_nothing_and_another_scale_is_refused(seeded):
    assert already_seeded(TINY)
    with pytest.raises(CommandError, match="another benchmark data set"):
        call_command("seed_bench", scale="small")
    assert bench_municipalities().count() == 3


def test_fields_a_generator_leaves_out_get_what_django_would_give_them(seeded):
    """Columns come from the models: a field no generator sets gets its default (here a
    JSON default, a blank text, the seed's time for auto_now) or NULL."""
    application = Application.objects.exclude(decision=None).first()
    assert application.answers == {}
    assert application.created_by_id is None
    assert application.decision.calculation == {}
    assert application.decision.conditions == ""
    network = Network.objects.first()
    assert network.coordinator_id is None
    assert network.created_at is not None


def test_a_row_without_a_required_value_or_with_an_unknown_field_is_refused_by_name(db):
    from django.db import connection
    from django.utils import timezone

    from devtools.bench_seed.writer import Writer
    from grants.models import DiarySequence

    with connection.cursor() as wrapper:
        writer = Writer(wrapper.cursor, timezone.now())
        with pytest.raises(ValueError, match=r"DiarySequence\.year is NOT NULL without a default"):
            writer.copy(DiarySequence, [{"id": 1, "committee_id": 1}])
        with pytest.raises(ValueError, match="DiarySequence has no field"):
            writer.copy(DiarySequence, [{"id": 1, "committee_id": 1, "year": 2026, "yaer": 1}])


def test_volunteering_is_seeded_in_proportion_and_in_valid_states(seeded):
    from django.db.models import Count, F, Q

    from volunteering.models import CallOut, Pledge, Post, Shift, ShiftSignup, Volunteer
    from volunteering.selectors.figures import figures_by, municipality_summary

    rows = seeded["rows"]
    organisations = Organisation.objects.count()
    assert rows["volunteering_volunteer"] == Volunteer.objects.count()
    assert abs(Volunteer.objects.count() - 0.4 * organisations) <= 10 * 3
    assert Volunteer.objects.filter(user__email__endswith="@bench.example.se").count() == (
        Volunteer.objects.count()
    )
    assert CallOut.objects.filter(status="open").exists()
    assert Pledge.objects.filter(status="accepted", hours_given__gt=0).exists()
    assert Post.objects.filter(organisation__isnull=False).exists()
    assert Shift.objects.count() == rows["volunteering_shift"] > 0
    # Never more booked than places; a waiting list only on a full shift, none on held ones.
    shifts = Shift.objects.annotate(
        booked=Count("signups", filter=Q(signups__status="confirmed")),
        waiting=Count("signups", filter=Q(signups__status="waiting")),
    )
    assert not shifts.filter(booked__gt=F("places")).exists()
    assert not shifts.filter(waiting__gt=0, booked__lt=F("places")).exists()
    assert shifts.filter(waiting__gt=0).exists()
    assert ShiftSignup.objects.filter(attended=True, hours__gt=0).exists()
    # Every row belongs to one municipality: a sign-up's volunteer is the post's.
    assert not ShiftSignup.objects.exclude(
        volunteer__municipality=F("shift__post__municipality")
    ).exists()
    municipality = bench_municipalities().first()
    assert municipality_summary(municipality).volunteers > 0
    assert figures_by(municipality, "focus_area")


def test_information_and_dialogue_are_seeded_in_every_municipality(seeded):
    from information.models import Contact, FocusAreaGoal, NewsItem, Page, Story
    from outreach.models import Alert, AlertSetting, Follow, Mailing, MailingOptOut, Segment
    from surveys.models import Comment, Survey, SurveyQuestion, SurveyResponse

    rows = seeded["rows"]
    for model in (Page, FocusAreaGoal, Contact, NewsItem, Story, Follow, AlertSetting, Alert,
                  Segment, Mailing, MailingOptOut, Survey, SurveyQuestion, SurveyResponse,
                  Comment):  # fmt: skip
        assert rows[model._meta.db_table] == model.objects.count() > 0, model.__name__
    for municipality in bench_municipalities():
        pages = Page.objects.filter(municipality=municipality, status="published")
        assert {"policy", "how"} <= set(pages.values_list("kind", flat=True))
        assert FocusAreaGoal.objects.filter(municipality=municipality).count() == 3
        assert 10 <= Contact.objects.filter(municipality=municipality).count() <= 50
        assert 20 <= NewsItem.objects.filter(municipality=municipality).count() <= 200
        assert Story.objects.filter(municipality=municipality, status="published").exists()
        # The needs inventory every year, this year's consultation open, a draft.
        surveys = Survey.objects.filter(municipality=municipality)
        assert surveys.filter(series="Behovsinventering").count() == 3
        assert surveys.filter(kind="consultation", status="open").count() == 1
        assert surveys.filter(status="draft").count() == 1
    # Every row belongs to one municipality: what is followed, who answers, who comments.
    assert not Follow.objects.exclude(
        Q(focus_area__municipality=F("municipality"))
        | Q(district__municipality=F("municipality"))
        | Q(network__municipality=F("municipality"))
        | Q(organisation__municipality=F("municipality"))
    ).exists()
    volunteers = Follow.objects.filter(user__volunteer_profiles__municipality=F("municipality"))
    assert volunteers.count() == Follow.objects.count()
    followers = Follow.objects.values("user", "municipality").distinct()
    assert AlertSetting.objects.count() == followers.count()
    # Alerts only for those who follow something there and have not paused them.
    assert not Alert.objects.filter(
        user__alert_settings__municipality=F("municipality"),
        user__alert_settings__frequency="paused",
    ).exists()
    assert not Alert.objects.exclude(sent_at=None).filter(sent_at__lt=F("created_at")).exists()
    responses = SurveyResponse.objects
    assert (
        not responses.exclude(organisation=None)
        .exclude(organisation__municipality=F("survey__municipality"))
        .exists()
    )
    assert (
        not responses.exclude(person=None)
        .exclude(person__volunteer_profiles__municipality=F("survey__municipality"))
        .exists()
    )
    assert responses.filter(person__isnull=False).exists()
    assert not Comment.objects.exclude(survey__kind="consultation").exists()
    # Every question answered in the shape the results read.
    answer = responses.filter(survey__series="Behovsinventering").first().answers
    assert answer["situation"] in SurveyQuestion.SCALE
    assert isinstance(answer["needs"], list)


def test_mailings_are_delivered_through_the_outbox_never_to_those_who_opted_out(seeded):
    from outreach.models import Mailing, MailingOptOut
    from portal.models import Notification

    sent = Mailing.objects.filter(status="sent")
    assert sent.exists()
    assert Mailing.objects.filter(status="draft").exists()
    deliveries = Notification.objects.filter(kind="mailing")
    assert deliveries.count() == sum(m.recipient_count for m in Mailing.objects.all()) > 0
    for mailing in sent[:5]:
        assert deliveries.filter(key=mailing.outbox_key).count() == mailing.recipient_count > 0
    assert not deliveries.exclude(status="sent").exists()
    opted = MailingOptOut.objects.values_list("municipality", "email")
    assert not any(deliveries.filter(municipality=m, recipient=e).exists() for m, e in opted)


def test_advice_times_and_open_forums_are_seeded_in_valid_states(seeded):
    from django.utils import timezone

    from advice.models import AdviceBooking, AdviceSlot
    from networks.models import Meeting, OpenSignup

    now = timezone.now()
    slots = AdviceSlot.objects
    assert slots.filter(starts_at__lt=now).exists()
    assert slots.filter(starts_at__gt=now).exists()
    bookings = AdviceBooking.objects.filter(status="booked")
    assert bookings.count() > 0.3 * slots.count()
    # A booking is of a time of the booker's municipality, for an organisation of it.
    assert not bookings.filter(slot__status="cancelled").exists()
    assert (
        not bookings.exclude(organisation=None)
        .exclude(organisation__municipality=F("slot__municipality"))
        .exists()
    )
    assert (
        not bookings.filter(organisation=None)
        .exclude(booked_by__volunteer_profiles__municipality=F("slot__municipality"))
        .exists()
    )
    assert (
        not bookings.exclude(organisation=None)
        .exclude(organisation__memberships__user=F("booked_by"))
        .exists()
    )
    forums = Meeting.objects.filter(open_signup=True)
    assert forums.filter(starts_at__lt=now).exists()
    assert forums.filter(starts_at__gt=now).exists()
    assert not forums.exclude(is_public=True, network__visibility="public").exists()
    booked = forums.annotate(
        taken=Sum("open_signups__places", filter=Q(open_signups__status="booked"))
    )
    assert not booked.filter(taken__gt=F("capacity")).exists()
    signups = OpenSignup.objects
    assert not signups.filter(meeting__starts_at__lt=now, status="waiting").exists()
    assert signups.filter(checked_in_at__isnull=False).exists()
    assert not signups.exclude(status="booked").filter(checked_in_at__isnull=False).exists()


def test_bench_people_and_their_member_organisation(seeded):
    from django.utils import timezone

    from devtools.bench_seed import bench_member_organisation, bench_people
    from networks.models import NetworkMember
    from organisations.models import BoardMember, Membership
    from portal.models import RoleAssignment

    today = timezone.localdate()
    for municipality in bench_municipalities():
        people = bench_people(municipality)
        code = municipality.municipality_code
        assert set(people) == {"handlaggare", "politiker", "samordnare", "kommunadmin", "medlem"}
        assert people["medlem"].email == f"medlem.{code}@bench.example.se"
        roles = RoleAssignment.objects.filter(municipality=municipality)
        assert roles.filter(user=people["samordnare"], role="coordinator").exists()
        assert roles.filter(user=people["kommunadmin"], role="municipal_admin").exists()
        organisation = bench_member_organisation(municipality)
        most = (
            Application.objects.filter(municipality=municipality)
            .values("organisation")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        assert organisation.applications.count() == most["n"]
        membership = Membership.objects.get(user=people["medlem"], organisation=organisation)
        assert membership.can_apply
        assert BoardMember.objects.get(
            organisation=organisation, year=today.year, role="chair"
        ).full_name == people["medlem"].full_name  # fmt: skip
        assert organisation.documents.count() == 3
        draft = organisation.applications.get(status="draft")
        assert draft.call.is_open()
        assert draft.created_by == people["medlem"]
        decided = organisation.applications.filter(status="decided", decision__isnull=False)
        assert decided.filter(attachments__registry_document__organisation=organisation).exists()
        assert NetworkMember.objects.filter(organisation=organisation, status="active").exists()
    # Representatives (ombud) act for organisations of their municipality, some until a day.
    representatives = Membership.objects.filter(role="representative")
    assert representatives.exists()
    assert representatives.filter(valid_until__gt=today).exists()
    assert not representatives.filter(valid_until__lt=today).exists()
