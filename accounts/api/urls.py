from django.urls import path

from . import views

urlpatterns = [
    path("auth/token/", views.ObtainTokenView.as_view(), name="api-token"),
    path("me/", views.me, name="api-me"),
]
