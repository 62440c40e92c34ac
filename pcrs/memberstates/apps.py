from django.apps import AppConfig


class MemberstatesConfig(AppConfig):
    name = "pcrs.memberstates"
    label = "memberstates"
