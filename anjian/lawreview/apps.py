from django.apps import AppConfig


class LawReviewConfig(AppConfig):
    name = "anjian.lawreview"
    label = "lawreview"
    verbose_name = "法制审核"

    def ready(self):
        from anjian.enforcement.services.common import on_before_decision

        from .services import require_passed_review

        on_before_decision(require_passed_review)

        from anjian.enforcement.views import add_case_panel

        from .panels import case_panel

        add_case_panel(case_panel)

        from anjian.enforcement.documents import add_decision_rows

        from .services import discussion_rows

        add_decision_rows(discussion_rows)
