from django.urls import URLPattern, URLResolver, path

from pcrs.registry import views

app_name = "registry"
urlpatterns: list[URLPattern | URLResolver] = [
    path("pledges/", views.pledge_list, name="pledge_list"),
    path("pledges/new/", views.pledge_create, name="pledge_create"),
    path("pledges/export.csv", views.pledge_export, name="pledge_export"),
    path("pledges/export.xlsx", views.pledge_export, {"fmt": "xlsx"}, name="pledge_export_xlsx"),
    path("pledges/<uuid:pk>/", views.pledge_detail, name="pledge_detail"),
    path("pledges/<uuid:pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<uuid:pk>/annex.xlsx", views.pledge_annex_download, name="pledge_annex"),
    path("pledges/<uuid:pk>/annex/", views.pledge_annex_upload, name="pledge_annex_upload"),
    path("pledges/<uuid:pk>/notes/", views.pledge_annotate, name="pledge_annotate"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<slug:code>/edit/", views.catalogue_edit, name="catalogue_edit"),
]
