"""A full disk while an upload is received: a clear answer (507), nothing imported or audited."""

from __future__ import annotations

import errno

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client

from pcrs.core.models import AuditEvent
from pcrs.core.outage import DISK_FULL_MESSAGE
from pcrs.missions.models import Contribution


class FullDiskUploadHandler(FileUploadHandler):
    """What TemporaryFileUploadHandler meets on a full /tmp: the write raises ENOSPC."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def file_complete(self, file_size: int) -> UploadedFile | None:
        return None


def test_contributions_upload_on_a_full_disk_is_a_clear_error(settings, secretariat):
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.FullDiskUploadHandler"]
    browser = Client(raise_request_exception=False)
    browser.force_login(secretariat)
    before = (Contribution.objects.count(), AuditEvent.objects.count())

    response = browser.post(
        "/missions/contributions/upload/",
        {"file": SimpleUploadedFile("contributions.csv", b"Contributor,Mission\nBangladesh,X\n")},
    )

    assert response.status_code == 507
    body = response.content.decode()
    assert DISK_FULL_MESSAGE in body
    assert "Traceback" not in body
    assert (Contribution.objects.count(), AuditEvent.objects.count()) == before
