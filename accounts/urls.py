from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("second-factor/", views.recovery_codes, name="second-factor"),
    path("session/", views.session_status, name="session"),
    path("session/keepalive/", views.keepalive, name="keepalive"),
]
