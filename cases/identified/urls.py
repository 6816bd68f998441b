from django.urls import path

from cases.identified import views

urlpatterns = [
    path("identified/", views.identified_list, name="identified"),
    path("identified/import/", views.identified_import, name="identified-import"),
    path("identified/review/", views.identified_review, name="identified-review"),
    path(
        "identified/review/<int:row_id>/",
        views.identified_review_row,
        name="identified-review-row",
    ),
    path("identified/data-sets/", views.identified_data_sets, name="identified-data-sets"),
    path("identified/<int:identified_id>/", views.identified_detail, name="identified-family"),
]
