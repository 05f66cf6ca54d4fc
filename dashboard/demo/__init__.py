"""Demo yearly figures the bureau records (key technologies, high-tech enterprises): `figures.csv`
here, entered through the bureau's form as on the page. A value already entered for an
(indicator, year) is left alone, so running it again changes nothing."""

import csv
from pathlib import Path

from ..forms import RecordedFigureForm
from ..models import RecordedFigure

DATA = Path(__file__).with_name("figures.csv")


def rows() -> list[dict]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed(context):
    bureau = context["users"].get("bureau")
    for row in rows():
        if RecordedFigure.objects.filter(indicator=row["指标"], year=row["年度"]).exists():
            continue
        form = RecordedFigureForm(
            {"indicator": row["指标"], "year": row["年度"], "value": row["数值"], "note": row["来源/说明"]}
        )
        if not form.is_valid():
            raise ValueError(f"dashboard/demo/figures.csv：{row} {form.errors.as_text()}")
        form.save(user=bureau)
