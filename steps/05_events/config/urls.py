"""Map URLs to views."""

from django.contrib import admin
from django.urls import include, path

from pages import views

urlpatterns = [
    path("", views.home, name="home"),
    path("rooms/<room:room>/", views.room, name="room"),
    path("rooms/<room:room>/announce/", views.announce, name="announce"),
    path("echo/", views.echo, name="echo"),
    # Django's own login and logout views, so a room can show who you are.
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
