from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "pcrs.training"
    label = "training"
    verbose_name = "Training centres and course recognition"
