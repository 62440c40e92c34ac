from django.contrib.auth.decorators import login_not_required
from django.urls import path

from pcrs.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", login_not_required(views.LogoutView.as_view()), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<str:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
]
