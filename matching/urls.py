from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("demands/<int:pk>/", views.demand_matches, name="demand"),
    path("achievements/<int:pk>/", views.achievement_matches, name="achievement"),
    path("request/", views.request_engagement, name="request_engagement"),
]
