from django.urls import path

from sources import views

urlpatterns = [
    path("articles/", views.article_list, name="article_list"),
    path("articles/add/", views.article_add, name="article_add"),
    path("articles/<int:article_id>/", views.article_detail, name="article_detail"),
    path("articles/<int:article_id>/status/", views.article_status, name="article_status"),
    path("articles/<int:article_id>/reextract/", views.article_reextract_view, name="article_reextract"),
]
