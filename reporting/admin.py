from django.contrib import admin

from earlyhelp.admin_site import SystemAdminModelAdmin
from reporting.models import EarlyHelpSpend, UnitCost


@admin.register(UnitCost)
class UnitCostAdmin(SystemAdminModelAdmin):
    list_display = ["cost_item", "year", "zone", "unit_cost_gbp", "annual_volume", "beneficiary"]
    list_filter = ["year", "zone", "beneficiary"]
    search_fields = ["cost_item", "service", "activity"]


@admin.register(EarlyHelpSpend)
class EarlyHelpSpendAdmin(SystemAdminModelAdmin):
    list_display = ["year", "zone", "amount_gbp", "note"]
    list_filter = ["year", "zone"]


# The partnership's configuration: entered figures, frameworks, claim rules.
from reporting import admin_config  # noqa: E402, F401
