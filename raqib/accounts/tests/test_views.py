"""Account management pages, through HTTP as an administrator."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from raqib.accounts.models import FocalPointScope, ObserverProfile, User
from raqib.accounts.tests.factories import UserFactory
from raqib.audit.models import AuditEvent
from raqib.core.roles import Role
from raqib.registry.models import Delegation
from raqib.registry.tests.factories import PublicBodyFactory, ServicePointFactory

pytestmark = pytest.mark.django_db
STRONG = "Kasbah-tram-olive-2026"


def _url(name: str, **kwargs) -> str:
    with translation.override("fr"):
        return reverse(f"accounts:{name}", kwargs=kwargs or None)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _events(action: str, user: User) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type="accounts.user", object_id=str(user.pk)
        ).order_by("id")
    )


# --- list -------------------------------------------------------------------------------------
def test_list_searches_names_e_mail_and_pseudonym(admin_client, observer):
    UserFactory(username="salma.trabelsi", first_name="Salma", last_name="Trabelsi")
    UserFactory(username="karim", email="karim@example.tn")

    def usernames(**params):
        response = admin_client.get(_url("user_list"), params)
        assert response.status_code == 200
        return {u.username for u in response.context["page"]}

    assert usernames(q="trabel") == {"salma.trabelsi"}
    assert usernames(q="example.tn") == {"karim"}
    assert usernames(q="obs-0001") == {"observer"}
    assert usernames(q="salma trabelsi") == {"salma.trabelsi"}
    assert usernames(q="nobody-has-this") == set()


def test_list_filters_by_role_and_status(admin_client, personas):
    def usernames(**params):
        return {u.username for u in admin_client.get(_url("user_list"), params).context["page"]}

    assert usernames(role=Role.FOCAL_POINT) == {"focal"}
    assert usernames(role=Role.DIRECTOR) == {"director"}
    UserFactory(username="gone", is_active=False)
    assert usernames(status="inactive") == {"gone"}
    assert "gone" not in usernames(status="active")


def test_list_is_paginated_and_keeps_filters(admin_client):
    for n in range(30):
        UserFactory(username=f"agent{n:02d}", roles=[Role.OBSERVER])
    first = admin_client.get(_url("user_list"), {"role": Role.OBSERVER})
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["page"]) == 25
    assert "role=observer&amp;page=2" in first.content.decode()
    second = admin_client.get(_url("user_list"), {"role": Role.OBSERVER, "page": 2})
    assert len(second.context["page"]) == 5


def test_list_makes_a_bounded_number_of_queries(
    admin_client, personas, django_assert_max_num_queries
):
    for n in range(20):
        UserFactory(username=f"agent{n:02d}", roles=[Role.OBSERVER, Role.COORDINATOR])
    with django_assert_max_num_queries(15):
        admin_client.get(_url("user_list"))


# --- create -----------------------------------------------------------------------------------
def test_create_user_with_roles(admin_client, admin_user):
    response = admin_client.post(
        _url("user_create"),
        {
            "username": "leila",
            "first_name": "Leila",
            "last_name": "Ben Salah",
            "email": "leila@example.tn",
            "password1": STRONG,
            "password2": STRONG,
            "roles": [Role.COORDINATOR, Role.OBSERVER],
        },
    )
    user = User.objects.get(username="leila")
    assert response.status_code == 302
    assert response.url == _url("user_detail", pk=user.pk)
    assert user.check_password(STRONG)
    assert user.role_codes == {Role.COORDINATOR, Role.OBSERVER}
    created = _events("user.create", user)[0]
    assert created.actor == admin_user
    assert created.changes["username"] == [None, "leila"]
    assert STRONG not in str(created.changes)
    assert _events("user.roles_set", user)[0].changes == {
        "roles": [[], ["coordinator", "observer"]]
    }


@pytest.mark.parametrize(
    "password",
    [
        "Short-1!xyz",  # 11 characters
        "123456789012345",  # numeric only
        "password1234",  # common
        "leila.bensalah1",  # too close to the user name
    ],
)
def test_create_refuses_weak_passwords(admin_client, password):
    response = admin_client.post(
        _url("user_create"),
        {
            "username": "leila.bensalah",
            "first_name": "Leila",
            "last_name": "Ben Salah",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(username="leila.bensalah").exists()


def test_service_validates_passwords_too(admin_user):
    from django.core.exceptions import ValidationError

    from raqib.accounts.services import user_create

    with pytest.raises(ValidationError):
        user_create(actor=admin_user, username="weak", password="short")
    assert not User.objects.filter(username="weak").exists()


def test_create_refuses_mismatched_passwords_and_duplicates(admin_client, observer):
    response = admin_client.post(
        _url("user_create"),
        {"username": "OBSERVER", "password1": STRONG, "password2": STRONG + "x"},
    )
    errors = response.context["form"].errors
    assert "username" in errors
    assert "password2" in errors


# --- roles, bodies, observer profile -------------------------------------------------------
def test_edit_roles_is_audited_with_the_request_id(admin_client, admin_user, director):
    response = admin_client.post(
        _url("user_roles_edit", pk=director.pk),
        {"roles": [Role.DIRECTOR, Role.COORDINATOR]},
        headers={"X-Request-ID": "req-4242-roles"},
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-4242-roles"
    director.refresh_from_db()
    assert User.objects.get(pk=director.pk).role_codes == {Role.DIRECTOR, Role.COORDINATOR}
    event = _events("user.roles_set", director)[-1]
    assert event.actor == admin_user
    assert event.request_id == "req-4242-roles"
    assert event.changes == {"roles": [["director"], ["coordinator", "director"]]}


def test_a_request_without_id_gets_a_generated_one(admin_client, director):
    response = admin_client.post(_url("user_roles_edit", pk=director.pk), {"roles": []})
    event = _events("user.roles_set", director)[-1]
    assert event.request_id
    assert response["X-Request-ID"] == event.request_id


def test_an_unsafe_request_id_is_replaced(admin_client, director):
    response = admin_client.post(
        _url("user_roles_edit", pk=director.pk),
        {"roles": []},
        headers={"X-Request-ID": "<script>alert(1)</script>"},
    )
    assert "<" not in response["X-Request-ID"]
    assert _events("user.roles_set", director)[-1].request_id == response["X-Request-ID"]


def test_administrator_cannot_remove_their_own_administrator_role(admin_client, admin_user):
    response = admin_client.post(
        _url("user_roles_edit", pk=admin_user.pk), {"roles": [Role.DIRECTOR]}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert User.objects.get(pk=admin_user.pk).role_codes == {Role.ADMINISTRATOR}


def test_focal_bodies_need_the_focal_point_role(admin_client, director):
    body = PublicBodyFactory()
    response = admin_client.post(
        _url("user_focal_bodies_edit", pk=director.pk), {"bodies": [body.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not FocalPointScope.objects.filter(user=director).exists()


def test_set_focal_bodies(admin_client, focal_point, focal_body):
    other = PublicBodyFactory()
    response = admin_client.post(
        _url("user_focal_bodies_edit", pk=focal_point.pk), {"bodies": [other.pk]}
    )
    assert response.status_code == 302
    assert list(focal_point.focal_bodies.all()) == [other]
    event = _events("user.focal_bodies_set", focal_point)[-1]
    assert event.changes == {"bodies": [[focal_body.pk], [other.pk]]}


def test_removing_the_focal_point_role_clears_the_bodies(admin_client, focal_point):
    admin_client.post(_url("user_roles_edit", pk=focal_point.pk), {"roles": [Role.OBSERVER]})
    assert not FocalPointScope.objects.filter(user=focal_point).exists()


def test_observer_profile_create_and_update(admin_client, admin_user):
    user = UserFactory(username="new-observer", roles=[Role.OBSERVER])
    delegation = Delegation.objects.order_by("code")[3]
    body = PublicBodyFactory()
    point = ServicePointFactory()
    response = admin_client.post(
        _url("user_observer_profile_edit", pk=user.pk),
        {
            "pseudonym": "obs-0077",
            "home_delegation": delegation.pk,
            "conflict_bodies": [body.pk],
            "conflict_service_points": f" {point.code} ,\n",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    profile = ObserverProfile.objects.get(user=user)
    assert profile.pseudonym == "OBS-0077"
    assert profile.home_delegation == delegation
    assert list(profile.conflict_bodies.all()) == [body]
    assert list(profile.conflict_service_points.all()) == [point]
    assert profile.is_active

    page = admin_client.get(_url("user_observer_profile_edit", pk=user.pk))
    assert page.context["form"].initial["pseudonym"] == "OBS-0077"
    admin_client.post(
        _url("user_observer_profile_edit", pk=user.pk),
        {"pseudonym": "OBS-0077", "home_delegation": delegation.pk},
    )
    profile.refresh_from_db()
    assert not profile.is_active
    assert not profile.conflict_bodies.exists()
    event = AuditEvent.objects.filter(action="observer_profile.upsert").latest("id")
    assert event.actor == admin_user
    assert event.changes["is_active"] == [True, False]
    assert event.changes["conflict_bodies"] == [[body.pk], []]


def test_observer_pseudonym_must_be_unique(admin_client, observer):
    user = UserFactory(username="second-observer", roles=[Role.OBSERVER])
    response = admin_client.post(
        _url("user_observer_profile_edit", pk=user.pk),
        {"pseudonym": "obs-0001", "home_delegation": Delegation.objects.first().pk},
    )
    assert response.status_code == 200
    assert "pseudonym" in response.context["form"].errors
    assert not ObserverProfile.objects.filter(user=user).exists()


def test_observer_profile_refuses_unknown_service_points(admin_client):
    user = UserFactory(username="third-observer", roles=[Role.OBSERVER])
    response = admin_client.post(
        _url("user_observer_profile_edit", pk=user.pk),
        {
            "pseudonym": "OBS-0100",
            "home_delegation": Delegation.objects.first().pk,
            "conflict_service_points": "NO-SUCH-CODE",
        },
    )
    assert "NO-SUCH-CODE" in str(response.context["form"].errors["conflict_service_points"])


def test_observer_profile_needs_the_observer_role(admin_client, director):
    response = admin_client.post(
        _url("user_observer_profile_edit", pk=director.pk),
        {"pseudonym": "OBS-0200", "home_delegation": Delegation.objects.first().pk},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


# --- deactivate / reactivate ----------------------------------------------------------------
def test_deactivate_with_reason_then_reactivate(admin_client, admin_user, coordinator):
    response = admin_client.post(
        _url("user_deactivate", pk=coordinator.pk), {"reason": "Left the department"}
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    assert User.objects.filter(pk=coordinator.pk).exists()
    event = _events("user.deactivate", coordinator)[-1]
    assert event.actor == admin_user
    assert event.changes["reason"] == [None, "Left the department"]

    response = admin_client.post(_url("user_reactivate", pk=coordinator.pk))
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert _events("user.reactivate", coordinator)


def test_deactivate_requires_a_reason(admin_client, coordinator):
    response = admin_client.post(_url("user_deactivate", pk=coordinator.pk), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_administrator_cannot_deactivate_themselves(admin_client, admin_user):
    response = admin_client.post(_url("user_deactivate", pk=admin_user.pk), {"reason": "Testing"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_detail_shows_profile_and_history(admin_client, observer):
    response = admin_client.get(_url("user_detail", pk=observer.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "OBS-0001" in html
    assert any(e.action == "observer_profile.upsert" for e in response.context["history"])


def test_unknown_account_is_404(admin_client):
    assert admin_client.get(_url("user_detail", pk=999_999)).status_code == 404
    assert (
        admin_client.post(_url("user_deactivate", pk=999_999), {"reason": "x"}).status_code == 404
    )


def test_non_administrators_cannot_write(client, director, coordinator):
    client.force_login(director)
    response = client.post(
        _url("user_deactivate", pk=coordinator.pk), {"reason": "Left the department"}
    )
    assert response.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_account_pages_render_in_arabic_and_french(client, admin_user, observer):
    client.force_login(admin_user)
    for lang, word in (("ar", 'dir="rtl"'), ("fr", 'dir="ltr"')):
        with translation.override(lang):
            for name in ("user_list", "user_create"):
                html = client.get(reverse(f"accounts:{name}")).content.decode()
                assert word in html
                assert "style=" not in html


def test_user_search_folds_arabic_and_accents_like_every_search_box(client, admin_user):
    from raqib.accounts.services import user_create

    user_create(
        actor=admin_user, username="amna", password=None, first_name="آمنة", last_name="Béchir"
    )
    user_create(actor=admin_user, username="other", password=None, first_name="Sami")
    client.force_login(admin_user)
    for typed in ("امنه", "bechir", "AMNA"):
        page = client.get("/fr/team/users/", {"q": typed}).content.decode()
        assert "amna" in page, typed
        assert ">other<" not in page, typed
