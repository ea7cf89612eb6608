"""Password reset by e-mail (issue 16 item 3).

The link carries Django's password-reset token: it expires (PASSWORD_RESET_TIMEOUT) and is
single use, since it is derived from the password hash it replaces. A reset password is only
the first step: the login still asks for the second factor.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from referencement.audit.actions import record

from .actions import revoke_all_api_tokens
from .models import User

REQUEST_SENT = (
    "Si un compte actif correspond à cette adresse, un e-mail vient de lui être envoyé avec "
    "un lien pour choisir un nouveau mot de passe."
)


def request_password_reset(email: str) -> None:
    """The same answer whether the account exists or not; the e-mail goes to its owner."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        record("password.reset_requested", new={"email": email[:254], "known": False})
        return
    record("password.reset_requested", actor=user, subject=user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    transaction.on_commit(
        lambda: send_mail(
            "Choisir un nouveau mot de passe",
            "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable "
            f"{hours} heure{'s' if hours > 1 else ''}, une seule fois) :\n{link}\n\n"
            "La vérification en deux étapes vous sera toujours demandée à la connexion.\n"
            "Si vous n'avez rien demandé, ignorez ce message.\n",
            None,
            [user.email],
        )
    )


def user_for_reset(uidb64: str, token: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def reset_password(user: User, new_password: str) -> None:
    validate_password(new_password, user)
    # Hashed before the transaction, which holds SQLite's write lock (issue 16 item 8).
    hashed = make_password(new_password)
    with transaction.atomic():
        user.password = hashed
        user.failed_login_count = 0
        user.locked_until = None
        user.save(update_fields=["password", "failed_login_count", "locked_until"])
        record("password.reset", actor=user, subject=user)
        revoke_all_api_tokens(user, actor=user, reason="password_reset")
