from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("institutes/new/", views.InstituteFormView.as_view(), name="institute_create"),
    path("institutes/<int:pk>/edit/", views.InstituteFormView.as_view(), name="institute_edit"),
    path("organisations/<int:pk>/verify/", views.OrganisationVerifyView.as_view(), name="organisation_verify"),
]
