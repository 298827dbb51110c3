"""`make bench`: the dashboards' speed at scale (see bench/__main__.py)."""
