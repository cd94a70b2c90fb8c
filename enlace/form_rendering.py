"""Forms render with Bootstrap classes, errors next to their field, and ARIA links (Django's)."""

from django.forms import CheckboxSelectMultiple, RadioSelect
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


class StyledBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.form.is_bound and self.form.errors:
            # The error summary of a form that failed takes the focus, not the field a blank form offers first.
            # (False, not removed: it overrides the widget's own attribute, and Django leaves a False attribute out.)
            attrs["autofocus"] = False
        kind = getattr(widget, "input_type", None)
        if isinstance(widget, RadioSelect | CheckboxSelectMultiple):
            # Lists of choices keep Django's own markup (each input inside its label).
            return attrs
        if kind in ("checkbox", "radio"):
            css = "form-check-input"
        elif kind == "select" or widget.__class__.__name__.endswith("Select"):
            css = "form-select"
        else:
            css = "form-control"
        if self.errors:
            css += " is-invalid"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        return attrs


class EnlaceFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
    bound_field_class = StyledBoundField
