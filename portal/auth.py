"""Authentication backends."""

from axes.backends import AxesStandaloneBackend


class LoginGuardBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes with a request (every web login,
    the admin's included). Code that authenticates without one (the shell, the test client's
    `login()`) is no brute-force path; axes would raise there, so the check is skipped and
    the next backend decides."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
