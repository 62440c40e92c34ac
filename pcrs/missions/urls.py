from django.urls import URLPattern, URLResolver

app_name = "missions"
urlpatterns: list[URLPattern | URLResolver] = []
