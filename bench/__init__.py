"""`make bench`: the portal measured at national scale (see README › Performance)."""
