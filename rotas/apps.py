from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RotasConfig(AppConfig):
    name = "rotas"
    verbose_name = _("Shift rotas")
