"""Ping test rounds in the API (under api/v1/, in the ``api`` namespace)."""

from rest_framework.routers import DefaultRouter

from pings.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("ping-rounds", views.PingRoundViewSet, basename="ping-round")

urlpatterns = router.urls
