"""Surveys in the API (under api/v1/, in the ``api`` namespace)."""

from rest_framework.routers import DefaultRouter

from surveys.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("surveys", views.SurveyViewSet, basename="survey")

urlpatterns = router.urls
