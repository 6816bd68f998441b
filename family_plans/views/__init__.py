"""Pages of the Plan and Meetings tabs, served under the case's URL."""
