"""Login throttling with its own limit per kind of lockout (settings.LOGIN_LOCKOUTS).

django-axes counts failed logins for each entry of AXES_LOCKOUT_PARAMETERS (a user name at one
address, one address across user names, one user name across addresses) but compares the largest
count with a single AXES_FAILURE_LIMIT (``AxesDatabaseHandler.get_failures``). One limit does not
fit all three: an address that tries twenty names is spraying, while twenty failures for one name
at one address are a brute force nineteen too late; locking a name everywhere hurts its owner, so
it waits longer than the pair. This handler scales each count to AXES_FAILURE_LIMIT, so that it
reaches that limit exactly when it reaches its own.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        limit = settings.AXES_FAILURE_LIMIT
        worst = 0
        # get_user_attempts follows AXES_LOCKOUT_PARAMETERS, the order of LOGIN_LOCKOUTS.
        attempts_per_kind = self.get_user_attempts(request, credentials)
        for (_, own_limit), attempts in zip(settings.LOGIN_LOCKOUTS, attempts_per_kind, strict=True):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            worst = max(worst, count * limit // own_limit)
        return worst

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful login clears its user name's failures, not its address's: otherwise one
        who holds an account could spray other names and clear the address's count by signing in."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
