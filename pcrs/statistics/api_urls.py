from django.urls import path

from pcrs.statistics import apis

urlpatterns = [
    path("pledges/aggregates/", apis.PledgeAggregatesView.as_view(), name="pledge-aggregates"),
]
