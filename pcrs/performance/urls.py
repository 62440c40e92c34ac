from django.urls import URLPattern, URLResolver

app_name = "performance"
urlpatterns: list[URLPattern | URLResolver] = []
