from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit row."""


class AuditEvent(models.Model):
    """One row of the append-only, hash-chained audit log.

    It backs the "convention de preuve" of every source text (e.g. 001 §4.6): each row holds
    the hash of the previous one, so an edited or deleted row breaks the chain.
    """

    sequence = models.PositiveBigIntegerField("n° d'ordre", unique=True)
    created_at = models.DateTimeField("date", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField("auteur (à la date)", max_length=254, blank=True)
    action = models.CharField("action", max_length=100, db_index=True)
    subject_type = models.CharField("type d'objet", max_length=100, blank=True)
    subject_id = models.CharField("identifiant d'objet", max_length=100, blank=True)
    subject_label = models.CharField("objet", max_length=300, blank=True)
    old_values = models.JSONField("anciennes valeurs", default=dict, encoder=DjangoJSONEncoder)
    new_values = models.JSONField("nouvelles valeurs", default=dict, encoder=DjangoJSONEncoder)
    request_id = models.CharField("requête", max_length=64, blank=True)
    client_request_id = models.CharField("requête (selon le client)", max_length=64, blank=True)
    previous_hash = models.CharField("empreinte précédente", max_length=64)
    hash = models.CharField("empreinte", max_length=64, unique=True)

    class Meta:
        verbose_name = "événement d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["sequence"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.subject_label}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Un événement d'audit ne peut pas être modifié.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Un événement d'audit ne peut pas être supprimé.")

    def compute_hash(self) -> str:
        payload = {
            "sequence": self.sequence,
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "subject_label": self.subject_label,
            "old_values": self.old_values,
            "new_values": self.new_values,
            "request_id": self.request_id,
            "previous_hash": self.previous_hash,
        }
        if self.client_request_id:
            # Only when present, so rows written before this field keep their hash.
            payload["client_request_id"] = self.client_request_id
        canonical = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


class AuditChainHead(models.Model):
    """The single row that serialises appends and remembers the tip of the chain, so that a
    deleted last row is detected too."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "tête de chaîne d'audit"

    def __str__(self) -> str:
        return f"n° {self.last_sequence}"
