from django.urls import path, re_path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/view/", views.count_view, name="count-view"),
    path("articles/<int:pk>/qr.svg", views.article_qr, name="qr"),
    path("articles/<int:pk>/preview/", views.article_preview, name="preview"),
    # 审签链接: a pending version for a leader without an account (editorial.review).
    path("signoff/<str:token>/", views.signoff, name="signoff"),
    path("channels/<slug:slug>/", views.ChannelView.as_view(), name="channel"),
    path("channels/<slug:slug>/feed/", feeds.ChannelFeed(), name="channel-feed"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("tags/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("feeds/latest/", feeds.LatestArticlesFeed(), name="feed"),
    # The old site's article addresses (search engines, WeChat posts and other sites link
    # to them); its ids are at most 10 digits.
    re_path(
        r"^index\.php/News/info/id/(?P<legacy_id>[0-9]{1,10})\.html$",
        views.legacy_article,
        name="legacy-article",
    ),
]
