"""CSV and JSON exports of any catalogue search (open data), streamed row by row."""

from __future__ import annotations

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone

from projects.catalogue.csv_cells import csv_row
from projects.catalogue.params import SearchParams
from projects.catalogue.query import project_ordered
from projects.catalogue.records import CSV_FIELDS, flat_record, project_records

MAX_ROWS = 200_000


class _Echo:
    def write(self, value):
        return value


def csv_rows(records, *, extra_fields: tuple[str, ...] = (), extra=None):
    """CSV lines of public records: the catalogue export's columns (``CSV_FIELDS``), then
    ``extra_fields`` filled by ``extra(record)`` (a member's list adds its notes)."""
    writer = csv.DictWriter(_Echo(), fieldnames=(*CSV_FIELDS, *extra_fields), extrasaction="ignore")
    yield "\ufeff" + writer.writeheader()
    for record in records:
        row = flat_record(record)
        if extra is not None:
            row.update(extra(record))
        yield writer.writerow(csv_row(row))


def _json_rows(records, params):
    meta = {"query": params.q, "generated_at": timezone.now()}
    yield '{"meta": ' + json.dumps(meta, cls=DjangoJSONEncoder) + ', "results": ['
    for i, record in enumerate(records):
        yield (
            ("," if i else "")
            + "\n"
            + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
        )
    yield "\n]}\n"


def project_export(request, fmt: str):
    params = SearchParams.from_querydict(request.GET)
    records = project_records(project_ordered(params)[:MAX_ROWS])
    stamp = timezone.now().strftime("%Y%m%d")
    if fmt == "csv":
        response = StreamingHttpResponse(csv_rows(records), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = StreamingHttpResponse(
            _json_rows(records, params), content_type="application/json; charset=utf-8"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="carrefour-projets-{stamp}.{fmt}"'
    return response
