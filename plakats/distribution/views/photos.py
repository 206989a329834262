"""Evidence photos, streamed only to logged-in users (they are never under the static root)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_safe

from ..models import Photo


@require_safe
def photo_file(request, pk: int):
    """Stream one photo; login and a role are required by the middleware like every page."""
    photo = get_object_or_404(Photo, pk=pk)
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}.jpg"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


urlpatterns = [path("photos/<int:pk>/", photo_file, name="photo")]
