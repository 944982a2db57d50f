from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.my_training, name="my_training"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("courses/<int:pk>/quiz/", views.quiz_start, name="quiz_start"),
    path("quiz/<str:attempt>/", views.quiz, name="quiz"),
    path("practice/<int:pk>/", views.practice, name="practice"),
    path("pledge/", views.pledge, name="pledge"),
    path("certifications/", views.certifications, name="certifications"),
    path("certifications/grant/", views.certification_grant, name="certification_grant"),
    path(
        "certifications/<int:pk>/revoke/",
        views.certification_revoke,
        name="certification_revoke",
    ),
    path("agreement/", views.agreement, name="agreement"),
]
