from django.urls import path

from factcheck.web import views

app_name = "web"
urlpatterns = [
    path("", views.article_list, name="article-list"),
    path("articles/new/", views.article_upload, name="article-upload"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article-edit"),
    path("articles/<int:pk>/extract/", views.article_extract, name="article-extract"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim-review"),
]
