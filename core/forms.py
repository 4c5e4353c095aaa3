import re

from django import forms


class TextListField(forms.CharField):
    """A list of short texts (domains, aliases) typed one a line, or
    separated by commas, semicolons or spaces; stored as a JSON list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        return list(dict.fromkeys(item for item in re.split(r"[\s,,、;;]+", text) if item))
