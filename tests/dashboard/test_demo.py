import pytest

from dashboard.models import RecordedFigure

pytestmark = pytest.mark.django_db


def test_demo_figures_are_seeded_once():
    from dashboard import demo

    demo.seed({"users": {}})
    demo.seed({"users": {}})
    assert RecordedFigure.objects.count() == len(demo.rows())
