from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "association"

urlpatterns = [
    path("about/<slug:slug>/", views.page_detail, name="page"),
    path("members/", views.member_list, name="members"),
    path("members/<int:pk>/", views.member_detail, name="member-detail"),
    path("zones/", views.zone_list, name="zones"),
    path("zones/<int:pk>/", views.zone_detail, name="zone-detail"),
    path("magazine/", views.magazine, name="magazine"),
    path("magazine/<int:year>/<int:number>/", views.issue_detail, name="issue-detail"),
    path("magazine/<int:year>/<int:number>/pdf/", views.issue_pdf, name="issue-pdf"),
    # The old site's zone database.
    path(
        "index.php/Develop/index.html",
        RedirectView.as_view(pattern_name="association:zones", permanent=True),
        name="legacy-zones",
    ),
]
