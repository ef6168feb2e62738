"""The association side of the registry through the real views and forms."""

import pytest
from django.urls import reverse

from organisations.models import Document, Membership, Organisation
from portal.models import AuditEvent, Role
from portal.services import role_assign
from tests.factories import (
    CommitteeFactory,
    DistrictFactory,
    FocusAreaFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def registration_data(**overrides):
    data = {
        "kind": "association",
        "name": "Älta Schackklubb",
        "legal_form": "ideell_forening",
        "organisation_number": "8020028711",
        "purpose": "Schack för alla åldrar.",
        "contact_name": "Sara Schack",
        "contact_email": "sara@example.se",
        "attest_values": "on",
        "listed_in_directory": "on",
    }
    data.update(overrides)
    return data


def test_register_association(client):
    municipality = MunicipalityFactory(slug="nacka")
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("organisations:register", args=["nacka"]), registration_data())
    organisation = Organisation.objects.get()
    assert response["Location"] == reverse("organisations:detail", args=[organisation.pk])
    assert organisation.municipality == municipality
    assert organisation.organisation_number == "802002-8711"  # stored normalised
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.values_attested_at is not None
    assert Membership.objects.get(user=user).role == Membership.Role.RESPONSIBLE
    assert AuditEvent.objects.filter(action="organisation.registered").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Väntar på godkännande" in page


def test_register_informal_group_without_number(client):
    MunicipalityFactory(slug="nacka")
    client.force_login(UserFactory())
    data = registration_data(
        kind="informal_group", name="Nattvandrarna i Älta", legal_form="", organisation_number=""
    )
    client.post(reverse("organisations:register", args=["nacka"]), data)
    group = Organisation.objects.get()
    assert group.is_informal
    assert group.organisation_number == ""


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"organisation_number": "802002-8712"}, "organisation_number", "kontrollsiffran"),
        ({"organisation_number": "556016-0680"}, "organisation_number", "börjar med 8"),
        ({"organisation_number": ""}, "organisation_number", "organisationsnummer"),
        ({"legal_form": ""}, "legal_form", "juridiska form"),
        ({"attest_values": ""}, "attest_values", "måste fyllas i"),
        ({"contact_email": "inte-en-adress"}, "contact_email", "giltig e-postadress"),
    ],
)
def test_register_errors_are_shown_in_the_form_and_input_kept(client, overrides, field, message):
    MunicipalityFactory(slug="nacka")
    client.force_login(UserFactory())
    response = client.post(
        reverse("organisations:register", args=["nacka"]), registration_data(**overrides)
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field]).lower()
    assert message.lower() in errors
    assert "Älta Schackklubb" in response.content.decode()  # nothing typed is lost
    assert not Organisation.objects.exists()


def test_duplicate_number_in_same_municipality_is_refused(client):
    municipality = MunicipalityFactory(slug="nacka")
    OrganisationFactory(municipality=municipality, organisation_number="802002-8711")
    client.force_login(UserFactory())
    response = client.post(reverse("organisations:register", args=["nacka"]), registration_data())
    assert "redan registrerad" in " ".join(response.context["form"].errors["organisation_number"])
    assert Organisation.objects.count() == 1


@pytest.fixture
def two_orgs():
    a = MembershipFactory(organisation__approved=True)
    b = MembershipFactory(organisation__municipality=a.organisation.municipality)
    return a, b


@pytest.mark.parametrize("url_name", ["detail", "edit", "documents", "people", "payout"])
def test_member_cannot_reach_another_organisation(client, two_orgs, url_name):
    a, b = two_orgs
    client.force_login(a.user)
    assert (
        client.get(reverse(f"organisations:{url_name}", args=[a.organisation.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse(f"organisations:{url_name}", args=[b.organisation.pk])).status_code
        == 404
    )


def test_anonymous_is_sent_to_login(client, two_orgs):
    a, _b = two_orgs
    response = client.get(reverse("organisations:detail", args=[a.organisation.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_plain_member_reads_but_cannot_edit(client):
    membership = MembershipFactory(role=Membership.Role.MEMBER)
    client.force_login(membership.user)
    pk = membership.organisation.pk
    assert client.get(reverse("organisations:detail", args=[pk])).status_code == 200
    assert client.get(reverse("organisations:edit", args=[pk])).status_code == 404


def test_upload_pdf_and_download_as_member_and_officer(client, pdf_file):
    membership = MembershipFactory()
    organisation = membership.organisation
    client.force_login(membership.user)
    url = reverse("organisations:documents", args=[organisation.pk])
    response = client.post(
        url,
        {"year": 2026, "kind": "arsmotesprotokoll", "file": pdf_file("../../etc/årsmöte 2026.pdf")},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    assert "/" not in document.original_name
    assert ".." not in document.file.name
    download = client.get(reverse("organisations:document", args=[organisation.pk, document.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    officer = UserFactory()
    role_assign(
        user=officer, municipality=organisation.municipality, role=Role.OFFICER,
        committee=CommitteeFactory(municipality=organisation.municipality),
    )  # fmt: skip
    client.force_login(officer)
    assert (
        client.get(
            reverse("organisations:document", args=[organisation.pk, document.pk])
        ).status_code
        == 200
    )
    client.force_login(UserFactory())  # anyone else: not found
    assert (
        client.get(
            reverse("organisations:document", args=[organisation.pk, document.pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("protokoll.pdf", b"<html><script>alert(1)</script></html>", "innehåll"),
        ("bild.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "innehåll"),
        ("tom.pdf", b"", "tom"),
    ],
)
def test_upload_rejects_wrong_content(client, pdf_file, name, content, message):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("organisations:documents", args=[membership.organisation.pk]),
        {"year": 2026, "kind": "stadgar", "file": pdf_file(name, content)},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"]).lower()
    assert not Document.objects.exists()


def test_upload_rejects_too_large_file(client, pdf_file, settings):
    settings.MAX_UPLOAD_MB = 1
    membership = MembershipFactory()
    client.force_login(membership.user)
    big = pdf_file("stor.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    response = client.post(
        reverse("organisations:documents", args=[membership.organisation.pk]),
        {"year": 2026, "kind": "stadgar", "file": big},
    )
    assert "för stor" in " ".join(response.context["form"].errors["file"])
    assert not Document.objects.exists()


def test_board_view_shows_rule_errors_and_saves_valid_board(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    url = reverse("organisations:board", args=[membership.organisation.pk, 2026])
    rows = [("Anna", "chair", "on"), ("Anna", "treasurer", ""), ("Cecilia", "member", "")]
    data = {"form-TOTAL_FORMS": 3, "form-INITIAL_FORMS": 0}
    for i, (name, role, signatory) in enumerate(rows):
        data |= {
            f"form-{i}-full_name": name,
            f"form-{i}-role": role,
            f"form-{i}-is_signatory": signatory,
        }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "olika personer" in " ".join(response.context["formset"].non_form_errors())
    data["form-1-full_name"] = "Bertil"
    assert client.post(url, data).status_code == 302
    assert membership.organisation.board_members.filter(year=2026).count() == 3


def test_members_view_saves_counts(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    url = reverse("organisations:members", args=[membership.organisation.pk, 2026])
    form = client.get(url).context["form"]
    data = dict.fromkeys(form.fields, 0)
    data |= {"residents_percent": 85, "count_7_12_women": 12, "count_7_12_men": 10}
    assert client.post(url, data).status_code == 302
    statistics = membership.organisation.member_statistics.get(year=2026)
    assert sum(c.count for c in statistics.counts.all()) == 22
    data["residents_percent"] = 120
    assert "residents_percent" in client.post(url, data).context["form"].errors


def test_payout_form_errors_and_then_read_only(client):
    membership = MembershipFactory()
    organisation = membership.organisation
    client.force_login(membership.user)
    url = reverse("organisations:payout", args=[organisation.pk])
    bad = client.post(url, {"method": "bankgiro", "number": "900-8005", "account_holder": "Kalle"})
    assert "kontrollsiffran" in " ".join(bad.context["form"].errors["number"]).lower()
    assert "account_holder" in bad.context["form"].errors
    good = client.post(
        url, {"method": "bankgiro", "number": "9008004", "account_holder": organisation.name}
    )
    assert good.status_code == 302
    page = client.get(url)
    assert "form" not in page.context
    assert "900-8004" in page.content.decode()


def test_invite_and_accept(client, django_capture_on_commit_callbacks):
    membership = MembershipFactory()
    client.force_login(membership.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organisations:people", args=[membership.organisation.pk]),
            {"email": "kassor@example.se", "role": "grant_manager"},
        )
    invitation = membership.organisation.invitations.get()
    invitee = UserFactory(email="kassor@example.se")
    client.force_login(invitee)
    response = client.post(reverse("organisations:invitation", args=[invitation.token]))
    assert response.status_code == 302
    assert Membership.objects.get(user=invitee).role == "grant_manager"


# --- the public directory --------------------------------------------------------------------


@pytest.fixture
def directory_data():
    nacka = MunicipalityFactory(slug="nacka", name="Nacka")
    fisksatra = DistrictFactory(municipality=nacka, name="Fisksätra")
    boo = DistrictFactory(municipality=nacka, name="Boo")
    trygghet = FocusAreaFactory(municipality=nacka, name="Trygghet")
    listed = OrganisationFactory(
        municipality=nacka, name="Fisksätra IF", district=fisksatra, approved=True,
        listed_in_directory=True, contact_email="hemlig@example.se",
    )  # fmt: skip
    listed.focus_areas.add(trygghet)
    OrganisationFactory(municipality=nacka, name="Boo Bridge", district=boo, approved=True,
                        listed_in_directory=True)  # fmt: skip
    OrganisationFactory(municipality=nacka, name="Dold förening", approved=True)  # not opted in
    OrganisationFactory(municipality=nacka, name="Ny förening", listed_in_directory=True)  # pending
    return {"nacka": nacka, "fisksatra": fisksatra, "trygghet": trygghet}


def names(response):
    return [o.name for o in response.context["page"]]


def test_directory_lists_only_approved_opted_in(client, directory_data):
    response = client.get(reverse("organisations:directory"))
    assert names(response) == ["Boo Bridge", "Fisksätra IF"]
    assert "hemlig@example.se" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "bridge"}, ["Boo Bridge"]),
        ({"district": "fisksatra"}, ["Fisksätra IF"]),
        ({"focus_area": "trygghet"}, ["Fisksätra IF"]),
        ({"municipality": "nacka"}, ["Boo Bridge", "Fisksätra IF"]),
    ],
)
def test_directory_filters(client, directory_data, params, expected):
    query = {k: directory_data[v].pk if v in directory_data else v for k, v in params.items()}
    if "municipality" in params:
        query["municipality"] = "nacka"
    assert names(client.get(reverse("organisations:directory"), query)) == expected


def test_directory_offers_a_municipalitys_choices_once_it_is_chosen(client, directory_data):
    """Every municipality's districts in one list would be thousands of options across the
    country: until a municipality is chosen the scoped lists offer none, and say why."""
    url = reverse("organisations:directory")
    other = DistrictFactory(name="Ekerö centrum")

    def options(response, name):
        return [str(choice[1]) for choice in response.context["filter"].form.fields[name].choices]

    page = client.get(url)
    assert options(page, "district") == ["Alla kommundelar"]
    assert "Välj en kommun för att se dess val här." in page.content.decode()

    page = client.get(url, {"municipality": "nacka"})
    assert options(page, "district") == ["Alla kommundelar", "Boo", "Fisksätra"]
    assert "Välj en kommun för att se dess val här." not in page.content.decode()

    # A link that names a district keeps it, and it still filters.
    page = client.get(url, {"district": directory_data["fisksatra"].pk})
    assert options(page, "district") == ["Alla kommundelar", "Fisksätra (Nacka)"]
    assert names(page) == ["Fisksätra IF"]
    assert other.name not in page.content.decode()


def test_the_directory_of_every_municipality_reads_its_first_page_in_order(directory_data):
    """Across the country 150 000 organisations are listed: the first page walks the index
    (name, id) of the listed ones and stops, not a sort of them all."""
    from django.db import connection, transaction

    from organisations.selectors import directory_organisations

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        text = directory_organisations()[:25].explain()
        transaction.set_rollback(True)
    assert "org_directory_name_idx" in text, text
    assert "Sort  (cost" not in text, text


def test_directory_query_count_is_constant(client, directory_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    nacka = directory_data["nacka"]
    OrganisationFactory.create_batch(5, municipality=nacka, approved=True, listed_in_directory=True)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("organisations:directory"))
    for organisation in OrganisationFactory.create_batch(
        45, municipality=nacka, approved=True, listed_in_directory=True
    ):
        organisation.focus_areas.add(directory_data["trygghet"])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("organisations:directory"))
    assert len(few) == len(many)


@pytest.mark.parametrize(
    ("method", "url_name", "extra"),
    [
        ("get", "board", [2026]),
        ("get", "members", [2026]),
        ("post", "resubmit", []),
        ("post", "board", [2026]),
    ],
)
def test_every_editing_view_is_404_for_other_organisations(
    client, two_orgs, method, url_name, extra
):
    a, b = two_orgs
    client.force_login(a.user)
    url = reverse(f"organisations:{url_name}", args=[b.organisation.pk, *extra])
    assert getattr(client, method)(url).status_code == 404


def test_documents_of_other_organisation_cannot_be_fetched_or_deleted(client, two_orgs, pdf_file):
    from organisations import services

    a, b = two_orgs
    document = services.document_upload(
        organisation=b.organisation, year=2026, kind="stadgar", uploaded=pdf_file(), by=b.user
    )
    client.force_login(a.user)
    assert (
        client.get(
            reverse("organisations:document", args=[b.organisation.pk, document.pk])
        ).status_code
        == 404
    )
    # the right document id under the wrong organisation id is not found either
    assert (
        client.get(
            reverse("organisations:document", args=[a.organisation.pk, document.pk])
        ).status_code
        == 404
    )
    delete = reverse("organisations:document_delete", args=[b.organisation.pk, document.pk])
    assert client.post(delete).status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


def test_officer_of_other_municipality_cannot_download(client, pdf_file):
    from organisations import services

    membership = MembershipFactory()
    document = services.document_upload(
        organisation=membership.organisation,
        year=2026,
        kind="stadgar",
        uploaded=pdf_file(),
        by=membership.user,
    )
    other = MunicipalityFactory()
    officer = UserFactory()
    role_assign(
        user=officer,
        municipality=other,
        role=Role.OFFICER,
        committee=CommitteeFactory(municipality=other),
    )
    client.force_login(officer)
    url = reverse("organisations:document", args=[membership.organisation.pk, document.pk])
    assert client.get(url).status_code == 404


def test_errors_are_in_english_under_en(client):
    MunicipalityFactory(slug="nacka")
    client.force_login(UserFactory())
    response = client.post(
        "/en/organisations/register/nacka/", registration_data(organisation_number="802002-8712")
    )
    assert "The check digit is wrong" in " ".join(
        response.context["form"].errors["organisation_number"]
    )
    assert "The form has errors" in response.content.decode()


def test_board_form_starts_from_last_years_board(client):
    from organisations import services

    membership = MembershipFactory()
    board = [
        {"full_name": "Anna", "role": "chair", "is_signatory": True},
        {"full_name": "Bertil", "role": "treasurer", "is_signatory": False},
        {"full_name": "Cecilia", "role": "member", "is_signatory": False},
    ]
    services.board_save(organisation=membership.organisation, year=2026, members=board, by=None)
    client.force_login(membership.user)
    formset = client.get(
        reverse("organisations:board", args=[membership.organisation.pk, 2027])
    ).context["formset"]
    assert sorted(row["full_name"] for row in formset.initial) == ["Anna", "Bertil", "Cecilia"]
