from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from .choices import AGENCY_ROLES, EDITOR_ROLES, Role
from .validators import validate_siret


class Editor(models.Model):
    """A software editor (company) applying for referencing (001 §4.3 "Informations éditeur")."""

    name = models.CharField("raison sociale", max_length=200)
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    legal_form = models.CharField("forme juridique", max_length=100)
    head_office = models.TextField("adresse du siège social")
    legal_representative = models.CharField("représentant légal (nom, prénom)", max_length=200)
    legal_representative_function = models.CharField(
        "fonction du représentant légal",
        max_length=100,
        blank=True,
        help_text="CEO, Président, DG…",
    )
    legal_representative_email = models.EmailField("e-mail du représentant légal", blank=True)
    legal_representative_phone = models.CharField(
        "téléphone du représentant légal", max_length=30, blank=True
    )
    # Issue 16 item 6: the account that signs for the editor, set only when the agency
    # validates a request with its supporting document (Kbis or delegation).
    legal_representative_user = models.ForeignKey(
        "User",
        verbose_name="compte du représentant légal vérifié",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    legal_representative_verified_at = models.DateTimeField(
        "représentant légal vérifié le", null=True, blank=True
    )
    contact_name = models.CharField("nom du contact", max_length=200)
    contact_email = models.EmailField("e-mail du contact")
    contact_phone = models.CharField("téléphone du contact", max_length=30, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        verbose_name = "éditeur"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("role", Role.AGENCY_ADMIN)
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse e-mail", unique=True)
    full_name = models.CharField("nom complet", max_length=200, blank=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    # Issue 16 item 7: roles held besides the primary one (an instructor who also sits in
    # the collège, 001 §4.5 « membres de l'ANS participant à l'instruction »).
    additional_roles = models.JSONField("rôles supplémentaires", default=list, blank=True)
    editor = models.ForeignKey(
        Editor,
        verbose_name="éditeur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    failed_login_count = models.PositiveIntegerField("échecs de connexion consécutifs", default=0)
    locked_until = models.DateTimeField("verrouillé jusqu'au", null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                name="editor_roles_have_an_editor",
                condition=(
                    models.Q(role__in=sorted(EDITOR_ROLES), editor__isnull=False)
                    | (~models.Q(role__in=sorted(EDITOR_ROLES)) & models.Q(editor__isnull=True))
                ),
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def has_role(self, role: str) -> bool:
        return self.role == role or role in self.additional_roles

    @property
    def is_editor(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def is_editor_admin(self) -> bool:
        return self.role == Role.EDITOR_ADMIN

    @property
    def is_agency_staff(self) -> bool:
        return self.role in AGENCY_ROLES

    @property
    def is_instructor(self) -> bool:
        return self.role == Role.INSTRUCTOR

    @property
    def is_college_member(self) -> bool:
        return self.role == Role.COLLEGE_MEMBER

    @property
    def is_agency_admin(self) -> bool:
        return self.role == Role.AGENCY_ADMIN

    def is_locked(self, now) -> bool:
        return self.locked_until is not None and self.locked_until > now


class RepresentativeRequest(models.Model):
    """A change of the editor's legal representative (or of the delegate who signs), proved
    by a document and validated by an agency admin (issue 16 item 6)."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente de validation"
        VALIDATED = "validated", "Validée"
        REFUSED = "refused", "Refusée"

    class Document(models.TextChoices):
        KBIS = "kbis", "Extrait Kbis"
        DELEGATION = "delegation", "Délégation de signature"

    editor = models.ForeignKey(
        Editor, on_delete=models.CASCADE, related_name="representative_requests"
    )
    user = models.ForeignKey(
        "User", verbose_name="compte du signataire", on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField("nom et prénom", max_length=200)
    function = models.CharField("fonction", max_length=100)
    document_kind = models.CharField("justificatif", max_length=20, choices=Document.choices)
    document = models.FileField("pièce justificative", upload_to="representatives/")
    requested_by = models.ForeignKey("User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        "User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField("motif du refus", blank=True)

    class Meta:
        verbose_name = "demande de changement de représentant légal"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.full_name} pour {self.editor}"


class Invitation(models.Model):
    """A person is invited by an e-mail link (the token is stored hashed): editor admins invite
    the members of their editor, agency admins invite agency staff and first editor admins."""

    editor = models.ForeignKey(
        Editor, on_delete=models.CASCADE, related_name="invitations", null=True, blank=True
    )
    email = models.EmailField("adresse e-mail")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.editor}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_usable(self, now) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class ApiToken(models.Model):
    """A personal API token (DESIGN §6: an editor's own CI deposits evidence with it).
    Only its SHA-256 is stored; the token is shown once, at creation."""

    PREFIX = "ref_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nom", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField("début du jeton", max_length=12)
    # Issue 16 item 4: space-separated TokenScope values.
    scopes = models.CharField("portées", max_length=50, default="read")
    created_at = models.DateTimeField("créé le", default=timezone.now)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def expires_at(self) -> datetime:
        return self.created_at + timedelta(days=settings.API_TOKEN_VALID_DAYS)


class LoginAddressThrottle(models.Model):
    """Failed password steps from one client address (issue 16 item 3): past the limit the
    address is blocked, each new block twice as long as the previous one."""

    address = models.GenericIPAddressField("adresse", unique=True)
    failures = models.PositiveIntegerField("échecs consécutifs", default=0)
    blocks = models.PositiveIntegerField("blocages successifs", default=0)
    blocked_until = models.DateTimeField("bloquée jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "limitation par adresse"
        verbose_name_plural = "limitations par adresse"

    def __str__(self) -> str:
        return self.address
