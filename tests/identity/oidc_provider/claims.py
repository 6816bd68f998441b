"""What the test provider asserts about a person, from the groups they are in:
`mfa` (signed in with more than a password: amr ["pwd", "mfa"]) and `unverified`
(their email address is not verified)."""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below goes in the ID token and userinfo

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        groups = set(user.groups.values_list("name", flat=True))
        return {
            "email": user.email,
            "email_verified": "unverified" not in groups,
            "name": user.get_full_name() or user.username,
            "amr": ["pwd", "mfa"] if "mfa" in groups else ["pwd"],
        }
