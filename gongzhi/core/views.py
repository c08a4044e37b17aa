from django.http import HttpResponse


def healthz(request):
    """Answer the load balancer without touching the database."""
    return HttpResponse("ok", content_type="text/plain")
