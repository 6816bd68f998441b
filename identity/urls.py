from django.urls import path

from identity import oidc
from identity.views import (
    account,
    invitations,
    passkeys,
    password_reset,
    security_events,
    sessions,
    sign_in,
    staff,
)

urlpatterns = [
    # Signing in and out
    path("sign-in/", sign_in.SignInView.as_view(), name="sign-in"),
    path("sign-in/second-factor/", sign_in.second_factor, name="second-factor"),
    path(
        "sign-in/set-up-second-factor/",
        sign_in.second_factor_set_up,
        name="second-factor-set-up",
    ),
    path("sign-in/confirm/", sign_in.reauthenticate, name="reauthenticate"),
    path("sign-in/organisation/", oidc.SignInWithProvider.as_view(), name="sign-in-sso"),
    path(
        "sign-in/organisation/callback/",
        oidc.ProviderCallback.as_view(),
        name="sign-in-sso-callback",
    ),
    path("sign-in/organisation/failed/", sign_in.single_sign_on_failed, name="sign-in-sso-failed"),
    path("sign-out/", sign_in.SignOutView.as_view(), name="sign-out"),
    path("sign-out/timed-out/", sign_in.signed_out_after_timeout, name="sign-out-timed-out"),
    # The session timeout dialog
    path("session/", sessions.session_status, name="session-status"),
    path("session/keep-alive/", sessions.session_keep_alive, name="session-keep-alive"),
    # Passwords
    path("password-reset/", password_reset.password_reset, name="password-reset"),
    path("password-reset/sent/", password_reset.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirm.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        password_reset.password_reset_complete_page,
        name="password-reset-complete",
    ),
    # Invitations
    path("invitation/accept/", invitations.invitation_accept_page, name="invitation-accept"),
    path("invitation/<str:token>/", invitations.invitation_open, name="invitation-open"),
    # Your account
    path("account/", account.account, name="account"),
    path("account/password/", account.password_change, name="password-change"),
    path("account/sessions/", sessions.account_sessions, name="account-sessions"),
    path("account/backup-codes/", account.backup_codes_new, name="backup-codes-new"),
    path("account/authenticator/", account.authenticator_replace, name="authenticator-replace"),
    path("account/passkeys/", passkeys.passkey_list, name="passkeys"),
    path("account/passkeys/add/", passkeys.passkey_add, name="passkey-add"),
    path(
        "account/passkeys/<int:passkey_id>/remove/",
        passkeys.passkey_remove,
        name="passkey-remove",
    ),
    # Staff (agency administrators and system administrators)
    path("staff/", staff.staff_list, name="staff"),
    path("staff/invite/", staff.staff_invite, name="staff-invite"),
    path("staff/not-signed-in/", staff.staff_dormant, name="staff-dormant"),
    path("staff/<int:user_id>/", staff.staff_person, name="staff-person"),
    path(
        "staff/<int:user_id>/roles/<int:agency_id>/",
        staff.staff_roles,
        name="staff-roles",
    ),
    path("staff/<int:user_id>/deactivate/", staff.staff_deactivate, name="staff-deactivate"),
    path(
        "staff/<int:user_id>/second-factor/",
        staff.staff_second_factor_reset,
        name="staff-second-factor-reset",
    ),
    path("staff/<int:user_id>/unlock/", staff.staff_unlock, name="staff-unlock"),
    path(
        "staff/<int:user_id>/invitation/",
        staff.staff_invitation_resend,
        name="staff-invitation-resend",
    ),
    # Security events
    path("security-events/", security_events.security_events, name="security-events"),
]
