from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pcrs.accounts"
    label = "accounts"
