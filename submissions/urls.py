from captcha import views as captcha_views
from django.urls import path, re_path

from . import views

app_name = "submissions"

urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submit/received/", views.submit_done, name="submit-done"),
    path("submit/status/", views.status, name="status"),
    path("messages/", views.MessageListView.as_view(), name="message-list"),
    path("messages/new/", views.message_create, name="message-create"),
    path("messages/sent/", views.message_done, name="message-done"),
    path("messages/lookup/", views.message_lookup, name="message-lookup"),
    path(
        "submissions/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path("captcha/refresh/", views.captcha_refresh, name="captcha-refresh"),
    # django-simple-captcha's views under this namespace (see forms.NamespacedCaptchaInput).
    re_path(
        r"^captcha/image/(?P<key>\w+)/$",
        captcha_views.captcha_image,
        {"scale": 1},
        name="captcha-image",
    ),
    re_path(
        r"^captcha/image/(?P<key>\w+)@2/$",
        captcha_views.captcha_image,
        {"scale": 2},
        name="captcha-image-2x",
    ),
]
