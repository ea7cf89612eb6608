"""State changes of accounts: login steps, second factor, invitations, roles.

Each action checks who may do it, writes its audit row in the same transaction
(001 §3.2.7 SC.SSI/IAM.91: every account event is traced) and sends e-mail on commit.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from referencement.audit.actions import record
from referencement.core.locking import for_update, lock

from .choices import AGENCY_ROLES, EDITABLE_EDITOR_FIELDS, EDITOR_ROLES, Role, TokenScope
from .models import ApiToken, Editor, Invitation, LoginAddressThrottle, User
from .rules import address_block_minutes, second_factor_is_fresh

BACKUP_CODE_COUNT = 10


class LoginRefused(Exception):
    """The login attempt is refused; the message is shown to the person as it is."""


GENERIC_FAILURE = "Adresse e-mail ou mot de passe incorrect."


def lock_message(user: User) -> str:
    until = timezone.localtime(user.locked_until)
    return (
        "Ce compte est temporairement verrouillé après plusieurs échecs de connexion. "
        f"Réessayez après {until:%H:%M} le {until:%d/%m/%Y}."
    )


def check_password_step(email: str, password: str, address: str | None = None) -> User:
    """First login step. Counts failures per account and per client address, locks the
    account and blocks the address after too many of them. The failure is committed before
    the refusal is raised, so the counts are kept. The password is hashed before the
    transaction: hashing is slow and the transaction holds SQLite's write lock."""
    email = email.strip()
    authenticated = authenticate(email=email.lower(), password=password)
    with transaction.atomic():
        throttle = _address_throttle(address)
        if (
            throttle is not None
            and throttle.blocked_until
            and throttle.blocked_until > timezone.now()
        ):
            record("login.refused_address", new={"address": address})
            until = timezone.localtime(throttle.blocked_until)
            refusal = (
                "Trop de tentatives de connexion depuis votre adresse. "
                f"Réessayez après {until:%H:%M} le {until:%d/%m/%Y}."
            )
            user = None
        else:
            user, refusal = _check_password(email, authenticated)
            if throttle is not None:
                _count_address(throttle, failed=refusal is not None)
    if refusal:
        raise LoginRefused(refusal)
    return user


def _address_throttle(address: str | None) -> LoginAddressThrottle | None:
    if not address:
        return None
    throttle, _ = LoginAddressThrottle.objects.get_or_create(address=address)
    return for_update(LoginAddressThrottle.objects).get(pk=throttle.pk)


def _count_address(throttle: LoginAddressThrottle, *, failed: bool) -> None:
    if not failed:
        throttle.failures = throttle.blocks = 0
        throttle.blocked_until = None
    else:
        throttle.failures += 1
        if throttle.failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            throttle.failures = 0
            throttle.blocks += 1
            minutes = address_block_minutes(
                throttle.blocks,
                settings.LOGIN_LOCKOUT_MINUTES,
                settings.LOGIN_ADDRESS_MAX_BLOCK_MINUTES,
            )
            throttle.blocked_until = timezone.now() + timedelta(minutes=minutes)
            record(
                "login.address_blocked",
                new={"address": throttle.address, "until": throttle.blocked_until},
            )
    throttle.save()


def _check_password(email: str, authenticated: User | None) -> tuple[User | None, str | None]:
    """`authenticated`: the account the password was checked against, or None."""
    now = timezone.now()
    user = for_update(User.objects).filter(email__iexact=email).first()
    if user is not None and user.is_locked(now):
        # The same message as for an unknown address (issue 16 item 3): a lock must not tell
        # an anonymous client that the account exists. The owner learns it by e-mail.
        record("login.refused_locked", actor=user, subject=user)
        return None, GENERIC_FAILURE
    if authenticated is not None:
        return authenticated, None
    if user is None:
        record("login.failed", new={"email": email[:254], "reason": "unknown"})
        return None, GENERIC_FAILURE
    register_failure(user, reason="password")
    return None, GENERIC_FAILURE


def register_failure(user: User, *, reason: str) -> None:
    """One more consecutive failure (password or second factor); lock at the limit."""
    user.failed_login_count += 1
    locked = user.failed_login_count >= settings.LOGIN_FAILURE_LIMIT
    if locked:
        user.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        user.failed_login_count = 0
    user.save(update_fields=["failed_login_count", "locked_until"])
    record("login.failed", actor=user, subject=user, new={"reason": reason})
    if locked:
        record("account.locked", actor=user, subject=user, new={"until": user.locked_until})
        _notify_lock(user)


UNLOCK_SALT = "accounts.unlock"


def unlock_token(user: User) -> str:
    """Signed, tied to this very lock: once unlocked (or locked again), the link is dead."""
    return signing.dumps({"u": user.pk, "until": user.locked_until.isoformat()}, salt=UNLOCK_SALT)


def _notify_lock(user: User) -> None:
    link = settings.SITE_URL + reverse("accounts:unlock", args=[unlock_token(user)])
    until = timezone.localtime(user.locked_until)
    transaction.on_commit(
        lambda: send_mail(
            "Votre compte est temporairement verrouillé",
            "Bonjour,\n\nPlusieurs tentatives de connexion à votre compte ont échoué : il est "
            f"verrouillé jusqu'au {until:%d/%m/%Y à %H:%M}.\n\nSi c'était vous, vous pouvez "
            f"le déverrouiller dès maintenant avec ce lien :\n{link}\n\nSi ce n'était pas "
            "vous, votre mot de passe n'a pas été trouvé ; vous pouvez tout de même le changer "
            "après vous être connecté.\n",
            None,
            [user.email],
        )
    )


def unlock_account(token: str) -> User:
    """The owner ends the lock with the link received by e-mail (single use)."""
    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=settings.LOGIN_LOCKOUT_MINUTES * 60)
    except signing.BadSignature as exc:
        raise LoginRefused("Ce lien de déverrouillage est invalide ou expiré.") from exc
    with transaction.atomic():
        user = for_update(User.objects).filter(pk=data.get("u"), is_active=True).first()
        if (
            user is None
            or user.locked_until is None
            or user.locked_until.isoformat() != data.get("until")
        ):
            raise LoginRefused("Ce lien de déverrouillage a déjà servi ou n'est plus valable.")
        user.locked_until = None
        user.failed_login_count = 0
        user.save(update_fields=["locked_until", "failed_login_count"])
        record("account.unlocked", actor=user, subject=user, new={"by": "unlock_link"})
    return user


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Application d'authentification", confirmed=False
        )
    return device


def confirm_totp_enrolment(user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the enrolment with a first code; returns the new backup codes, shown once."""
    device = pending_totp_device(user)
    if not device.verify_token(token.strip().replace(" ", "")):
        record("2fa.enrolment_failed", actor=user, subject=user)
        raise LoginRefused("Code incorrect : vérifiez l'heure de votre téléphone et réessayez.")
    with transaction.atomic():
        return _confirm(user, device)


def _confirm(user: User, device: TOTPDevice) -> tuple[TOTPDevice, list[str]]:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _new_backup_codes(user)
    record("2fa.enrolled", actor=user, subject=user)
    return device, codes


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Codes de secours")
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def regenerate_backup_codes(user: User) -> list[str]:
    codes = _new_backup_codes(user)
    record("2fa.backup_codes_regenerated", actor=user, subject=user)
    return codes


@transaction.atomic
@transaction.atomic
def reset_second_factor(user: User, *, actor: User) -> None:
    """An agency admin resets a person's second factor (lost phone); they enrol again."""
    if not actor.is_agency_admin:
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record("2fa.reset", actor=actor, subject=user)
    revoke_all_api_tokens(user, actor=actor, reason="2fa_reset")


def change_password(user: User, *, old_password: str, new_password: str) -> None:
    # Both hashes before the transaction, which holds SQLite's write lock (issue 16 item 8).
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "Le mot de passe actuel est incorrect."})
    validate_password(new_password, user)
    hashed = make_password(new_password)
    with transaction.atomic():
        user.password = hashed
        user.save(update_fields=["password"])
        record("password.changed", actor=user, subject=user)
        revoke_all_api_tokens(user, actor=user, reason="password_changed")


def record_logout(user: User, *, reason: str) -> None:
    record("logout", actor=user, subject=user, new={"reason": reason})


@transaction.atomic
def create_editor(*, actor: User, **fields) -> Editor:
    """Agency admins register an editor company (then invite its first admin)."""
    if not actor.is_agency_admin:
        raise PermissionDenied
    editor = Editor(**fields)
    editor.full_clean()
    editor.save()
    record(
        "editor.created",
        actor=actor,
        subject=editor,
        new={"siret": editor.siret, "name": editor.name},
    )
    return editor


@transaction.atomic
def update_editor(editor: Editor, *, actor: User, **fields) -> Editor:
    """The editor's admins (or the agency) complete its information (001 §4.3); the name
    and SIRET stay as the agency registered them."""
    if not (actor.is_agency_admin or (actor.is_editor_admin and actor.editor_id == editor.pk)):
        raise PermissionDenied
    changed = {k: v for k, v in fields.items() if k in EDITABLE_EDITOR_FIELDS}
    old = {k: getattr(editor, k) for k in changed}
    for key, value in changed.items():
        setattr(editor, key, value)
    editor.full_clean()
    editor.save(update_fields=list(changed))
    record("editor.updated", actor=actor, subject=editor, old=old, new=changed)
    return editor


def _may_invite(actor: User, editor: Editor | None, role: str) -> bool:
    if actor.is_agency_admin:
        return (editor is None) == (role in AGENCY_ROLES)
    return (
        actor.is_editor_admin
        and editor is not None
        and actor.editor_id == editor.pk
        and role in EDITOR_ROLES
    )


@transaction.atomic
def invite(*, actor: User, email: str, role: str, editor: Editor | None = None) -> Invitation:
    """Invite a person by e-mail. Editor admins invite to their own editor only."""
    if not _may_invite(actor, editor, role):
        raise PermissionDenied
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Un compte existe déjà avec cette adresse e-mail."})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        editor=editor,
        email=email,
        role=role,
        token_hash=Invitation.hash_token(token),
        invited_by=actor,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    record("invitation.sent", actor=actor, subject=invitation, new={"email": email, "role": role})
    link = settings.SITE_URL + reverse("accounts:accept_invitation", args=[token])
    where = f"l'éditeur {editor.name}" if editor else "l'agence"
    transaction.on_commit(
        lambda: send_mail(
            "Invitation à rejoindre la plateforme de référencement",
            f"Bonjour,\n\n{actor} vous invite à rejoindre {where} sur la plateforme de "
            f"référencement en tant que {Role(role).label.lower()}.\n\n"
            f"Pour créer votre compte, ouvrez ce lien avant le "
            f"{timezone.localtime(invitation.expires_at):%d/%m/%Y à %H:%M} :\n{link}\n",
            None,
            [email],
        )
    )
    invitation.token = token  # for the caller only (tests, CLI); never stored in clear
    return invitation


INVITATION_GONE = "Cette invitation n'est plus valable. Demandez-en une nouvelle."


def find_invitation(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("editor")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable(timezone.now()):
        return None
    return invitation


def accept_invitation(token: str, *, full_name: str, password: str) -> User:
    invitation = find_invitation(token)
    if invitation is None:
        raise ValidationError(INVITATION_GONE)
    user = User(
        email=invitation.email,
        full_name=full_name.strip(),
        role=invitation.role,
        editor=invitation.editor,
    )
    validate_password(password, user)
    # Hashed before the transaction, which holds SQLite's write lock (issue 16 item 8).
    user.password = make_password(password)
    with transaction.atomic():
        return _create_invited_account(lock(invitation), user)


def _create_invited_account(invitation: Invitation, user: User) -> User:
    # Re-read under lock: of two concurrent acceptances, the second finds it used.
    if not invitation.is_usable(timezone.now()):
        raise ValidationError(INVITATION_GONE)
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(
        "account.created",
        actor=user,
        subject=user,
        new={"role": user.role, "editor": user.editor_id},
    )
    return user


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, actor: User) -> None:
    if not _may_invite(actor, invitation.editor, invitation.role):
        raise PermissionDenied
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record("invitation.revoked", actor=actor, subject=invitation)


def _may_manage(actor: User, user: User) -> bool:
    if actor.pk == user.pk:
        return False
    if actor.is_agency_admin:
        return True
    return (
        actor.is_editor_admin and user.editor_id is not None and user.editor_id == actor.editor_id
    )


@transaction.atomic
def change_role(user: User, role: str, *, actor: User) -> None:
    """Editor admins switch their members between member and admin; agency admins change
    agency staff roles. Nobody changes their own role."""
    if not _may_manage(actor, user):
        raise PermissionDenied
    allowed = EDITOR_ROLES if user.is_editor else AGENCY_ROLES
    if role not in allowed:
        raise ValidationError({"role": "Ce rôle n'est pas possible pour ce compte."})
    old = user.role
    user.role = role
    user.save(update_fields=["role"])
    record("account.role_changed", actor=actor, subject=user, old={"role": old}, new={"role": role})
    if role != old:
        revoke_all_api_tokens(user, actor=actor, reason="role_changed")


@transaction.atomic
def set_college_seat(user: User, seated: bool, *, actor: User) -> None:
    """Issue 16 item 7, 001 §4.5: the collège is made of agency staff taking part in the
    instruction; an agency admin grants or removes the seat as an additional role, never
    their own (as for roles)."""
    if not actor.is_agency_admin or actor.pk == user.pk:
        raise PermissionDenied
    user = for_update(User.objects).get(pk=user.pk)
    if not user.is_agency_staff or user.role == Role.COLLEGE_MEMBER:
        raise ValidationError("Ce compte ne peut pas recevoir de siège supplémentaire au collège.")
    old = list(user.additional_roles)
    others = [role for role in old if role != Role.COLLEGE_MEMBER]
    user.additional_roles = [*others, Role.COLLEGE_MEMBER] if seated else others
    if user.additional_roles == old:
        return
    user.save(update_fields=["additional_roles"])
    record(
        "account.college_seat_granted" if seated else "account.college_seat_removed",
        actor=actor,
        subject=user,
        old={"additional_roles": old},
        new={"additional_roles": user.additional_roles},
    )
    revoke_all_api_tokens(user, actor=actor, reason="role_changed")


@transaction.atomic
def deactivate_account(user: User, *, actor: User) -> None:
    """Removing a member keeps the account (the audit trail names it) but closes it."""
    if not _may_manage(actor, user):
        raise PermissionDenied
    user.is_active = False
    user.save(update_fields=["is_active"])
    record("account.deactivated", actor=actor, subject=user)
    revoke_all_api_tokens(user, actor=actor, reason="deactivated")


def revoke_all_api_tokens(user: User, *, actor: User, reason: str) -> int:
    """Issue 16 item 4: a token never outlives a change of the credentials or rights it was
    created under (password, second factor, role, deactivation). In the caller's transaction."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if count:
        record(
            "api_token.revoked_all",
            actor=actor,
            subject=user,
            new={"count": count, "reason": reason},
        )
    return count


def ensure_first_admin(email: str, password: str | None) -> tuple[User | None, str | None]:
    """Create the first agency admin when no account exists. Returns the user and the
    generated password (None when it came from the environment or nothing was created)."""
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(12)
    # Hashed before the transaction, which holds SQLite's write lock (issue 16 item 8).
    hashed = make_password(password)
    with transaction.atomic():
        if User.objects.exists():
            return None, None
        user = User.objects.create_superuser(email, None, full_name="Administrateur")
        user.password = hashed
        user.save(update_fields=["password"])
        record("account.created", subject=user, new={"role": user.role, "first_admin": True})
    return user, generated


@transaction.atomic
def create_api_token(
    user: User, *, name: str, scopes: list[str], second_factor_at: datetime | None
) -> tuple[ApiToken, str]:
    """Returns the token row and the clear token, which is never stored nor shown again.
    Issue 16 item 4: only within minutes of a second-factor check."""
    if not user.is_active:
        raise PermissionDenied
    if not second_factor_is_fresh(second_factor_at):
        raise ValidationError(
            {"code": "Saisissez un code de vérification récent pour créer un jeton."}
        )
    scopes = [scope for scope in TokenScope.values if scope in scopes]
    if not scopes:
        raise ValidationError({"scopes": "Choisissez au moins une portée."})
    clear = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        token_hash=ApiToken.hash_token(clear),
        hint=clear[:8],
        scopes=" ".join(scopes),
    )
    record(
        "api_token.created", actor=user, subject=token, new={"name": token.name, "scopes": scopes}
    )
    return token, clear


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> None:
    if token.user_id != actor.pk and not actor.is_agency_admin:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record("api_token.revoked", actor=actor, subject=token)


def user_for_api_token(clear: str, *, scope: str) -> User | None:
    """The active account behind an unexpired token, or None; PermissionDenied when the
    token lacks `scope`. Every use is recorded as the token's « dernière utilisation »."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=ApiToken.hash_token(clear),
            revoked_at__isnull=True,
            user__is_active=True,
            # Issue 16 item 4: tokens expire (API_TOKEN_VALID_DAYS after their creation).
            created_at__gt=now - timedelta(days=settings.API_TOKEN_VALID_DAYS),
        )
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    if scope not in token.scope_list:
        raise PermissionDenied(
            f"Ce jeton n'a pas la portée « {TokenScope(scope).label} » nécessaire à cette requête."
        )
    return token.user
