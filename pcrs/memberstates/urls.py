from django.urls import URLPattern, URLResolver

app_name = "memberstates"
urlpatterns: list[URLPattern | URLResolver] = []
