"""Factories for registry objects. The territory comes from the data migration."""

from __future__ import annotations

import factory

from raqib.registry.models import (
    BodyType,
    Delegation,
    PublicBody,
    ServiceCategory,
    ServicePoint,
    ServicePointActivePeriod,
)


class PublicBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicBody
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"body-{n}")
    name_ar = factory.Sequence(lambda n: f"هيكل {n}")
    name_fr = factory.Sequence(lambda n: f"Organisme {n}")
    body_type = BodyType.ESTABLISHMENT


class ServiceCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat-{n}")
    name_ar = factory.Sequence(lambda n: f"صنف {n}")
    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")


class ServicePointFactory(factory.django.DjangoModelFactory):
    """A point built the way services build one (search text, open activity period)."""

    class Meta:
        model = ServicePoint
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"SP-{n:05d}")
    name_ar = factory.Sequence(lambda n: f"مكتب البريد {n}")
    name_fr = factory.Sequence(lambda n: f"Bureau de poste {n}")
    body = factory.SubFactory(PublicBodyFactory)
    category = factory.SubFactory(ServiceCategoryFactory)
    delegation = factory.LazyFunction(lambda: Delegation.objects.order_by("code").first())
    governorate = factory.LazyAttribute(lambda o: o.delegation.governorate)

    @factory.post_generation
    def activity(obj, create, extracted, **kwargs):
        if not create:
            return
        from raqib.registry.services import service_point_search_text

        obj.search_text = service_point_search_text(obj)
        obj.save(update_fields=["search_text"])
        if obj.is_active:
            ServicePointActivePeriod.objects.create(
                service_point=obj, started_on=obj.created_at.date()
            )
