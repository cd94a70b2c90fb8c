from django.urls import path

from learning import editor_views, views

app_name = "learning"

urlpatterns = [
    # Learning (views)
    path("learning/", views.mine, name="mine"),
    path("directories/<slug:slug>/learning/", views.module_list, name="list"),
    path("learning/modules/<uuid:code>/", views.module_detail, name="module"),
    path("learning/modules/<uuid:code>/lessons/<int:position>/", views.lesson, name="lesson"),
    path("learning/modules/<uuid:code>/quiz/", views.quiz, name="quiz"),
    path("learning/attempts/<uuid:code>/", views.result, name="result"),
    path("learning/files/<uuid:code>/", views.attachment_file, name="file"),
    path("directories/<slug:slug>/learning/completions/", views.completions, name="completions"),
    path("directories/<slug:slug>/learning/counts/", views.counts, name="counts"),
    # Writing (editor_views)
    path("directories/<slug:slug>/learning/new/", editor_views.module_new, name="new"),
    path("directories/<slug:slug>/learning/image-hosts/", editor_views.image_hosts, name="image_hosts"),
    path("learning/modules/<uuid:code>/edit/", editor_views.module_edit, name="edit"),
    path("learning/modules/<uuid:code>/lessons/new/", editor_views.lesson_new, name="lesson_new"),
    path("learning/modules/<uuid:code>/lessons/<int:position>/edit/", editor_views.lesson_edit, name="lesson_edit"),
    path(
        "learning/modules/<uuid:code>/lessons/<int:position>/attach/",
        editor_views.attachment_new,
        name="attachment_new",
    ),
    path("learning/modules/<uuid:code>/questions/new/", editor_views.question_new, name="question_new"),
    path(
        "learning/modules/<uuid:code>/questions/<int:position>/edit/", editor_views.question_edit, name="question_edit"
    ),
    path("learning/modules/<uuid:code>/publish/", editor_views.publish, name="publish"),
]
