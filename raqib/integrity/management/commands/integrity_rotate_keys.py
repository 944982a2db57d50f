"""Re-encrypt every integrity field and file with the first key of RAQIB_INTEGRITY_KEYS.

Put the new key first, keep the old ones after it, run this command; the old keys can then be
removed from the setting (docs/integrity.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from raqib.integrity import crypto
from raqib.integrity.models import CaseEvidence, encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt integrity case fields and files with the first configured key."

    def handle(self, *args: Any, **options: Any) -> None:
        fields = 0
        with transaction.atomic():
            # Reading decrypts with any key; saving encrypts with the first. Every model of the
            # app with an encrypted field (cases, added facts, reveals, referral outcomes).
            for model, names in encrypted_fields():
                for row in model._default_manager.select_for_update().order_by("pk"):
                    row.save(update_fields=names)
                    fields += 1
        files = 0
        for evidence in CaseEvidence.objects.order_by("pk"):
            with evidence.file.open("rb") as handle:
                token = handle.read()
            rotated = crypto.rotate(token)
            storage, name = evidence.file.storage, evidence.file.name
            # Write the new token first, point the row at it, then remove the old one:
            # an interruption never loses a file.
            saved = storage.save(name, _content(rotated))
            CaseEvidence.objects.filter(pk=evidence.pk).update(file=saved)
            if saved != name:
                storage.delete(name)
            files += 1
        self.stdout.write(
            f"Re-encrypted {fields} record(s) and {files} file(s) with the first key."
        )


def _content(data: bytes) -> Any:
    from django.core.files.base import ContentFile

    return ContentFile(data)
