"""The e-mail backend when EMAIL_URL is not set: nothing is sent, and the log says so in one line."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("cio_site.mail")


class LoggedNotSentEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            logger.warning(
                "E-mail not sent (EMAIL_URL is not set): to %s, subject %r", ", ".join(message.to), message.subject
            )
        return 0
