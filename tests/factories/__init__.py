"""factory_boy factories for the portal's models, shared by all test modules."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from stdnum import luhn

from networks.models import Network
from organisations.models import Membership, Organisation
from portal.models import Committee, District, FocusArea, Municipality, TargetGroup, User

PASSWORD = "correct-horse-battery"


def valid_organisation_number(n: int) -> str:
    """A Luhn-valid number for an ideell förening: 802NNN-NNNC."""
    base = f"802{n:06d}"
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    slug = factory.Sequence(lambda n: f"testkommun-{n}")
    # Four digits, as SCB's codes: 9000-9999 (no real municipality), round again after a
    # thousand municipalities in one test run.
    municipality_code = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Kultur- och fritidsnämnden {n}")
    slug = factory.Sequence(lambda n: f"kfn-{n}")
    abbreviation = "KFN"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Kommundel {n}")
    slug = factory.Sequence(lambda n: f"kommundel-{n}")


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokus-{n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Målgrupp {n}")
    slug = factory.Sequence(lambda n: f"malgrupp-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    full_name = factory.Faker("name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Allauth requires a verified address to log in; factories give one by default."""
        if create:
            self.save()
            if extracted is not False:
                EmailAddress.objects.create(
                    user=self, email=self.email, verified=True, primary=True
                )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Organisation.Kind.ASSOCIATION
    legal_form = Organisation.LegalForm.IDEELL_FORENING
    name = factory.Sequence(lambda n: f"Föreningen {n}")
    organisation_number = factory.Sequence(valid_organisation_number)
    contact_name = factory.Faker("name", locale="sv_SE")
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@forening.example.se")

    class Params:
        informal = factory.Trait(
            kind=Organisation.Kind.INFORMAL_GROUP, legal_form="", organisation_number=""
        )
        approved = factory.Trait(status=Organisation.Status.APPROVED)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.RESPONSIBLE


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Nätverk {n}")
    slug = factory.Sequence(lambda n: f"natverk-{n}")
    purpose = "Samverkan"
    convening_unit = "Stadsledningskontoret"


class GrantProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "grants.GrantProgramme"

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"Projektbidrag {n}")
    slug = factory.Sequence(lambda n: f"projektbidrag-{n}")
    kind = "projektbidrag"
    summary = "Bidrag till projekt."


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "grants.Call"

    programme = factory.SubFactory(GrantProgrammeFactory)
    title = factory.Sequence(lambda n: f"Utlysning {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    budget = 100000
