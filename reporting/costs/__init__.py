"""Cost-benefit: the cost of late intervention and the value of reducing it (COSTS.md)."""
