"""The project's URLs plus `/bench/hello`: login, session and one response, nothing else."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from zhenggai.urls import urlpatterns as project_urls


@login_required
def hello(request):
    return HttpResponse(f"你好，{request.user.get_username()}")


urlpatterns = [path("bench/hello", hello, name="bench_hello"), *project_urls]
