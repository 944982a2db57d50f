from django.urls import path

from . import authoring, views

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
    path("authoring/", authoring.authoring, name="authoring"),
    path("authoring/courses/", authoring.course_create, name="course_create"),
    path("authoring/courses/<int:pk>/publish/", authoring.course_publish, name="course_publish"),
    path(
        "authoring/versions/<int:pk>/content.json", authoring.course_content, name="course_content"
    ),
    path("authoring/files/", authoring.lesson_media_upload, name="lesson_media_upload"),
    path("authoring/requirements/", authoring.requirement_set, name="requirement_set"),
    path("authoring/practice/", authoring.practice_create, name="practice_create"),
]

# Outside the language prefix: a lesson refers to its files by one URL in both languages.
media_urlpatterns = [
    path("<int:pk>/", authoring.lesson_media_file, name="lesson_media_file"),
]
