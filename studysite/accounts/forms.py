"""Account forms: Django's own, with a length limit on every field.

Django's auth forms leave password fields unbounded, and the request size limit alone
(``DATA_UPLOAD_MAX_MEMORY_SIZE``) would let a password of a quarter megabyte through to
the validators and the hasher. Every field here has a ``max_length`` that the browser
sees (``maxlength``) and the server enforces.

Two changes to how errors are shown (issue 20, point 10): a password the validators
refuse (too common, too short ...) is reported on the field where it was typed, not on
the confirmation; and a rejected form puts ``autofocus`` on its first invalid field, so
the cursor lands where the learner has something to fix.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator

# Longer than any passphrase or password-manager output; short enough to hash cheaply.
PASSWORD_MAX_LENGTH = 1024
EMAIL_MAX_LENGTH = 254  # RFC 5321's limit, as Django's PasswordResetForm uses


USERNAME_MAX_LENGTH = 150  # django.contrib.auth's User.username


class FocusFirstError:
    """Mixin for a form: after validation, autofocus the first field with an error."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors = self._errors  # type: ignore[attr-defined]
        invalid = [name for name in self.fields if name in (errors or {})]  # type: ignore[attr-defined]
        if not invalid:
            return
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.widget.attrs.pop("autofocus", None)
        self.fields[invalid[0]].widget.attrs["autofocus"] = True  # type: ignore[attr-defined]


class ValidateFirstPassword:
    """Mixin for Django's password forms: run the password validators on the first
    password field (where it was typed), not on the confirmation."""

    first_password_field = "password1"  # noqa: S105 - a field name

    def validate_password_for_user(self, user, password_field_name: str = "") -> None:
        super().validate_password_for_user(  # type: ignore[misc]
            user, password_field_name=self.first_password_field
        )


def limit_length(form: forms.Form, *names: str, max_length: int = PASSWORD_MAX_LENGTH) -> None:
    """Give these (password) fields a max length, enforced and shown to the browser."""
    for name in names:
        field = form.fields[name]
        field.max_length = max_length
        field.validators.append(MaxLengthValidator(max_length))
        field.widget.attrs["maxlength"] = str(max_length)


class SignUpForm(FocusFirstError, ValidateFirstPassword, auth_forms.UserCreationForm):
    """Username, optional email, password twice (checked by AUTH_PASSWORD_VALIDATORS)."""

    email = forms.EmailField(
        label="Email",
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text="Only used to send you a link if you forget your password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(auth_forms.UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        username.help_text = (
            f"Up to {username.max_length} characters: letters, digits and @ . + - _ only."
        )
        self.fields["password1"].label = "Password"
        self.fields["password2"].label = "Password again"
        limit_length(self, "password1", "password2")

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email", "")
        return get_user_model().objects.normalize_email(email) if email else ""


class LoginForm(FocusFirstError, auth_forms.AuthenticationForm):
    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"spellcheck": "false"})
        limit_length(self, "password")
        # Django sets the username's max_length after the field is built, so it is only a
        # hint to the browser; enforce it, or a huge name reaches authenticate() and the
        # lockout's attempt log (a 255-character column on PostgreSQL).
        limit_length(self, "username", max_length=USERNAME_MAX_LENGTH)
        self.error_messages = {
            **self.error_messages,
            "invalid_login": "That username and password do not match an account. "
            "Both are case-sensitive.",
        }


class PasswordChangeForm(FocusFirstError, ValidateFirstPassword, auth_forms.PasswordChangeForm):
    first_password_field = "new_password1"  # noqa: S105 - a field name

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = "New password again"
        limit_length(self, "old_password", "new_password1", "new_password2")


class SetPasswordForm(FocusFirstError, ValidateFirstPassword, auth_forms.SetPasswordForm):
    first_password_field = "new_password1"  # noqa: S105 - a field name

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = "New password again"
        limit_length(self, "new_password1", "new_password2")


class PasswordResetForm(FocusFirstError, auth_forms.PasswordResetForm):
    """Django's: it mails only active accounts with that address and says nothing
    about whether one exists (the view shows the same page either way)."""


class DeleteAccountForm(FocusFirstError, forms.Form):
    """The account's password, to confirm deleting it (checked through ``authenticate``,
    so wrong guesses count towards the log-in lockout like any other)."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        limit_length(self, "password")

    def clean_password(self) -> str:
        from django.contrib.auth import authenticate

        password = self.cleaned_data["password"]
        user = self.request.user
        checked = authenticate(self.request, username=user.get_username(), password=password)
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError("That is not your password; nothing was deleted.")
        return password
