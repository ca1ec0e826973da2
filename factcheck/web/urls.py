from django.urls import path

from factcheck.web.views import articles, claims, desk, evidence, notifications, tokens

app_name = "web"
urlpatterns = [
    path("", desk.dashboard, name="dashboard"),
    path("queue/", desk.queue, name="queue"),
    path("articles/", articles.article_list, name="article-list"),
    path("articles/new/", articles.article_upload, name="article-upload"),
    path("articles/<int:pk>/", articles.article_detail, name="article-detail"),
    path("articles/<int:pk>/edit/", articles.article_edit, name="article-edit"),
    path("articles/<int:pk>/extract/", articles.article_extract, name="article-extract"),
    path("articles/<int:pk>/assign/", articles.article_assign, name="article-assign"),
    path("articles/<int:pk>/claims/new/", articles.article_add_claim, name="article-add-claim"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/review/", claims.claim_review, name="claim-review"),
    path("claims/<int:pk>/cross-check/", claims.claim_cross_check, name="claim-cross-check"),
    path("claims/<int:pk>/reopen/", claims.claim_reopen, name="claim-reopen"),
    path("claims/<int:pk>/assign/", claims.claim_assign, name="claim-assign"),
    path("claims/<int:pk>/split/", claims.claim_split, name="claim-split"),
    path("claims/<int:pk>/merge/", claims.claim_merge, name="claim-merge"),
    path("claims/<int:pk>/respan/", claims.claim_respan, name="claim-respan"),
    path("sources/<int:pk>/snapshot/", evidence.source_snapshot, name="source-snapshot"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification-open"),
    path("notifications/read-all/", notifications.notifications_read_all, name="notifications-read-all"),
    path("settings/tokens/", tokens.token_list, name="tokens"),
    path("settings/tokens/revoke/", tokens.token_revoke, name="token-revoke"),
]
