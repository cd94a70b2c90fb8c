"""The directory's resources in the API (under api/v1/, named in the ``api`` namespace: ``api:contact-list``...)."""

from rest_framework.routers import DefaultRouter

from directory.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("states", views.StateViewSet, basename="state")
router.register("directories", views.DirectoryViewSet, basename="directory")
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("nominations", views.NominationViewSet, basename="nomination")

urlpatterns = router.urls
