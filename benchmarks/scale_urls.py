"""The app's URLs and the benchmark's hello page (``benchmarks/scale_settings.py``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def hello(request: HttpRequest) -> HttpResponse:
    """No query, no template: the floor every page is compared with."""
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [
    path("_bench/hello", hello, name="bench_hello"),
    path("", include("dueregard.urls")),
]
