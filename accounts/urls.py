from django.urls import path

from accounts import security_txt, views

app_name = "accounts"

urlpatterns = [
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("invitations/<uuid:code>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("states/<str:iso3>/users/", views.state_users, name="state_users"),
    path("users/<uuid:code>/active/", views.user_set_active, name="user_set_active"),
    path("profile/", views.profile, name="profile"),
    path(".well-known/security.txt", security_txt.security_txt, name="security_txt"),
]
