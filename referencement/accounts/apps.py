from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "referencement.accounts"
    label = "accounts"
    verbose_name = "Comptes"
