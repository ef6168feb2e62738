"""Member counts per year, by age band and gender."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models.organisations import Organisation


class AgeBand(models.TextChoices):
    AGE_0_6 = "0-6", _("0–6 years")
    AGE_7_12 = "7-12", _("7–12 years")
    AGE_13_20 = "13-20", _("13–20 years")
    AGE_21_64 = "21-64", _("21–64 years")
    AGE_65 = "65+", _("65 years and older")


class Gender(models.TextChoices):
    WOMEN = "women", _("Women and girls")
    MEN = "men", _("Men and boys")
    OTHER = "other", _("Other or not stated")


class MemberStatistics(models.Model):
    """Member counts of one year, by age band and gender, and the share living locally."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_statistics",
        verbose_name=_("organisation"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    residents_percent = models.PositiveSmallIntegerField(_("share living in the municipality (%)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member statistics")
        verbose_name_plural = _("member statistics")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="member_stats_per_year"),
            models.CheckConstraint(
                condition=models.Q(residents_percent__lte=100), name="residents_percent_max_100"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"


class MemberCount(models.Model):
    statistics = models.ForeignKey(
        MemberStatistics, on_delete=models.CASCADE, related_name="counts"
    )
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    count = models.PositiveIntegerField(_("number of members"), default=0)

    class Meta:
        verbose_name = _("member count")
        verbose_name_plural = _("member counts")
        constraints = [
            models.UniqueConstraint(
                fields=["statistics", "age_band", "gender"], name="member_count_cell_unique"
            ),
        ]

    def __str__(self):
        return f"{self.age_band} {self.gender}: {self.count}"
