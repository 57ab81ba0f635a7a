"""``core.citations.load_citations``: the citations of records of several
kinds, each with its publication, in one query."""

import pytest

from core.citations import load_citations
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 8])
def test_records_of_several_kinds_get_their_citations_in_one_query(
    size, django_assert_num_queries
):
    records = [
        factory()
        for factory in (
            factories.StatusChangeFactory,
            factories.MissionFactory,
            factories.PositionFactory,
            factories.DiplomaticRelationFactory,
        )
        for _ in range(size)
    ]
    uncited = factories.MissionFactory()
    expected = {
        record: [factories.cite(record), factories.cite(record)] for record in records
    }
    fresh = [type(record).objects.get(pk=record.pk) for record in records]
    uncited = type(uncited).objects.get(pk=uncited.pk)

    with django_assert_num_queries(1):
        load_citations([*fresh, None, uncited])
        for record in fresh:
            citations = list(record.citations.all())
            assert citations == expected[record]
            for citation in citations:
                assert citation.publication.title
                assert citation.record is record
        assert list(uncited.citations.all()) == []


def test_nothing_to_load_takes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        load_citations([None])
