from __future__ import annotations

from typing import Any

import filetype
from django import forms
from django.utils.translation import gettext_lazy as _

from ..xlsform.importer import MAX_BYTES

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSForm workbook (.xlsx)"),
        help_text=_("At most 5 MB. Sheets: survey, choices, settings."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_MIME}),
    )
    preview = forms.BooleanField(
        label=_("Preview only (create nothing)"), required=False, initial=True
    )
    publish = forms.BooleanField(label=_("Publish the new version at once"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        head = upload.read(2048)
        upload.seek(0)
        kind = filetype.guess(head)
        # An .xlsx is a zip archive; filetype may name it zip or xlsx depending on its layout.
        if kind is None or kind.mime not in (XLSX_MIME, "application/zip"):
            raise forms.ValidationError(_("The file is not an Excel workbook (.xlsx)."))
        return upload


class ExportFormatForm(forms.Form):
    format = forms.ChoiceField(choices=[("xlsform", "XLSForm"), ("xform", "XForm")], required=False)
