"""Results and the anonymised report of the ping tests (kept apart from the round pages)."""

app_name = "ping_reports"

urlpatterns: list = []
