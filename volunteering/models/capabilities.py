from django.utils.translation import gettext_lazy as _

from portal.models import MunicipalityOwned


class Skill(MunicipalityOwned):
    """Something a volunteer or an organisation can offer and a call-out or post can ask
    for: a skill (first aid, leading children's groups), a licence and a car, premises. Each
    municipality keeps its own list, so targeting speaks its language."""

    class Meta(MunicipalityOwned.Meta):
        verbose_name = _("skill or resource")
        verbose_name_plural = _("skills and resources")
