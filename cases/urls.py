from django.urls import path

from cases.views import case

urlpatterns = [
    path("cases/<int:case_id>/", case.case_summary, name="case-summary"),
]
