"""The national registry of public services: territory, bodies, categories, service points."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from raqib.core.bilingual import localized
from raqib.core.models import TimeStampedModel

from .validators import (
    validate_latitude,
    validate_longitude,
    validate_phones,
    validate_web_address,
)


class BilingualNameMixin(models.Model):
    """Names typed by users are stored in both languages (not in .po files)."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=255)
    name_fr = models.CharField(_("name (French)"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_ar, self.name_fr)


class Governorate(BilingualNameMixin):
    # ISO 3166-2 and INS codes differ for 14 governorates: both are stored, neither derived.
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    ins_code = models.CharField(_("INS code"), max_length=2, unique=True)
    district_2023 = models.PositiveSmallIntegerField(_("district (2023)"), null=True, blank=True)
    ins_region = models.CharField(_("INS region"), max_length=40, blank=True)

    class Meta:
        ordering = ["iso_code"]
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")


class Delegation(BilingualNameMixin):
    governorate = models.ForeignKey(
        Governorate,
        verbose_name=_("governorate"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    code = models.CharField(_("INS delegation code"), max_length=8, unique=True)

    class Meta:
        ordering = ["governorate__iso_code", "code"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")


class RegionTag(BilingualNameMixin):
    """A configurable grouping of governorates (interior regions, INS regions, districts)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    governorates = models.ManyToManyField(
        Governorate, verbose_name=_("governorates"), related_name="region_tags", blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region tag")
        verbose_name_plural = _("region tags")


class BodyType(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    CENTRAL = "central", _("Central administration")
    REGIONAL = "regional", _("Regional directorate")
    ESTABLISHMENT = "establishment", _("Public establishment")
    LOCAL = "local", _("Local authority")
    ENTERPRISE = "enterprise", _("Public enterprise")


class PublicBody(BilingualNameMixin, TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    body_type = models.CharField(_("type"), max_length=20, choices=BodyType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_demo = models.BooleanField(_("synthetic demo data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("public body")
        verbose_name_plural = _("public bodies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="registry_body_not_own_parent"
            )
        ]


class ServiceCategory(BilingualNameMixin):
    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Telephone")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Website or e-service")


class ServicePoint(BilingualNameMixin, TimeStampedModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    body = models.ForeignKey(
        PublicBody,
        verbose_name=_("public body"),
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("service category"),
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    # Denormalised from the delegation so that the filters every report uses need no join.
    governorate = models.ForeignKey(
        Governorate,
        verbose_name=_("governorate"),
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[validate_latitude],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[validate_longitude],
    )
    # Channels: a point may be reached in person, by phone, by e-mail and on the web.
    in_person = models.BooleanField(_("reception in person"), default=True)
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    phones = models.CharField(
        _("telephone numbers"),
        max_length=255,
        blank=True,
        help_text=_("Separate several numbers with ;"),
        validators=[validate_phones],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(
        _("website or e-service"), blank=True, validators=[validate_web_address]
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("synthetic demo data"), default=False)
    # Folded names and codes, kept by the services, for the Arabic-aware search.
    search_text = models.TextField(_("search text"), editable=False, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        indexes = [
            models.Index(fields=["governorate", "is_active"]),
            models.Index(fields=["body", "is_active"]),
            models.Index(fields=["category", "is_active"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=30.2, latitude__lte=37.6)
                    & Q(longitude__gte=7.5, longitude__lte=11.7)
                ),
                name="registry_point_coordinates_in_tunisia",
            )
        ]

    def clean(self) -> None:
        # The governorate is derived from the delegation; a mismatch would split reports.
        if (
            self.delegation_id is not None
            and self.governorate_id is not None
            and self.delegation.governorate_id != self.governorate_id
        ):
            raise ValidationError(
                {"delegation": _("The delegation does not belong to the chosen governorate.")}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Give both the latitude and the longitude, or neither.")}
            )

    @property
    def channels(self) -> list[str]:
        found: list[str] = []
        if self.in_person:
            found.append(Channel.IN_PERSON)
        if self.phones:
            found.append(Channel.PHONE)
        if self.email:
            found.append(Channel.EMAIL)
        if self.website:
            found.append(Channel.WEB)
        return found

    @property
    def phone_list(self) -> list[str]:
        return [p.strip() for p in self.phones.split(";") if p.strip()]


class ServicePointActivePeriod(models.Model):
    """When a point was open to the public. Coverage of a past period counts the points
    active then, so deactivation closes a period instead of flipping a flag."""

    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        on_delete=models.CASCADE,
        related_name="active_periods",
    )
    started_on = models.DateField(_("active from"))
    ended_on = models.DateField(_("active until"), null=True, blank=True)
    end_reason = models.CharField(_("reason for deactivation"), max_length=255, blank=True)

    class Meta:
        ordering = ["service_point", "started_on"]
        verbose_name = _("activity period")
        verbose_name_plural = _("activity periods")
        constraints = [
            models.UniqueConstraint(
                fields=["service_point"],
                condition=Q(ended_on__isnull=True),
                name="registry_one_open_period_per_point",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="registry_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_point_id}: {self.started_on} → {self.ended_on or '…'}"
