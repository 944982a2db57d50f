from __future__ import annotations

import factory
from allauth.mfa.totp.internal.auth import TOTP

from raqib.accounts.demo import DEMO_TOTP_SECRET
from raqib.accounts.models import User, UserRole

# The demo's fixed TOTP secret, so tests (browser ones too) can compute the current code.
TEST_TOTP_SECRET = DEMO_TOTP_SECRET


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
        if create:
            # As user_create does: the list's search reads the folded text.
            from raqib.accounts.services import user_search_text_refresh

            user_search_text_refresh(user=obj)

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        if create and extracted:
            TOTP.activate(obj, TEST_TOTP_SECRET)
