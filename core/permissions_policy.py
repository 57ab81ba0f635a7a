"""The ``Permissions-Policy`` header: the site uses no camera, microphone,
location, payment or USB device, so no page (and nothing injected into one)
may ask for them. Django has no setting for it; nginx sends the same value
(docs/deployment.md).

Only features every current browser knows: an unknown one, such as the retired
``interest-cohort``, is an error in Chrome's console.
"""

POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", POLICY)
        return response
