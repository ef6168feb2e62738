"""Bank accounts as ways to be paid: clearing + account number turned into an IBAN by
Bankgirot's rules, IBANs checked with schwifty, a responsible adult's account for informal
groups only, every change audited, the account shown readably, and the adult's name in the
person's data export and erasure."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from organisations import bank_accounts, services
from organisations.models import Organisation, PayoutAccount
from portal import audit_text
from portal.gdpr import erasure, export
from portal.models import AuditEvent, Role
from portal.services import role_assign
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# Real account numbers' structure (check digits valid) and the IBANs the banks give them.
@pytest.mark.parametrize(
    ("clearing", "account", "iban", "bic"),
    [
        ("1281", "0105723", "SE5412000000012810105723", "DABASESX"),  # Danske Bank, type 1
        ("5439", "10 240 39", "SE4450000000054391024039", "ESSESESS"),  # SEB, type 1
        ("7507", "121 120-3", "SE2680000000075071211203", "SWEDSESS"),  # Swedbank 7xxx
        ("8327-9", "33395390-9", "SE5280000832790333953909", "SWEDSESS"),  # Swedbank 8xxxx-x
        ("82016", "914 357 963-0", "SE3280000820169143579630", "SWEDSESS"),
        ("6000", "806 967 498", "SE5460000000000806967498", "HANDSESS"),  # Handelsbanken
        ("3300", "800101-0019", "SE7430000000008001010019", "NDEASESS"),  # Nordea personkonto
        ("9570", "5250093407", "SE4095700000005250093407", "SPSDSE23"),  # Sparbanken Syd
        ("9960", "3401258276", "SE9695000099603401258276", "NDEASESS"),  # PlusGirot account
    ],
)
def test_clearing_and_account_become_the_banks_iban(clearing, account, iban, bic):
    made = bank_accounts.from_clearing(clearing, account)
    assert (made.iban, made.bic) == (iban, bic)
    assert bank_accounts.from_iban(bank_accounts.format_iban(iban)).iban == iban


@pytest.mark.parametrize(
    ("clearing", "account", "code"),
    [
        ("1281", "0105724", "checksum"),  # type 1: modulus 11 over clearing and account
        ("6000", "806967499", "checksum"),  # Handelsbanken: modulus 11 over 9 digits
        ("8327-9", "33395390-8", "checksum"),  # Swedbank 8xxxx: Luhn
        ("3300", "8001010018", "checksum"),  # personkonto: Luhn (the personnummer's)
        ("8327", "333953909", "clearing_swedbank"),  # the fifth digit is missing
        ("5439", "102403", "length"),  # type 1 has 7 digits
        ("0999", "1234567", "clearing"),  # no bank
        ("12", "1234567", "clearing"),
        ("5439", "10240A9", "length"),
    ],
)
def test_wrong_clearing_or_account_is_refused_with_its_reason(clearing, account, code):
    with pytest.raises(ValidationError) as error:
        bank_accounts.from_clearing(clearing, account)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("SE45 5000 0000 0583 9825 7467", "iban"),  # check digits do not add up
        ("SE45 5000 0000 0583 9825 746", "iban"),  # too short
        ("DE89 3704 0044 0532 0130 00", "iban_country"),  # valid, but not Swedish
    ],
)
def test_iban_is_checked_and_must_be_swedish(value, code):
    with pytest.raises(ValidationError) as error:
        bank_accounts.from_iban(value)
    assert error.value.code == code


def test_masked_number_hides_an_iban_but_its_last_two_digits():
    account = PayoutAccount(method="bank_account", number="SE5412000000012810105723")
    assert account.masked_number == "SE" + "•" * 20 + "23"


@pytest.fixture
def group():
    """An informal group (no org.nr) and its responsible member."""
    membership = MembershipFactory(
        organisation=OrganisationFactory(informal=True, name="Föräldranärvaro Sicklaön"),
        user__full_name="Anna Andersson",
    )
    return membership


def test_informal_group_registers_a_responsible_adults_account_by_clearing_number(client, group):
    organisation = group.organisation
    client.force_login(group.user)
    url = reverse("organisations:payout", args=[organisation.pk])
    form_page = client.get(url).content.decode()
    assert "inte den vuxnes inkomst" in form_page  # reimbursement, not income: said up front
    response = client.post(url, {
        "method": "bank_account", "clearing_number": "8327-9",
        "bank_account_number": "33395390-9", "holder_kind": "responsible_adult",
        "account_holder": "Anna  Andersson",
    })  # fmt: skip
    assert response.status_code == 302
    account = organisation.payout_account
    assert (account.method, account.number, account.bic, account.clearing_account) == (
        "bank_account", "SE5280000832790333953909", "SWEDSESS", "8327-9 33395390-9")  # fmt: skip
    assert (account.holder_kind, account.account_holder) == ("responsible_adult", "Anna Andersson")
    event = AuditEvent.objects.get(action="payout.registered", target_id=str(organisation.pk))
    assert event.after["number"] == "SE5280000832790333953909"
    assert event.after["holder_kind"] == "responsible_adult"
    page = client.get(url).content.decode()
    assert "Bankkonto" in page
    assert "SE52 8000 0832 7903 3395 3909" in page
    assert "Anna Andersson" in page
    assert "inte kontohavarens inkomst" in page


def test_errors_stay_next_to_their_field_and_nothing_typed_is_lost(client, group):
    client.force_login(group.user)
    url = reverse("organisations:payout", args=[group.organisation.pk])
    response = client.post(url, {
        "method": "bank_account", "clearing_number": "8327-9",
        "bank_account_number": "33395390-8", "holder_kind": "responsible_adult",
        "account_holder": "Anna Andersson",
    })  # fmt: skip
    form = response.context["form"]
    assert "kontrollsiffra" in " ".join(form.errors["bank_account_number"])
    page = response.content.decode()
    assert 'value="33395390-8"' in page
    assert 'value="Anna Andersson"' in page
    one_name = client.post(url, {
        "method": "bank_account", "iban": "SE52 8000 0832 7903 3395 3909",
        "holder_kind": "responsible_adult", "account_holder": "Anna",
    })  # fmt: skip
    assert "account_holder" in one_name.context["form"].errors
    giro = client.post(url, {
        "method": "bankgiro", "number": "5050-1055", "holder_kind": "responsible_adult",
        "account_holder": "Anna Andersson",
    })  # fmt: skip
    assert "method" in giro.context["form"].errors  # a private person has no bankgiro
    assert not PayoutAccount.objects.exists()


def test_association_is_paid_to_a_bank_account_in_its_own_name_only(client):
    membership = MembershipFactory(organisation__name="Fisksätra Schackklubb")
    organisation = membership.organisation
    client.force_login(membership.user)
    url = reverse("organisations:payout", args=[organisation.pk])
    form = client.get(url).context["form"]
    assert "holder_kind" not in form.fields  # no responsible adult for an association
    other = client.post(url, {"method": "bank_account", "iban": "SE2680000000075071211203",
                              "account_holder": "Kalle Karlsson"})  # fmt: skip
    assert "account_holder" in other.context["form"].errors
    with pytest.raises(ValidationError) as error:  # the service refuses it too
        services.payout_account_save(
            organisation=organisation, by=membership.user, method="bank_account",
            number="SE2680000000075071211203", holder_kind="responsible_adult",
            account_holder="Kalle Karlsson",
        )  # fmt: skip
    assert "holder_kind" in error.value.error_dict
    both = client.post(url, {"method": "bank_account", "iban": "SE2680000000075071211203",
                             "clearing_number": "1281", "bank_account_number": "0105723",
                             "account_holder": organisation.name})  # fmt: skip
    assert "iban" in both.context["form"].errors  # two different accounts
    good = client.post(url, {"method": "bank_account", "iban": "se26 8000 0000 0750 7121 1203",
                             "account_holder": organisation.name})  # fmt: skip
    assert good.status_code == 302, good.context["form"].errors
    account = organisation.payout_account
    assert (account.number, account.bic, account.holder_kind, account.clearing_account) == (
        "SE2680000000075071211203", "SWEDSESS", "organisation", "")  # fmt: skip


def test_only_an_officer_changes_it_and_every_field_is_in_the_audit_trail(client, group):
    organisation = group.organisation
    services.payout_account_save(
        organisation=organisation, by=group.user, method="bank_account",
        clearing_number="1281", bank_account_number="0105723",
        holder_kind="responsible_adult", account_holder="Anna Andersson",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.payout_account_save(
            organisation=organisation, by=group.user, method="bank_account",
            number="SE2680000000075071211203", holder_kind="responsible_adult",
            account_holder="Anna Andersson",
        )  # fmt: skip
    officer = UserFactory()
    role_assign(user=officer, municipality=organisation.municipality, role=Role.OFFICER,
                committee=CommitteeFactory(municipality=organisation.municipality))  # fmt: skip
    client.force_login(officer)
    account = organisation.payout_account
    change = reverse("admin:organisations_payoutaccount_change", args=[account.pk])
    page = client.get(change).content.decode()
    assert (
        "SE54 1200 0000 0128 1010 5723"
        in client.get(reverse("admin:organisations_payoutaccount_changelist")).content.decode()
    )
    assert "DABASESX" in page
    refused = client.post(change, {"method": "bankgiro", "number": "5050-1055",
                                   "holder_kind": "responsible_adult",
                                   "account_holder": "Anna Andersson"})  # fmt: skip
    assert refused.status_code == 200
    assert "method" in refused.context["adminform"].form.errors
    client.post(change, {"method": "bank_account", "number": "",
                         "clearing_number": "6000", "bank_account_number": "806967498",
                         "holder_kind": "responsible_adult",
                         "account_holder": "Bo Berg"})  # fmt: skip
    account.refresh_from_db()
    assert (account.number, account.bic, account.clearing_account, account.account_holder) == (
        "SE5460000000000806967498", "HANDSESS", "6000 806967498", "Bo Berg")  # fmt: skip
    event = AuditEvent.objects.get(action="payout.changed")
    assert (event.before["number"], event.after["number"]) == (
        "SE5412000000012810105723", "SE5460000000000806967498")  # fmt: skip
    assert (event.before["account_holder"], event.after["account_holder"]) == (
        "Anna Andersson", "Bo Berg")  # fmt: skip
    [row] = audit_text.read([event])
    labels = " ".join(change.label.lower() for change in row.changes)
    assert "bic" in labels
    assert "clearing" in labels
    assert "kontohavare" in labels


def test_export_and_erasure_cover_the_responsible_adults_account(group):
    organisation = group.organisation
    services.payout_account_save(
        organisation=organisation, by=group.user, method="bank_account",
        clearing_number="1281", bank_account_number="0105723",
        holder_kind="responsible_adult", account_holder="Anna Andersson",
    )  # fmt: skip
    # a second responsible person, so the adult may erase their account
    MembershipFactory(organisation=organisation)
    data = export.personal_data(group.user)
    [mine] = data["payout_accounts_in_your_name"]
    assert (mine["account_number"], mine["account_holder"]) == (
        "SE5412000000012810105723", "Anna Andersson")  # fmt: skip
    assert data["payout_accounts_registered"][0]["organisation"] == (organisation.name)
    erasure.account_delete(user=group.user)
    assert not PayoutAccount.objects.filter(organisation=organisation).exists()
    removed = AuditEvent.objects.get(action="payout.removed", target_id=str(organisation.pk))
    assert "Anna" not in str(removed.before) + str(removed.after)
    assert "togs bort" in audit_text.sentence(removed)
    assert Organisation.objects.filter(pk=organisation.pk).exists()
