"""The CBM status in the API (under api/v1/, in the ``api`` namespace)."""

from rest_framework.routers import DefaultRouter

from cbm.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("cbm-status", views.CbmStatusViewSet, basename="cbm-status")

urlpatterns = router.urls
