"""Demo data of issue #24's paper part (see README, "Demo logins"); safe to run again.

For those not online, in Nacka: the officer Hanna Handläggare has registered "PRO Fisksätra"
(no email; a postal address) and "SPF Seniorerna Saltsjöbaden" on their behalf; Nacka's
call for associations of the elderly is open, and PRO Fisksätra's paper application, which
arrived three days before the first run, has been typed in and submitted (it has its
diarienummer and is marked as received on paper). SPF Seniorerna Saltsjöbaden has a
representative (ombud), Rut Ombud (``ombud@example.se``), by a paper fullmakt, for a year.

Everything is made through the services (audited, numbered as in real use), once: rows
are found by their names and left as they are on later runs.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from stdnum import luhn

from grants.models import Application, Call, GrantProgramme, Question
from grants.services import paper
from organisations.models import Membership, Organisation
from organisations.services import organisation_add
from portal.models import User

OFFICER = "handlaggare.nacka@example.se"
REPRESENTATIVE = ("ombud@example.se", "Rut Ombud")
PROGRAMME = ("Bidrag till pensionärsföreningar", "bidrag-till-pensionarsforeningar")
CALL_TITLE = "Pensionärsföreningarnas aktiviteter"
QUESTIONS = [
    ("verksamhet", "Vad vill föreningen göra?", "textarea", True),
    ("deltagare", "Hur många brukar delta?", "number", True),
    ("belopp", "Sökt belopp", "amount", True),
]
# name, organisation number base (9 digits; the check digit is added), contact, address
ASSOCIATIONS = [
    ("PRO Fisksätra", "802477001", "Gunnel Ek", ("Fisksätra torg 1", "13341", "Saltsjöbaden")),
    ("SPF Seniorerna Saltsjöbaden", "802477002", "Bertil Sjö",
     ("Tattby strand 4", "13336", "Saltsjöbaden")),
]  # fmt: skip
PAPER_ANSWERS = {
    "q_verksamhet": "Boule och fika varje tisdag, och en utflykt till Skärgårdsstiftelsen i juni.",
    "q_deltagare": "25",
    "q_belopp": "8000",
}


def _number(base: str) -> str:
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


def _association(municipality, officer, name, base, contact, address) -> Organisation:
    found = Organisation.objects.filter(municipality=municipality, name=name).first()
    if found is not None:
        return found
    street, postal_code, city = address
    district = municipality.districts.filter(name="Fisksätra" if "Fisksätra" in name
                                             else "Saltsjöbaden").first()  # fmt: skip
    return organisation_add(
        organisation=Organisation(
            municipality=municipality, kind=Organisation.Kind.ASSOCIATION,
            legal_form=Organisation.LegalForm.IDEELL_FORENING, name=name,
            organisation_number=_number(base), district=district,
            purpose="Gemenskap, motion och kultur för pensionärer.",
            contact_name=contact, contact_phone="08-716 00 00",
            street_address=street, postal_code=postal_code, city=city,
        ),
        by=officer,
    )  # fmt: skip


def _call(municipality) -> Call:
    committee = municipality.committees.get(abbreviation="KFN")
    name, slug = PROGRAMME
    programme, created = GrantProgramme.objects.get_or_create(
        committee=committee, slug=slug,
        defaults={"name": name, "kind": "projektbidrag", "requires_eligibility": False,
                  "max_amount": 20000,
                  "summary": "Bidrag till aktiviteter i pensionärsföreningar. Ansökan kan "
                             "lämnas på papper."},
    )  # fmt: skip
    if created:
        for order, (key, label, kind, required) in enumerate(QUESTIONS):
            Question.objects.create(programme=programme, key=key, label=label,
                                    field_type=kind, required=required, ordering=order)  # fmt: skip
    now = timezone.now()
    call, _created = Call.objects.get_or_create(
        programme=programme, title=CALL_TITLE,
        defaults={"opens_at": now - timedelta(days=20), "closes_at": now + timedelta(days=40),
                  "budget": 100000},
    )  # fmt: skip
    return call


def seed(municipalities: dict, user) -> None:
    """Create or update the demo's paper data: ``municipalities`` by slug, and
    ``user(email, full_name)`` creates or returns a demo login."""
    nacka = municipalities["nacka"]
    officer = User.objects.get(email=OFFICER)
    pro, spf = (
        _association(nacka, officer, name, base, contact, address)
        for name, base, contact, address in ASSOCIATIONS
    )
    call = _call(nacka)
    if not Application.objects.filter(call=call, organisation=pro).exists():
        application = paper.paper_application_start(
            call=call, organisation=pro, received_on=timezone.localdate() - timedelta(days=3),
            reference="Inkom per post", by=officer,
        )  # fmt: skip
        data = MultiValueDict({key: [value] for key, value in PAPER_ANSWERS.items()})
        paper.paper_application_submit(application=application, data=data, files={}, by=officer)
    email, full_name = REPRESENTATIVE
    Membership.objects.get_or_create(
        user=user(email, full_name), organisation=spf,
        defaults={"role": Membership.Role.REPRESENTATIVE,
                  "valid_until": timezone.localdate() + timedelta(days=365),
                  "authorisation": "Fullmakt undertecknad av ordföranden Bertil Sjö; "
                                   "inkom per post, förvaras i diariet."},
    )  # fmt: skip
