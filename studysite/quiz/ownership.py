"""Who owns quiz data: a signed-in user, or an anonymous visitor's token.

Anonymous visitors may practise. Their rows carry ``user=NULL`` and a random token kept
in their session (in the ``session_key`` column, named before this module existed).
The token lives in the session's *data*, not in its key: Django gives a session a new key
when someone signs in, but keeps its data, so on sign-in (or sign-up, which signs in)
:func:`adopt_anonymous_rows` can hand everything the visitor did to their account.

Every model with the ``user`` + ``session_key`` owner fields is listed in
``OWNED_MODELS`` (as "app_label.ModelName") so that adoption covers it.
"""

from __future__ import annotations

import secrets

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

SESSION_FIELD = "quiz_owner"
OWNED_MODELS: list[str] = ["quiz.Answer"]


def anonymous_token(request: HttpRequest, *, create: bool = False) -> str:
    """This visitor's token ('' if none yet); ``create`` starts one (and the session)."""
    session = getattr(request, "session", None)
    if session is None:
        return ""
    token = session.get(SESSION_FIELD, "")
    if not isinstance(token, str) or len(token) != 32:
        token = ""
    if not token and create:
        token = secrets.token_hex(16)
        session[SESSION_FIELD] = token
    return token


def owner_filter(request: HttpRequest) -> Q | None:
    """The rows this visitor owns, or None when an anonymous visitor has none yet."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Q(user=user)
    token = anonymous_token(request)
    return Q(user__isnull=True, session_key=token) if token else None


def owner_fields(request: HttpRequest) -> dict[str, object]:
    """Field values for a new row owned by this visitor (creates the token if needed)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {"user": user, "session_key": ""}
    return {"user": None, "session_key": anonymous_token(request, create=True)}


def adopt_anonymous_rows(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the visitor's anonymous rows become the user's."""
    if request is None or user is None:
        return
    token = anonymous_token(request)
    if not token:
        return
    with transaction.atomic():
        for label in OWNED_MODELS:
            model = apps.get_model(label)
            anonymous = model.objects.filter(user__isnull=True, session_key=token)
            # A model unique per owner and one field (a flag per question, a chapter read)
            # keeps the account's row: the visitor's duplicate goes, so the move below
            # cannot break the constraint.
            unique = getattr(model, "OWNER_UNIQUE", None)
            if unique:
                held = model.objects.filter(user=user).values(unique)
                anonymous.filter(**{f"{unique}__in": held}).delete()
            anonymous.update(user=user, session_key="")
    request.session.pop(SESSION_FIELD, None)
