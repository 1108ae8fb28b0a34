"""Sign-up is ours; log in, log out, password change and reset are Django's views.

Deleting an account (or, for an anonymous visitor, "forget me") is ours too: see
:mod:`.deletion` for what goes.

Signing up signs the new user in, which fires ``user_logged_in``: the quiz's receiver
(studysite/quiz/ownership.py) then hands everything the visitor did anonymously to the
new account, and the welcome page says what was kept and what to do next. Every
``next`` (sign-up, log-in, log-out) goes through :func:`studysite.redirects.safe_local_path`:
a path on this site or home, whatever ``next`` says.

Sign-ups and password-reset mail are rate-limited per client IP and per email address
(:mod:`.ratelimit`).
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from studysite.quiz.ownership import anonymous_token
from studysite.redirects import posted_next, safe_local_path

from . import ratelimit
from .deletion import delete_user_and_data, forget_visitor, owned_counts
from .forms import DeleteAccountForm, SignUpForm

# The backend that checks passwords (axes' backend in front of it only counts failures).
CHECKING_BACKEND = "django.contrib.auth.backends.ModelBackend"
# What the welcome page shows after sign-up, kept in the new session.
WELCOME_SESSION_KEY = "accounts_welcome"
SIGNUP_LIMITED = (
    "Too many accounts were created from your network or with that email address "
    "in the last hour, so this one was not created."
)
SIGNUP_REASON = (
    "Sign-ups are limited to stop automated account creation. Nothing you answered "
    "so far is lost: it stays with this browser until you sign up."
)


class SignUpLimited(Exception):
    def __init__(self, verdict: ratelimit.Verdict) -> None:
        super().__init__("sign-up rate limit")
        self.verdict = verdict


def _create_account(request: HttpRequest, form: SignUpForm):
    """Count the sign-up, create the user and sign them in, all or nothing: a refusal
    (rate limit) or a failure leaves no account, no moved answers and no half session."""
    with transaction.atomic():
        email = form.cleaned_data.get("email", "")
        verdicts = [ratelimit.count("signup-client", ratelimit.client_key(request))]
        if email:
            verdicts.append(ratelimit.count("signup-address", email.lower()))
        refused = [v for v in verdicts if not v.allowed]
        if refused:
            raise SignUpLimited(max(refused, key=lambda v: v.wait_seconds))
        user = form.save()
        login(request, user, backend=CHECKING_BACKEND)
    return user


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = posted_next(request)
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            token = anonymous_token(request)
            kept = owned_counts(Q(user__isnull=True, session_key=token)) if token else []
            try:
                _create_account(request, form)
            except SignUpLimited as limited:
                return ratelimit.refused(request, limited.verdict, SIGNUP_LIMITED, SIGNUP_REASON)
            request.session[WELCOME_SESSION_KEY] = {"kept": kept, "next": next_url}
            return HttpResponseRedirect(reverse("accounts:welcome"))
        status = 400
    else:
        form = SignUpForm()
        status = 200
    return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=status)


@never_cache
@require_http_methods(["GET"])
def welcome(request: HttpRequest) -> HttpResponse:
    """After sign-up: what came over from before, and where to go next."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("accounts:signup"))
    data = request.session.get(WELCOME_SESSION_KEY)
    data = data if isinstance(data, dict) else {}
    kept = [
        (str(what), int(count))
        for what, count in data.get("kept", [])
        if isinstance(count, int) and count > 0
    ]
    context = {
        "kept": kept,
        "next": safe_local_path(request, data.get("next", ""), ""),
        "has_email": bool(request.user.email),
    }
    return render(request, "accounts/welcome.html", context)


class SafeNext:
    """Django's log-in and log-out views, with ``next`` checked like everywhere else."""

    def get_redirect_url(self) -> str:
        return posted_next(self.request)  # type: ignore[attr-defined]


class BadRequestOnInvalid:
    """A rejected form is shown again with its messages, as a 400 like every plain
    post with bad input on this site."""

    def form_invalid(self, form):
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class LoginView(SafeNext, BadRequestOnInvalid, auth_views.LoginView):
    pass


class LogoutView(SafeNext, auth_views.LogoutView):
    """POST only (Django's refuses GET), so no link or image can sign anyone out."""


class PasswordChangeView(BadRequestOnInvalid, auth_views.PasswordChangeView):
    pass


RESET_LIMITED = "Too many password-reset emails were asked for that address or from your network."
RESET_REASON = (
    "Reset emails are limited so that nobody can fill a mailbox with them. A link sent "
    "earlier still works: check your inbox and spam folder."
)


class PasswordResetView(BadRequestOnInvalid, auth_views.PasswordResetView):
    """Django's, rate-limited per address and per client before any mail is sent. Every
    try counts (the limit is on mail, not accounts), and the limit applies the same way
    whether or not the address has an account, so it tells nobody which addresses do."""

    def form_valid(self, form):
        request = self.request
        verdicts = [
            ratelimit.count("password-reset-address", form.cleaned_data["email"].lower()),
            ratelimit.count("password-reset-client", ratelimit.client_key(request)),
        ]
        refused = [v for v in verdicts if not v.allowed]
        if refused:
            verdict = max(refused, key=lambda v: v.wait_seconds)
            return ratelimit.refused(request, verdict, RESET_LIMITED, RESET_REASON)
        return super().form_valid(form)


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


# --- CSRF refusals ----------------------------------------------------------------------


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a post without a valid token (a form left open past a
    sign-in or sign-out, cookies blocked, or another site posting) changes nothing and
    says how to go on. ``reason`` is Django's technical one; it is not shown."""
    response = render(request, "403_csrf.html", status=403)
    response["Cache-Control"] = "no-store"
    return response
