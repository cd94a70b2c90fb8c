"""The box at the top of a form that failed to submit: how many problems, each a link to its field.

A keyboard or screen-reader user lands on it (``static/enlace/forms.js`` gives it the focus) and
reaches a field in error by following its link, instead of hunting through the form. Every form
rendered by Enlace's renderer (``components/form.html``) shows one; a page that puts several forms
or formsets in one ``<form>`` shows one for all of them with ``{% error_summary form formset … %}``.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    label: str = ""
    # The id of the control the link moves to; blank for a problem of the whole form.
    target: str = ""


def field_target(field: forms.BoundField) -> str:
    """The id of the control a link to the field focuses: for a list of choices, its first choice."""
    if field.id_for_label:
        return field.id_for_label
    choices = field.subwidgets
    if choices and choices[0].id_for_label:
        return choices[0].id_for_label
    return field.auto_id or ""


def form_problems(form: forms.BaseForm) -> list[Problem]:
    problems = [Problem(str(message)) for message in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        message = " ".join(str(error) for error in field.errors)
        if field.is_hidden:
            problems.append(Problem(message))
        else:
            problems.append(Problem(message, label=str(field.label or field.name), target=field_target(field)))
    return problems


def problems_of(*forms_and_formsets: forms.BaseForm | forms.BaseFormSet | None) -> list[Problem]:
    """The problems of forms and formsets, in the order they show on the page (a formset's own problems first)."""
    problems: list[Problem] = []
    for item in forms_and_formsets:
        if item is None or not item.is_bound:
            continue
        if isinstance(item, forms.BaseFormSet):
            problems += [Problem(str(message)) for message in item.non_form_errors()]
            members: Iterable[forms.BaseForm] = item.forms
        else:
            members = [item]
        for form in members:
            problems += form_problems(form)
    return problems


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms_and_formsets: forms.BaseForm | forms.BaseFormSet | None) -> dict:
    problems = problems_of(*forms_and_formsets)
    # Ids unique on a page with several forms: named after the first problem's field, else the first form's prefix.
    first = next((problem.target for problem in problems if problem.target), "")
    prefix = next((item.prefix for item in forms_and_formsets if item is not None and item.prefix), "")
    return {"problems": problems, "summary_id": f"error-summary-{first or prefix or 'form'}"}
