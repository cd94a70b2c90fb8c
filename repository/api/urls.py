"""Documents in the API (under api/v1/, in the ``api`` namespace)."""

from rest_framework.routers import DefaultRouter

from repository.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("documents", views.DocumentViewSet, basename="document")

urlpatterns = router.urls
