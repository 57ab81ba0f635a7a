from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@transaction.non_atomic_requests
@require_safe
def livez(request):
    """200 while the process serves requests: no database, no cache.

    A load balancer restarts a server whose /livez fails, so it must not fail
    when only the database does (/healthz says that); and `make bench`
    divides by its throughput, the cost of the server and middleware alone.
    """
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@transaction.non_atomic_requests
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not; nothing more."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
