"""Sign-up is ours; log in, log out, password change and reset are Django's views.

Deleting an account (or, for an anonymous visitor, "forget me") is ours too: see
:mod:`.deletion` for what goes.

Signing up signs the new user in, which fires ``user_logged_in``: the quiz's receiver
(studysite/quiz/ownership.py) then hands everything the visitor did anonymously to the
new account. Redirects after sign-up and log-in only go to this site
(``url_has_allowed_host_and_scheme``), whatever ``next`` says.
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from studysite.quiz.ownership import anonymous_token

from .deletion import delete_user_and_data, forget_visitor, owned_counts
from .forms import DeleteAccountForm, SignUpForm

# The backend that checks passwords (axes' backend in front of it only counts failures).
CHECKING_BACKEND = "django.contrib.auth.backends.ModelBackend"
NEXT_MAX_LENGTH = 2000


def safe_next(request: HttpRequest) -> str:
    """The posted or queried ``next`` if it stays on this site, else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if len(target) > NEXT_MAX_LENGTH:
        return ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            user = form.save()
            login(request, user, backend=CHECKING_BACKEND)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        status = 400
    else:
        form = SignUpForm()
        status = 200
    return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=status)


class BadRequestOnInvalid:
    """A rejected form is shown again with its messages, as a 400 like every plain
    post with bad input on this site."""

    def form_invalid(self, form):
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class LoginView(BadRequestOnInvalid, auth_views.LoginView):
    """Django's; it already checks ``next`` with url_has_allowed_host_and_scheme."""


class PasswordChangeView(BadRequestOnInvalid, auth_views.PasswordChangeView):
    pass


class PasswordResetView(BadRequestOnInvalid, auth_views.PasswordResetView):
    pass


@method_decorator(sensitive_post_parameters("new_password1", "new_password2"), name="dispatch")
class PasswordResetConfirmView(BadRequestOnInvalid, auth_views.PasswordResetConfirmView):
    """Django's, plus: a successful reset lifts any login lockout on that username,
    since whoever reset it has shown they own the account's mailbox."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


# --- Deleting one's account and data -----------------------------------------------------

FORGET_CONFIRM = "forget"
DONE_TEXTS = {"account", "visitor"}


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Signed in: delete the account and everything it owns, after the password. Anonymous:
    "forget me" deletes everything this browser's token owns and ends the session."""
    if request.user.is_authenticated:
        user = request.user
        form = DeleteAccountForm(request, data=request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            delete_user_and_data(user)
            logout(request)
            return redirect(f"{reverse('accounts:deleted')}?who=account")
        context = {"form": form, "counts": owned_counts(Q(user=user))}
        status = 400 if request.method == "POST" else 200
        return render(request, "accounts/delete.html", context, status=status)
    token = anonymous_token(request)
    message = ""
    if request.method == "POST":
        if request.POST.get("confirm", "") == FORGET_CONFIRM:
            forget_visitor(token)
            request.session.flush()
            return redirect(f"{reverse('accounts:deleted')}?who=visitor")
        message = "Use the “Forget me” button to delete what this browser did."
    counts = owned_counts(Q(user__isnull=True, session_key=token)) if token else []
    context = {"counts": counts, "message": message, "confirm": FORGET_CONFIRM}
    status = 400 if message else 200
    return render(request, "accounts/forget.html", context, status=status)


@require_http_methods(["GET"])
def deleted(request: HttpRequest) -> HttpResponse:
    who = request.GET.get("who", "")
    return render(
        request, "accounts/deleted.html", {"who": who if who in DONE_TEXTS else "visitor"}
    )
