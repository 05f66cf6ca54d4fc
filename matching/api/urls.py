from django.urls import path

from . import views

urlpatterns = [
    path("demands/<int:pk>/matches/", views.demand_matches, name="api-demand-matches"),
    path("achievements/<int:pk>/matches/", views.achievement_matches, name="api-achievement-matches"),
]
