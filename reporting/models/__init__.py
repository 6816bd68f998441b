"""Reporting models, one module per concern; import them from here."""

from reporting.models.costs import EarlyHelpSpend, UnitCost
from reporting.models.exports import ExportJob, ExportStatus

__all__ = ["EarlyHelpSpend", "ExportJob", "ExportStatus", "UnitCost"]
