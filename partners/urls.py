from django.urls import path

from partners import notification_views

urlpatterns = [
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/settings/",
        notification_views.notification_settings,
        name="notification-settings",
    ),
    path(
        "notifications/read/",
        notification_views.notifications_mark_read,
        name="notifications-read",
    ),
    path(
        "notifications/<int:notification_id>/",
        notification_views.notification_open,
        name="notification-open",
    ),
]
