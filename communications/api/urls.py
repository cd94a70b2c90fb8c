"""Communications in the API (under api/v1/, in the ``api`` namespace)."""

from rest_framework.routers import DefaultRouter

from communications.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("communications", views.CommunicationViewSet, basename="communication")

urlpatterns = router.urls
