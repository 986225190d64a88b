from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from claims.permissions import check_user_can_read


@login_required
def home(request: HttpRequest) -> HttpResponse:
    check_user_can_read(request.user)
    return render(request, "home.html")


urlpatterns = [path("", home, name="home")]
