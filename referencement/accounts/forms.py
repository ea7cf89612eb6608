from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html

from referencement.core.forms import PlatformForm

from .choices import AGENCY_ROLES, EDITABLE_EDITOR_FIELDS, EDITOR_ROLES, Role, TokenScope
from .models import Editor, RepresentativeRequest, User


class LoginForm(PlatformForm):
    email = forms.EmailField(
        label="Adresse e-mail", widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label="Mot de passe", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


def second_factor_code_field(purpose: str = "") -> forms.CharField:
    """The code of the second factor, at login and before each sensitive act: the policy of
    accounts/second_factor.py (authenticator code or an unused backup code)."""
    return forms.CharField(
        label="Code de vérification",
        help_text="Le code à 6 chiffres de votre application d'authentification, ou un code "
        f"de secours{' : ' + purpose if purpose else ''}.",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class TokenForm(PlatformForm):
    token = second_factor_code_field()


class AcceptInvitationForm(PlatformForm):
    full_name = forms.CharField(label="Nom complet", max_length=200)
    password = forms.CharField(
        label="Mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password_confirm = forms.CharField(
        label="Confirmation du mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_confirm"):
            self.add_error("password_confirm", "Les deux mots de passe ne sont pas identiques.")
        return data


class PasswordChangeForm(PlatformForm):
    old_password = forms.CharField(
        label="Mot de passe actuel",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label="Nouveau mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )


class InviteForm(PlatformForm):
    email = forms.EmailField(label="Adresse e-mail de la personne invitée")
    role = forms.ChoiceField(label="Rôle")

    def __init__(self, *args, roles: frozenset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in roles]


class RoleForm(PlatformForm):
    role = forms.ChoiceField(label="Nouveau rôle")

    def __init__(self, *args, editor_account: bool, **kwargs):
        super().__init__(*args, **kwargs)
        roles = EDITOR_ROLES if editor_account else AGENCY_ROLES
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in roles]


class EditorForm(PlatformForm, forms.ModelForm):
    first_admin_email = forms.EmailField(label="E-mail du premier administrateur de l'éditeur")

    class Meta:
        model = Editor
        fields = [
            "name",
            "siret",
            "legal_form",
            "head_office",
            "legal_representative",
            "legal_representative_function",
            "legal_representative_email",
            "legal_representative_phone",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"head_office": forms.Textarea(attrs={"rows": 3})}


class EditorInfoForm(PlatformForm, forms.ModelForm):
    class Meta:
        model = Editor
        fields = list(EDITABLE_EDITOR_FIELDS)
        widgets = EditorForm.Meta.widgets


class RepresentativeRequestForm(PlatformForm):
    """Issue 16 item 6: the editor's signatory changes on the agency's validation."""

    user = forms.ModelChoiceField(label="Compte du signataire", queryset=User.objects.none())
    full_name = forms.CharField(
        label="Nom et prénom (tels que sur le justificatif)", max_length=200
    )
    function = forms.CharField(label="Fonction", max_length=100, help_text="Président, DG…")
    kind = forms.ChoiceField(label="Justificatif", choices=RepresentativeRequest.Document.choices)
    document = forms.FileField(
        label="Pièce justificative (PDF, 10 Mo au plus)",
        help_text="Extrait Kbis de moins de 3 mois, ou délégation de signature du représentant "
        "légal.",
    )

    def __init__(self, *args, editor: Editor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = editor.members.filter(is_active=True).order_by("email")


class RefusalForm(PlatformForm):
    reason = forms.CharField(label="Motif du refus", widget=forms.Textarea(attrs={"rows": 2}))


class ApiTokenForm(PlatformForm):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour le reconnaître, par exemple « Intégration continue ».",
    )
    scopes = forms.MultipleChoiceField(
        label="Portées",
        choices=TokenScope.choices,
        initial=[TokenScope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text="La lecture répond aux consultations ; le dépôt permet aussi de déposer, "
        "soumettre et modifier.",
    )
    code = second_factor_code_field("il confirme que c'est bien vous qui créez ce jeton")


class PasswordResetRequestForm(PlatformForm):
    email = forms.EmailField(label="Adresse e-mail du compte")


class NewPasswordForm(PlatformForm):
    new_password = forms.CharField(
        label="Nouveau mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
