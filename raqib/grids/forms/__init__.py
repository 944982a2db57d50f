"""Grid forms: the XLSForm upload and export choices (xlsform), the draft editor's forms and
preview helpers (authoring). Re-exported here."""

from .authoring import (
    AuthoringForm,
    ChoiceForm,
    ChoiceListForm,
    CriterionForm,
    GridCreateForm,
    GridSettingsForm,
    SectionForm,
    bands_format,
    bands_parse,
    preview_answers,
    preview_score_breakdown,
    preview_sections,
)
from .xlsform import ExportFormatForm, XLSFormUploadForm

__all__ = [
    "AuthoringForm",
    "ChoiceForm",
    "ChoiceListForm",
    "CriterionForm",
    "ExportFormatForm",
    "GridCreateForm",
    "GridSettingsForm",
    "SectionForm",
    "XLSFormUploadForm",
    "bands_format",
    "bands_parse",
    "preview_answers",
    "preview_score_breakdown",
    "preview_sections",
]
