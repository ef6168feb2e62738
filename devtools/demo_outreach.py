"""Demo data of issue #24's outreach part (see README, "Demo logins"); safe to run again."""

from networks.models import Network
from outreach.models import AlertSetting, Follow
from portal.models import District, FocusArea

# Following (#24): (email, full name, municipality slug, frequency, focus areas, districts,
# networks) -- the volunteer hears at once of what is new about Trygghet in Nacka.
FOLLOWERS = [
    ("volontar.nacka@example.se", "Vera Volontär", "nacka", AlertSetting.Frequency.AT_ONCE,
     ["Trygghet"], ["Fisksätra"], []),
    ("forening@example.se", "Frida Föreningsaktiv", "nacka", AlertSetting.Frequency.DAILY,
     ["Trygghet"], [], ["Trygg och säker"]),
    ("volontar.ekero@example.se", "Saba Volontär", "ekero", AlertSetting.Frequency.WEEKLY,
     [], [], ["Öar utan gränser"]),
]  # fmt: skip


def seed(municipalities: dict, user) -> None:
    """Create or update the demo's outreach data: ``municipalities`` by slug, and
    ``user(email, full_name)`` creates or returns a demo login."""
    _follows(municipalities, user)
    _mailings(municipalities, user)


def _follows(municipalities: dict, user) -> None:
    """Demo logins that follow focus areas, districts and networks, each with a setting."""
    for email, name, slug, frequency, areas, districts, networks in FOLLOWERS:
        municipality = municipalities[slug]
        person = user(email, name)
        targets = [
            *(("focus_area", FocusArea.objects.get(municipality=municipality, name=n))
              for n in areas),
            *(("district", District.objects.get(municipality=municipality, name=n))
              for n in districts),
            *(("network", Network.objects.get(municipality=municipality, name=n))
              for n in networks),
        ]  # fmt: skip
        for column, target in targets:
            Follow.objects.get_or_create(user=person, municipality=municipality, **{column: target})
        AlertSetting.objects.update_or_create(
            user=person, municipality=municipality, defaults={"frequency": frequency}
        )


# Mailings to segments (#24): (segment name, description, only eligible, districts, target
# groups, networks) in Nacka, and a draft mailing to the first, by the coordinator.
SEGMENTS = [
    ("Bidragsberättigade föreningar i Fisksätra för unga",
     "Inför sommarlovets aktiviteter.", True, ["Fisksätra"], ["Barn och unga"], []),
    ("Medlemmar i BRÅ", "", False, [], [], ["BRÅ – brottsförebyggande rådet"]),
]  # fmt: skip


def _mailings(municipalities: dict, user) -> None:
    """Nacka's segments (the registry's and a network's) and a draft mailing to one."""
    from outreach.models import Mailing, Segment
    from portal.models import TargetGroup

    nacka = municipalities["nacka"]
    coordinator = user("samordnare.nacka@example.se", "Sam Samordnare")
    made = []
    for name, description, eligible, districts, groups, networks in SEGMENTS:
        segment, _created = Segment.objects.update_or_create(
            municipality=nacka, name=name,
            defaults={"description": description, "only_eligible": eligible,
                      "to_organisations": not networks, "created_by": coordinator},
        )  # fmt: skip
        segment.districts.set(District.objects.filter(municipality=nacka, name__in=districts))
        segment.target_groups.set(TargetGroup.objects.filter(municipality=nacka, name__in=groups))
        segment.networks.set(Network.objects.filter(municipality=nacka, name__in=networks))
        made.append(segment)
    Mailing.objects.get_or_create(
        municipality=nacka, subject_sv="Sök bidrag till sommarlovsaktiviteter",
        defaults={
            "segment": made[0], "created_by": coordinator,
            "subject_en": "Apply for grants for summer holiday activities",
            "body_sv": "Nu kan ni söka bidrag till aktiviteter för barn och unga under "
                       "sommarlovet. Sista dag är 15 april.",
            "body_en": "You can now apply for grants for activities for children and young "
                       "people during the summer holiday. The last day is 15 April.",
        },
    )  # fmt: skip
