"""Red-flag indicators (public oversight): questions a watcher may ask of a tender, computed from
its compiled OCDS release, so that anyone can recompute them from the bulk files. One module per
indicator in `indicators/`; the flags raised are stored (models) and shown on the tender page, the
API, the /oversight dashboard and its feed.
"""

# The package itself imports nothing: public.queries reads the indicators and the flags (the
# `flag=` filter), and oversight.views reads public pages; oversight.feature wires it into the app.
