from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api import token_views, views

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
router.register("states", views.StateViewSet, basename="state")
router.register("directories", views.DirectoryViewSet, basename="directory")
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("nominations", views.NominationViewSet, basename="nomination")
router.register("ping-rounds", views.PingRoundViewSet, basename="ping-round")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("communications", views.CommunicationViewSet, basename="communication")
router.register("cbm-status", views.CbmStatusViewSet, basename="cbm-status")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/schema/", views.Schema.as_view(), name="schema"),
    path("api/v1/docs/", views.docs, name="docs"),
    path("account/api-tokens/", token_views.tokens, name="tokens"),
    path("account/api-tokens/<uuid:code>/revoke/", token_views.revoke, name="token_revoke"),
]
