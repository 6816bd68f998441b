"""What every officer page shares: its declared policy."""

from __future__ import annotations

from earlyhelp.url_policy import Policy, access_policy
from partners.roles import Role

officer_page = access_policy(Policy.ROLES, roles={Role.INFORMATION_GOVERNANCE})
