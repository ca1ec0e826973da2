from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "팩트체크 데스크"
    default_auto_field = "django.db.models.BigAutoField"
