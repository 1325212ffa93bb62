from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("會議紀要")

    def ready(self):
        from minutes import reach, revision

        revision.connect()
        reach.connect()
