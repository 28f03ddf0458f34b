from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with two policies, picked by path.

    Reader-facing pages get CONTENT_SECURITY_POLICY (no inline script or style, no framing). The
    admin (CSP_ADMIN_PATH_PREFIXES), whose pages, previews and widgets inject inline script and
    style, gets CONTENT_SECURITY_POLICY_ADMIN. So does an editor's preview: Wagtail renders it by
    running the page's own URL through the middleware (`request.is_preview`), and the page editor
    shows it in a frame. A view's own django-csp decorator still wins.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
        if (
            not report_only
            and parts.config is None
            and admin_policy
            and (
                getattr(request, "is_preview", False)
                or request.path_info.startswith(tuple(getattr(settings, "CSP_ADMIN_PATH_PREFIXES", ())))
            )
        ):
            parts.config = default_config(admin_policy["DIRECTIVES"])
        return parts
