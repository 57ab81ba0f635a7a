"""The admin pages every model has, tested once for both apps.

A test module defines ``RECORDS`` ({model: (builder, search term, text the
list shows)}) and a class ``TestAdminPages(AdminPages)`` whose ``record_case``
is ``record_case_fixture(RECORDS)``; pytest collects the tests below there.
"""

import pytest

from tests.admin_forms import admin_url


def record_case_fixture(records: dict):
    @pytest.fixture(params=sorted(records))
    def record_case(self, request, db):
        builder, term, text = records[request.param]
        return builder(), term, text

    return record_case


class AdminPages:
    def test_changelist_lists_the_record(self, editor_client, record_case):
        record, _, text = record_case
        response = editor_client.get(admin_url(record, "changelist"))
        assert response.status_code == 200
        assert text in response.text

    def test_search_finds_the_record(self, editor_client, record_case):
        record, term, text = record_case
        response = editor_client.get(admin_url(record, "changelist"), {"q": term})
        assert response.status_code == 200
        assert text in response.text
        assert response.context["cl"].result_count == 1
        missing = editor_client.get(admin_url(record, "changelist"), {"q": "zzqx"})
        assert missing.context["cl"].result_count == 0

    def test_change_page_shows_the_record(self, editor_client, record_case):
        record, _, _ = record_case
        response = editor_client.get(admin_url(record, "change", record.pk))
        assert response.status_code == 200
        assert response.context["original"] == record
        assert str(record) in response.text

    def test_add_page_opens(self, editor_client, record_case):
        record, _, _ = record_case
        assert editor_client.get(admin_url(record, "add")).status_code == 200

    def test_history_page_lists_the_versions(self, editor_client, record_case):
        record, _, _ = record_case
        response = editor_client.get(admin_url(record, "history", record.pk))
        assert response.status_code == 200
        assert "Created" in response.text
