import hmac
import json

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def update_profile(request):
    # ruleid: python-django-csrf-exempt-post-view
    name = request.POST.get("name")
    request.user.first_name = name
    request.user.save()
    return JsonResponse({"ok": True})


@csrf_exempt
def import_settings(request):
    # ruleid: python-django-csrf-exempt-post-view
    settings = json.loads(request.body)
    return JsonResponse(settings)


@csrf_exempt
def stripe_webhook(request):
    signature = request.META.get("HTTP_STRIPE_SIGNATURE", "")
    expected = hmac.new(b"whsec", request.body, "sha256").hexdigest()
    if not hmac.compare_digest(signature, expected):
        return HttpResponse(status=400)
    # ok: python-django-csrf-exempt-post-view
    event = json.loads(request.body)
    return HttpResponse(event["id"])


def update_email(request):
    # ok: python-django-csrf-exempt-post-view
    request.user.email = request.POST["email"]
    return JsonResponse({"ok": True})


@csrf_exempt
def health(request):
    # ok: python-django-csrf-exempt-post-view
    return JsonResponse({"status": "up"})
