from __future__ import annotations

import factory
from allauth.mfa.totp.internal.auth import TOTP

from raqib.accounts.models import User, UserRole

# A fixed TOTP secret for test personas, so browser tests can compute the current code.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                UserRole.objects.get_or_create(user=obj, role=role)
            obj.__dict__.pop("role_codes", None)
        obj.save()

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(obj, TEST_TOTP_SECRET)
