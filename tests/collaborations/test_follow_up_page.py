"""The yearly follow-up of an agreement written from the organisation's page by the people
who act for a party or partner: listed on the page while open or owed, saved as a draft,
sent in (the responsible officer is emailed), read-only once sent in, refused to everyone
else; through the real views, forms and services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from collaborations import services
from collaborations.models import Collaboration, FollowUp, Indicator
from collaborations.services.agreements import FOLLOW_UP_SUBMITTED_KIND
from portal.models import AuditEvent, Notification
from tests.collaborations.helpers import iop
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def agreement(collab):
    """The women's shelter's IOP, active since two years back, with three indicators and
    the social officer responsible."""
    collaboration = iop(collab)
    Collaboration.objects.filter(pk=collaboration.pk).update(
        starts_on=date(LAST_YEAR - 1, 1, 1), responsible=collab.social_officer
    )
    services.collaboration_set_status(
        collaboration=collaboration, status="active", by=collab.social_officer
    )
    agreement = collaboration.agreement
    for number, (name, unit, target) in enumerate(
        [("Skyddade boendedygn", "dygn", 900), ("Stödsamtal", "samtal", 400), ("Kurser", "", 4)]
    ):
        Indicator.objects.create(
            agreement=agreement, goal=f"Mål {number}", name=name, unit=unit,
            target=Decimal(target), ordering=number,
        )  # fmt: skip
    return agreement


def _url(c, agreement, year=LAST_YEAR, organisation=None):
    organisation = organisation or c.organisation
    return reverse("collaborations:follow_up", args=[organisation.pk, agreement.pk, year])


def _data(agreement, values, *, action="draft", summary="Ett bra år.", comment=""):
    data = {"action": action, "summary": summary}
    for indicator, value in zip(agreement.indicators.all(), values, strict=True):
        data[f"result_{indicator.pk}"] = value
        data[f"comment_{indicator.pk}"] = comment
    return data


def _submitted_emails():
    return Notification.objects.filter(kind=FOLLOW_UP_SUBMITTED_KIND)


def test_the_organisation_page_lists_drafts_and_owed_years_with_a_link(client, collab, agreement):
    services.follow_up_open(agreement=agreement, year=LAST_YEAR + 1, by=collab.social_officer)
    client.force_login(collab.org_user)
    html = client.get(reverse("collaborations:organisation", args=[collab.organisation.pk]))
    html = html.content.decode()
    assert "Årliga uppföljningar att skriva" in html
    assert html.count("Skriv uppföljningen") == 3  # two owed years and this year's draft
    for year in (LAST_YEAR - 1, LAST_YEAR, LAST_YEAR + 1):
        assert _url(collab, agreement, year) in html
    assert "utkast sparat" in html
    assert _url(collab, agreement, LAST_YEAR - 2) not in html  # before the agreement ran

    # Sent in, a year leaves the list.
    client.post(_url(collab, agreement), _data(agreement, ["1", "2", "3"], action="submit"))
    html = client.get(reverse("collaborations:organisation", args=[collab.organisation.pk]))
    assert _url(collab, agreement) not in html.content.decode()


def test_a_draft_is_saved_and_shown_again(client, collab, agreement):
    client.force_login(collab.org_user)
    url = _url(collab, agreement)
    page = client.get(url).content.decode()
    assert "Skyddade boendedygn" in page
    assert "Mål 0" in page
    assert "Spara utkast" in page
    assert "Skicka in" in page
    response = client.post(url, _data(agreement, ["874,5", "", "2"], comment="Nästan"))
    assert response.status_code == 302
    assert response["Location"] == url
    follow_up = FollowUp.objects.get(agreement=agreement, year=LAST_YEAR)
    assert follow_up.status == FollowUp.Status.DRAFT
    assert follow_up.summary == "Ett bra år."
    assert sorted(r.value for r in follow_up.results.all()) == [Decimal(2), Decimal("874.5")]
    opened = AuditEvent.objects.get(action="follow_up.opened", target_id=str(follow_up.pk))
    assert opened.actor == collab.org_user
    assert opened.after["organisation"] == collab.organisation.name
    assert AuditEvent.objects.filter(action="follow_up.results_saved").count() == 1
    page = client.get(url).content.decode()
    assert 'value="874,5"' in page
    assert "Ett bra år." in page
    # A second draft changes the same follow-up.
    client.post(url, _data(agreement, ["880", "400", ""]))
    assert FollowUp.objects.filter(agreement=agreement).count() == 1
    assert sorted(r.value for r in follow_up.results.all()) == [Decimal(400), Decimal(880)]
    assert not _submitted_emails().exists()


def test_sending_in_submits_and_emails_the_responsible_officer_once(client, collab, agreement):
    client.force_login(collab.org_user)
    url = _url(collab, agreement)
    response = client.post(url, _data(agreement, ["874", "431", "4"], action="submit"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "collaborations:organisation", args=[collab.organisation.pk]
    )
    follow_up = FollowUp.objects.get(agreement=agreement, year=LAST_YEAR)
    assert (follow_up.status, follow_up.submitted_by) == ("submitted", collab.org_user)
    assert follow_up.results.count() == 3
    [email] = _submitted_emails()
    assert email.user == collab.social_officer
    assert "Kvinnojouren Nacka" in email.body
    assert str(LAST_YEAR) in email.body
    assert reverse("admin:collaborations_followup_change", args=[follow_up.pk]) in email.body
    # Posting again changes nothing and tells nobody again.
    client.post(url, _data(agreement, ["1", "1", "1"], action="submit"))
    assert _submitted_emails().count() == 1
    assert sorted(r.value for r in follow_up.results.all()) == [4, 431, 874]
    # The officer sending back and the partner sending in again: told again.
    services.follow_up_set_status(follow_up=follow_up, status="draft", by=collab.social_officer)
    client.post(url, _data(agreement, ["875", "431", "4"], action="submit"))
    assert _submitted_emails().count() == 2


def test_an_officer_submitting_in_the_admin_emails_nobody(collab, agreement):
    follow_up = services.follow_up_open(
        agreement=agreement, year=LAST_YEAR, by=collab.social_officer
    )
    services.follow_up_save_results(
        follow_up=follow_up, by=collab.social_officer, summary="",
        results={i.pk: ("1", "") for i in agreement.indicators.all()},
    )  # fmt: skip
    services.follow_up_set_status(follow_up=follow_up, status="submitted", by=collab.social_officer)
    assert not _submitted_emails().exists()


def test_errors_keep_everything_typed_and_save_nothing(client, collab, agreement):
    client.force_login(collab.org_user)
    url = _url(collab, agreement)
    data = _data(agreement, ["många", "-3", ""], action="submit", summary="Vår text",
                 comment="Min kommentar")  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skriv resultatet som ett tal" in page
    assert "Ett resultat kan inte vara negativt." in page
    assert "Ange resultatet för Kurser innan ni skickar in uppföljningen." in page
    assert 'value="många"' in page
    assert 'value="-3"' in page
    assert page.count('value="Min kommentar"') == 3
    assert "Vår text" in page
    assert page.count('aria-invalid="true"') == 3
    first, second, third = agreement.indicators.all()
    for indicator in (first, second, third):  # each error is tied to its field
        assert (
            f'aria-describedby="id_result_{indicator.pk}_helptext id_result_{indicator.pk}_error"'
            in page
        )
    assert 'id="form-errors"' in page
    assert not FollowUp.objects.filter(agreement=agreement).exists()
    # A draft may leave a result out, not give a wrong one.
    response = client.post(url, _data(agreement, ["-1", "", ""]))
    assert response.status_code == 200
    assert "Ett resultat kan inte vara negativt." in response.content.decode()
    assert not FollowUp.objects.filter(agreement=agreement).exists()


def test_a_follow_up_sent_in_or_reviewed_is_read_only(client, collab, agreement):
    client.force_login(collab.org_user)
    url = _url(collab, agreement)
    client.post(url, _data(agreement, ["874", "431", "4"], action="submit", comment="Bra"))
    follow_up = FollowUp.objects.get(agreement=agreement, year=LAST_YEAR)
    for status in ("submitted", "reviewed"):
        if status == "reviewed":
            services.follow_up_set_status(
                follow_up=follow_up, status="reviewed", by=collab.social_officer
            )
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'method="post" novalidate' not in page
        assert "Spara utkast" not in page
        assert "result_" not in page
        assert "874 dygn" in page
        assert "431 samtal" in page
        assert "Ett bra år." in page
        response = client.post(url, _data(agreement, ["1", "1", "1"], action="submit"))
        assert response.status_code == 200
        follow_up.refresh_from_db()
        assert follow_up.status == status
        assert sorted(r.value for r in follow_up.results.all()) == [4, 431, 874]


def test_other_organisations_staff_and_wrong_years_are_refused(client, collab, agreement):
    url = _url(collab, agreement)
    data = _data(agreement, ["1", "2", "3"], action="submit")
    for outsider in (collab.org_user_2, collab.social_officer, collab.coordinator):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    client.force_login(collab.org_user_2)  # its own organisation, not a party: 404
    own = _url(collab, agreement, organisation=collab.organisation_2)
    assert client.get(own).status_code == 404
    client.force_login(collab.org_user)
    for year in (LAST_YEAR - 2, LAST_YEAR + 1, LAST_YEAR + 2, 1900):  # owes none
        assert client.get(_url(collab, agreement, year)).status_code == 404
    assert not FollowUp.objects.filter(agreement=agreement).exists()
    client.logout()
    assert client.get(url).status_code == 302  # to the login
    # The services re-check the organisation, whatever the caller.
    with pytest.raises(PermissionDenied):
        services.follow_up_open(agreement=agreement, year=LAST_YEAR, by=collab.org_user_2,
                                organisation=collab.organisation_2)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.follow_up_open(agreement=agreement, year=LAST_YEAR, by=collab.org_user_2,
                                organisation=collab.organisation)  # fmt: skip
    with pytest.raises(ValidationError):
        services.follow_up_open(agreement=agreement, year=LAST_YEAR - 3, by=collab.org_user,
                                organisation=collab.organisation)  # fmt: skip
    follow_up = services.follow_up_open(agreement=agreement, year=LAST_YEAR, by=collab.org_user,
                                        organisation=collab.organisation)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.follow_up_save_results(follow_up=follow_up, by=collab.org_user, results={},
                                        summary="", organisation=collab.organisation_2)  # fmt: skip


def test_a_partner_that_is_not_a_party_writes_it_too(client, collab, agreement):
    agreement.collaboration.partners.add(collab.organisation_2)
    client.force_login(collab.org_user_2)
    url = _url(collab, agreement, organisation=collab.organisation_2)
    assert client.get(url).status_code == 200
    client.post(url, _data(agreement, ["1", "2", "3"], action="submit"))
    follow_up = FollowUp.objects.get(agreement=agreement, year=LAST_YEAR)
    assert (follow_up.status, follow_up.submitted_by) == ("submitted", collab.org_user_2)
    assert "Fisksätra IF" in _submitted_emails().get().body


def test_the_page_reads_as_many_queries_for_ten_indicators_as_for_three(client, collab, agreement):
    services.follow_up_open(agreement=agreement, year=LAST_YEAR, by=collab.social_officer)
    client.force_login(collab.org_user)
    url = _url(collab, agreement)
    client.post(url, _data(agreement, ["1", "2", "3"]))

    def grow():
        for number in range(7):
            Indicator.objects.create(
                agreement=agreement, goal="Fler mål", name=f"Indikator {number}",
                target=Decimal(10), ordering=10 + number,
            )  # fmt: skip
        client.post(url, _data(agreement, [str(n) for n in range(10)]))

    response = assert_constant_queries(client, url, grow)
    assert "Indikator 6" in response.content.decode()
    assert FollowUp.objects.get(agreement=agreement).results.count() == 10
