"""The scorecard: measures (SQL aggregates per month and scope), rollups into
snapshots, and reading snapshots back for any period and scope."""
