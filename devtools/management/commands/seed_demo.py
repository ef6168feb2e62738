"""Load demo data for Nacka and Ekerö; safe to run again (idempotent)."""

from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from stdnum import luhn

from collaborations.models import (
    Agreement,
    CoApplication,
    Collaboration,
    Contribution,
    FollowUp,
    Indicator,
    IndicatorResult,
    OutsidePartner,
    Party,
)
from devtools import (
    demo_advice,
    demo_forums,
    demo_information,
    demo_outreach,
    demo_paper,
    demo_surveys,
    demo_volunteering,
)
from devtools import demo_data as demo
from grants.models import (
    ActivityGrantRule,
    Application,
    Appropriation,
    AssessmentCriterion,
    Call,
    Decision,
    DiarySequence,
    GrantProgramme,
    LateDeduction,
    Question,
)
from networks.models import (
    Action,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    MeetingPlace,
    Network,
    NetworkMember,
)
from networks.register import sync_register_entry
from organisations.models import EligibilityPeriod, Membership, Organisation, PayoutAccount
from organisations.services import activity_areas_ensure
from portal.models import (
    Administration,
    Committee,
    District,
    FocusArea,
    Municipality,
    TargetGroup,
    User,
)
from portal.services import role_assign


class Command(BaseCommand):
    help = "Create or update the demo municipalities, associations, networks and logins."

    @transaction.atomic
    def handle(self, *args, **options):
        municipalities = {m["slug"]: self.municipality(m) for m in demo.MUNICIPALITIES}
        for data in demo.MUNICIPALITIES:
            self.structure(municipalities[data["slug"]], data)
        activity_areas_ensure()
        self.organisations(municipalities)
        self.networks(municipalities)
        self.programmes(municipalities)
        self.users(municipalities)
        self.network_activity(municipalities)
        self.grants_decided()
        self.register(municipalities)
        demo_volunteering.seed(municipalities, self.user)
        for part in (demo_information, demo_outreach, demo_surveys, demo_forums, demo_advice):
            part.seed(municipalities, self.user)
        demo_paper.seed(municipalities, self.user)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))

    def municipality(self, data):
        municipality, _ = Municipality.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "municipality_code": data["municipality_code"],
                "organisation_number": data["organisation_number"],
                "website": data["website"],
                "payer_bankgiro": data["payer_bankgiro"],
            },
        )
        return municipality

    def structure(self, municipality, data):
        for order, (name, abbreviation) in enumerate(data["committees"]):
            Committee.objects.update_or_create(
                municipality=municipality,
                slug=demo.slug(name),
                defaults={"name": name, "abbreviation": abbreviation, "ordering": order},
            )
        for order, name in enumerate(data["districts"]):
            District.objects.update_or_create(
                municipality=municipality,
                slug=demo.slug(name),
                defaults={"name": name, "ordering": order},
            )
        for order, (name, description) in enumerate(data["focus_areas"]):
            FocusArea.objects.update_or_create(
                municipality=municipality,
                slug=demo.slug(name),
                defaults={"name": name, "description": description, "ordering": order},
            )
        for order, name in enumerate(demo.TARGET_GROUPS):
            TargetGroup.objects.update_or_create(
                municipality=municipality,
                slug=demo.slug(name),
                defaults={"name": name, "ordering": order},
            )

    def _areas(self, municipality, indexes):
        areas = list(municipality.focusareas.order_by("ordering"))
        return [areas[i] for i in indexes]

    def organisations(self, municipalities):
        for slug, name, number, legal_form, district, areas, status in demo.ASSOCIATIONS:
            municipality = municipalities[slug]
            org, _ = Organisation.objects.update_or_create(
                municipality=municipality,
                name=name,
                defaults={
                    "kind": Organisation.Kind.ASSOCIATION,
                    "legal_form": legal_form,
                    "organisation_number": number,
                    "listed_in_directory": True,
                    "status": status,
                    "district": municipality.districts.get(name=district),
                    "purpose": demo.PURPOSES.get(name, ""),
                    "contact_name": f"Kontaktperson {name}",
                    "contact_email": f"kontakt@{demo.slug(name)}.example.se",
                    "values_attested_at": timezone.now(),
                },
            )
            org.focus_areas.set(self._areas(municipality, areas))
            if status == Organisation.Status.APPROVED and not org.eligibility_periods.exists():
                EligibilityPeriod.objects.create(
                    organisation=org,
                    valid_from=timezone.localdate().replace(month=1, day=1),
                    valid_until=timezone.localdate().replace(month=12, day=31),
                )
            if name in demo.BANKGIRO_BASES:
                base = demo.BANKGIRO_BASES[name]
                number = base + luhn.calc_check_digit(base)
                PayoutAccount.objects.update_or_create(
                    organisation=org,
                    defaults={
                        "method": PayoutAccount.Method.BANKGIRO,
                        "number": f"{number[:3]}-{number[3:]}",
                        "account_holder": name,
                    },
                )
        for slug, name, district, areas, status in demo.INFORMAL_GROUPS:
            municipality = municipalities[slug]
            org, _ = Organisation.objects.update_or_create(
                municipality=municipality,
                name=name,
                defaults={
                    "kind": Organisation.Kind.INFORMAL_GROUP,
                    "status": status,
                    "district": municipality.districts.get(name=district),
                    "purpose": demo.PURPOSES.get(name, ""),
                    "contact_name": "Ansvarig vuxen",
                    "contact_email": f"kontakt@{demo.slug(name)}.example.se",
                },
            )
            org.focus_areas.set(self._areas(municipality, areas))

    def networks(self, municipalities):
        for slug, name, unit, areas, purpose in demo.NETWORKS:
            municipality = municipalities[slug]
            network, _ = Network.objects.update_or_create(
                municipality=municipality,
                slug=demo.slug(name),
                defaults={"name": name, "convening_unit": unit, "purpose": purpose},
            )
            network.focus_areas.set(self._areas(municipality, areas))

    def network_activity(self, municipalities):
        """Members, a meeting place, a coming meeting with agenda and invitations, and an
        earlier one with minutes and actions, so that every role has something to see."""
        coordinator = User.objects.get(email=demo.NETWORK_COORDINATOR)
        places = {}
        for slug, (name, street, code, city, info) in demo.MEETING_PLACES.items():
            places[slug], _ = MeetingPlace.objects.update_or_create(
                municipality=municipalities[slug],
                name=name,
                defaults={
                    "street_address": street,
                    "postal_code": code,
                    "city": city,
                    "step_free": True,
                    "hearing_loop": slug == "nacka",
                    "accessibility_info": info,
                },
            )
        now = timezone.now()
        for network in Network.objects.filter(name__in=demo.NETWORK_MEMBERS):
            slug = network.municipality.slug
            network.visibility = (
                Network.Visibility.INVITE_ONLY
                if network.name in demo.INVITE_ONLY_NETWORKS
                else Network.Visibility.PUBLIC
            )
            if slug == "nacka":
                network.coordinator = coordinator
            network.save()
            for org_name, partner, listed in demo.NETWORK_MEMBERS[network.name]:
                if org_name:
                    NetworkMember.objects.get_or_create(
                        network=network,
                        organisation=Organisation.objects.get(name=org_name),
                        defaults={"kind": "organisation", "listed_publicly": listed},
                    )
                else:
                    NetworkMember.objects.get_or_create(
                        network=network,
                        kind="partner",
                        partner_name=partner,
                        defaults={"contact_email": "polisen.nacka@example.se"},
                    )
            coming_start = (now + timedelta(days=7)).replace(
                hour=17, minute=0, second=0, microsecond=0
            )
            coming, created = Meeting.objects.get_or_create(
                network=network,
                title=f"{network.name}: nätverksträff",
                defaults={
                    "starts_at": coming_start,
                    "ends_at": coming_start + timedelta(hours=2),
                    "place": places[slug],
                    "capacity": 30,
                    "is_public": network.is_public,
                    "created_by": coordinator,
                },
            )
            if created:
                for order, (title, minutes) in enumerate(demo.AGENDA):
                    AgendaItem.objects.create(
                        meeting=coming, title=title, minutes=minutes, ordering=order
                    )
                for member in network.members.filter(status=NetworkMember.Status.ACTIVE):
                    Invitation.objects.get_or_create(meeting=coming, member=member)
            past_start = coming_start - timedelta(days=28)
            past, created = Meeting.objects.get_or_create(
                network=network,
                title=f"{network.name}: uppstartsmöte",
                defaults={
                    "starts_at": past_start,
                    "ends_at": past_start + timedelta(hours=2),
                    "place": places[slug],
                    "minutes": demo.MINUTES,
                    "decisions": "Nätverket träffas varje månad.",
                    "created_by": coordinator,
                },
            )
            if created:
                for member in network.members.all():
                    Attendance.objects.create(meeting=past, member=member, people=2)
                first = network.members.order_by("pk").first()
                Action.objects.create(
                    municipality=network.municipality,
                    network=network,
                    meeting=past,
                    title="Kartlägg otrygga platser",
                    owner_member=first,
                    due_on=timezone.localdate() + timedelta(days=10),
                    created_by=coordinator,
                )
                Action.objects.create(
                    municipality=network.municipality,
                    network=network,
                    meeting=past,
                    title="Skicka ut inbjudan till nya föreningar",
                    owner_officer=coordinator if slug == "nacka" else None,
                    owner_member=None if slug == "nacka" else first,
                    due_on=timezone.localdate() - timedelta(days=3),
                    created_by=coordinator,
                )

    def register(self, municipalities):
        """The collaboration register: administrations, the networks' entries placed at
        their level, recorded collaborations of every kind and level, the IOP with the
        women's shelter, the co-application "Välkommen till Saltis" and an action plan."""
        units = {}
        for slug, name, abbreviations in demo.ADMINISTRATIONS:
            municipality = municipalities[slug]
            unit, _ = Administration.objects.update_or_create(
                municipality=municipality, slug=demo.slug(name), defaults={"name": name}
            )
            unit.committees.set(municipality.committees.filter(abbreviation__in=abbreviations))
            units[(slug, name)] = unit
        coordinator = User.objects.get(email=demo.NETWORK_COORDINATOR)
        for network in Network.objects.filter(municipality__in=municipalities.values()):
            entry = sync_register_entry(network)
            level, unit = demo.NETWORK_ENTRIES.get(network.name, ("operational", None))
            entry.level = level
            entry.status = Collaboration.Status.ACTIVE
            entry.administration = units.get((network.municipality.slug, unit))
            entry.save(update_fields=["level", "status", "administration"])
        today = timezone.localdate()
        entries = {}
        for row in demo.COLLABORATIONS:
            slug, title, kind, level, unit, areas, districts, partners, outside, text, public = row
            municipality = municipalities[slug]
            entry, _ = Collaboration.objects.update_or_create(
                municipality=municipality,
                title=title,
                defaults={
                    "kind": kind,
                    "level": level,
                    "administration": units[(slug, unit)],
                    "responsible": coordinator if slug == "nacka" else None,
                    "description": text,
                    "status": Collaboration.Status.ACTIVE,
                    "starts_on": today.replace(month=1, day=1),
                    "ends_on": today.replace(year=today.year + 2, month=12, day=31),
                    "is_public": public,
                    "created_by": coordinator,
                },
            )
            entry.focus_areas.set(self._areas(municipality, areas))
            entry.districts.set(municipality.districts.filter(name__in=districts))
            entry.partners.set(Organisation.objects.filter(name__in=partners))
            for partner_kind, name in outside:
                OutsidePartner.objects.get_or_create(
                    collaboration=entry, name=name, defaults={"kind": partner_kind}
                )
            entries[title] = entry
        self._iop(entries[demo.IOP_TITLE], units[("nacka", "Socialtjänsten")], coordinator)
        saltis = entries["Välkommen till Saltis"]
        CoApplication.objects.update_or_create(
            collaboration=saltis,
            defaults={
                "applicant": Organisation.objects.get(name="Saltis Tillsammans"),
                "funder": CoApplication.Funder.ARVSFONDEN,
                "municipal_role": CoApplication.Role.CO_APPLICANT,
                "status": CoApplication.Status.GRANTED,
                "applied_ore": 2_400_000_00,
                "granted_ore": 2_100_000_00,
                "co_financing_ore": 150_000_00,
                "submitted_on": today.replace(month=1, day=15),
                "decided_on": today.replace(month=3, day=20),
            },
        )
        for slug, title, area, on, owner_kind, owner, days, progress, note in demo.PLAN_ACTIONS:
            municipality = municipalities[slug]
            owner_field = (
                {"owner_unit": units[(slug, owner)]}
                if owner_kind == "unit"
                else {"owner_organisation": Organisation.objects.get(name=owner)}
            )
            Action.objects.update_or_create(
                municipality=municipality,
                title=title,
                defaults={
                    "focus_area": self._areas(municipality, [area])[0],
                    "collaboration": entries.get(on),
                    "agreement": getattr(entries.get(on), "agreement", None)
                    if on == demo.IOP_TITLE
                    else None,
                    "due_on": today + timedelta(days=days),
                    "status": progress,
                    "progress_note": note,
                    "created_by": coordinator,
                    **owner_field,
                },
            )

    def _iop(self, entry, unit, coordinator):
        today = timezone.localdate()
        agreement, _ = Agreement.objects.update_or_create(
            collaboration=entry,
            defaults={
                "legal_form": Agreement.LegalForm.IOP,
                "lawfulness_assessment": demo.IOP_ASSESSMENT,
                "assessed_by": coordinator,
                "assessed_on": today.replace(month=1, day=10),
                "signed_on": today.replace(month=1, day=31),
                "governance_forum": Collaboration.objects.filter(
                    municipality=entry.municipality, title="Trygg och säker"
                ).first(),
            },
        )
        shelter = Organisation.objects.get(name="Nacka kvinno- och tjejjour")
        parties = {
            unit.name: Party.objects.get_or_create(agreement=agreement, administration=unit)[0],
            shelter.name: Party.objects.get_or_create(agreement=agreement, organisation=shelter)[0],
        }
        for name, contributions in demo.IOP_CONTRIBUTIONS.items():
            party = parties[name]
            for kind, amount, description in contributions:
                Contribution.objects.get_or_create(
                    party=party,
                    kind=kind,
                    defaults={
                        "amount_ore": amount * 100 if kind == "money" else None,
                        "quantity": amount if kind != "money" else None,
                        "description": description,
                    },
                )
        last_year = today.year - 1
        follow_up, _ = FollowUp.objects.get_or_create(
            agreement=agreement,
            year=last_year,
            defaults={
                "summary": "Jouren nådde fler än planerat; skolbesöken kom igång under hösten.",
                "status": FollowUp.Status.REVIEWED,
                "submitted_at": timezone.now(),
                "reviewed_by": coordinator,
                "reviewed_at": timezone.now(),
            },
        )
        for order, (goal, name, unit_name, target, result) in enumerate(demo.IOP_INDICATORS):
            indicator, _ = Indicator.objects.update_or_create(
                agreement=agreement,
                name=name,
                defaults={"goal": goal, "unit": unit_name, "target": target, "ordering": order},
            )
            IndicatorResult.objects.get_or_create(
                follow_up=follow_up, indicator=indicator, defaults={"value": result}
            )

    def grants_decided(self):
        """A few submitted, decided, paid and reported grants (once; idempotent)."""
        from django.utils.datastructures import MultiValueDict

        from grants import services

        for title, org_name, answers, amount, paid, last_year in demo.DEMO_GRANTS:
            call = Call.objects.get(title=title)
            organisation = Organisation.objects.get(name=org_name)
            if Application.objects.filter(call=call, organisation=organisation).exists():
                continue
            committee = call.programme.committee
            officer = User.objects.filter(
                role_assignments__committee=committee, role_assignments__role="officer"
            ).first()
            applicant = self._responsible_person(organisation)
            application = services.application_start(
                call=call, organisation=organisation, by=applicant
            )
            data = MultiValueDict({k: [v] for k, v in answers.items()})
            services.application_submit(application=application, data=data, files={}, by=applicant)
            application.refresh_from_db()
            decision = services.decision_make(
                application=application,
                outcome="approved" if amount >= application.amount_requested else "partly_approved",
                amount=amount,
                by=officer,
                reasons="Insatsen stärker tryggheten och samverkan i närområdet.",
            )
            if paid:
                batch, _refused = services.payout_batch_create(
                    committee=committee,
                    decisions=[decision],
                    by=officer,
                    payment_date=timezone.localdate(),
                )
                services.payout_batch_transition(batch=batch, to_status="sent", by=officer)
                services.payout_batch_transition(batch=batch, to_status="paid", by=officer)
            report = decision.reports.first()
            if report is not None:  # reported and accepted, so nothing blocks new applications
                services.report_submit(
                    report=report,
                    by=applicant,
                    money_used=amount,
                    outcomes="Genomfört enligt plan.",
                    participants=demo.DEMO_REPORT_PARTICIPANTS,
                )
                services.report_review(report=report, accept=True, by=officer)
            if last_year:
                self._move_to_last_year(application, decision)

    @staticmethod
    def _move_to_last_year(application, decision):
        """A grant of the year before: submitted, numbered and decided a year ago (a case
        belongs to its decision's year, grants.years). Its number comes from that year's
        series; this year's, allocated a moment ago in this transaction, is given back."""
        from grants.services import diarienummer_next

        moment = timezone.now().replace(year=timezone.now().year - 1)
        committee = application.registry_committee
        DiarySequence.objects.filter(
            committee=committee, year=timezone.localtime(application.submitted_at).year
        ).update(last_number=F("last_number") - 1)
        number = diarienummer_next(committee=committee, year=timezone.localtime(moment).year)
        Application.objects.filter(pk=application.pk).update(
            submitted_at=moment, diarienummer=number
        )
        application.events.update(created_at=moment)
        Decision.objects.filter(pk=decision.pk).update(decided_at=moment)

    def _responsible_person(self, organisation):
        """Each association applies through its own responsible person (a member only
        reads): the demo association member for Fisksätra IF, a demo contact elsewhere."""
        found = organisation.memberships.filter(role=Membership.Role.RESPONSIBLE).first()
        if found:
            return found.user
        person = self.user(organisation.contact_email, organisation.contact_name)
        Membership.objects.get_or_create(
            user=person, organisation=organisation, defaults={"role": Membership.Role.RESPONSIBLE}
        )
        return person

    def programmes(self, municipalities):
        programmes = {}
        for slug, abbreviation, name, kind, summary, options, questions in demo.PROGRAMMES:
            committee = municipalities[slug].committees.get(abbreviation=abbreviation)
            programme, _ = GrantProgramme.objects.update_or_create(
                committee=committee,
                slug=demo.slug(name),
                defaults={"name": name, "kind": kind, "summary": summary, **options},
            )
            for order, (key, label, field_type, required) in enumerate(questions):
                Question.objects.update_or_create(
                    programme=programme,
                    key=key,
                    defaults={
                        "label": label,
                        "field_type": field_type,
                        "required": required,
                        "ordering": order,
                    },
                )
            if name in demo.ACTIVITY_RULES:
                ActivityGrantRule.objects.update_or_create(
                    programme=programme, defaults=demo.ACTIVITY_RULES[name]
                )
            for order, (criterion, guidance) in enumerate(demo.CRITERIA.get(name, [])):
                AssessmentCriterion.objects.update_or_create(
                    programme=programme,
                    name=criterion,
                    defaults={"description": guidance, "ordering": order},
                )
            for days, percent in demo.LATE_DEDUCTIONS.get(name, []):
                LateDeduction.objects.update_or_create(
                    programme=programme, days_late=days, defaults={"percent": percent}
                )
            programmes[name] = programme
        today = timezone.localdate()
        for programme_name, title, closes_in, budget, area in demo.CALLS:
            programme = programmes[programme_name]
            opens = timezone.make_aware(datetime.combine(today - timedelta(days=10), time(8)))
            closes = None
            if closes_in is not None:
                closes = timezone.make_aware(
                    datetime.combine(today + timedelta(days=closes_in), time(23, 59))
                )
            areas = list(programme.committee.municipality.focusareas.order_by("ordering"))
            Call.objects.update_or_create(
                programme=programme,
                title=title,
                defaults={
                    "opens_at": opens,
                    "closes_at": closes,
                    "budget": budget,
                    "focus_area": areas[area] if area is not None else None,
                },
            )
        for slug, abbreviation, name, amount, titles in demo.APPROPRIATIONS:
            committee = Committee.objects.get(
                municipality=municipalities[slug], abbreviation=abbreviation
            )
            appropriation, _ = Appropriation.objects.update_or_create(
                committee=committee, year=today.year, name=name, defaults={"amount": amount}
            )
            Call.objects.filter(programme__committee=committee, title__in=titles).update(
                appropriation=appropriation
            )

    def user(self, email, full_name, **extra):
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, **extra}
        )
        if created:
            user.set_password(demo.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def users(self, municipalities):
        email, name = demo.SUPERUSER
        self.user(email, name, is_staff=True, is_superuser=True)
        for email, name, slug, role, abbreviation in demo.STAFF:
            municipality = municipalities[slug]
            committee = (
                municipality.committees.get(abbreviation=abbreviation) if abbreviation else None
            )
            role_assign(
                user=self.user(email, name),
                municipality=municipality,
                role=role,
                committee=committee,
            )
        for email, name, org_name in (
            demo.ASSOCIATION_MEMBER,
            demo.GROUP_MEMBER,
            demo.HOST_MEMBER,
        ):
            Membership.objects.get_or_create(
                user=self.user(email, name),
                organisation=Organisation.objects.get(name=org_name),
                defaults={"role": Membership.Role.RESPONSIBLE},
            )
