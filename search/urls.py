from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="results"),
    path("count/", views.count_search, name="count"),
]
