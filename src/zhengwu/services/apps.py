from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "zhengwu.services"
    label = "services"
    verbose_name = "政务服务事项"
