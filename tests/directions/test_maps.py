import pytest

from directions.maps import paris_map
from sg_portal.charts import color_class, line_chart, sparkline

pytestmark = pytest.mark.django_db


def test_map_draws_the_twenty_arrondissements_inside_the_frame():
    shapes, height = paris_map(width=600)
    assert [s.number for s in shapes] == list(range(1, 21))
    assert 300 < height < 600  # Paris is wider than it is tall
    for shape in shapes:
        assert shape.path.startswith("M") and shape.path.endswith("Z")
        assert 0 <= shape.label_x <= 600 and 0 <= shape.label_y <= height
    # The 16th is west of the 20th, the 18th north of the 14th.
    by_number = {s.number: s for s in shapes}
    assert by_number[16].label_x < by_number[20].label_x
    assert by_number[18].label_y < by_number[14].label_y


def test_line_chart_places_values_and_target_and_leaves_gaps():
    chart = line_chart([10, None, 30, 20], width=100, height=50, target=25, padding=0)
    assert chart.points[0].x == 0 and chart.points[-1].x == 100
    assert chart.points[1].value is None
    assert chart.path.count("M") == 2  # a gap starts a new segment
    highest = min(p.y for p in chart.points if p.value is not None)
    assert highest == chart.points[2].y  # 30 is the top of the chart
    assert chart.target_y is not None and chart.points[2].y < chart.target_y < chart.points[3].y


def test_sparkline_of_nothing_is_nothing_and_of_a_constant_is_flat():
    assert sparkline([None, None]) is None
    flat = sparkline([5, 5, 5])
    assert len({p.y for p in flat.points}) == 1


def test_color_classes_cover_the_range():
    assert color_class(None, 0, 10) is None
    assert color_class(0, 0, 10) == 0
    assert color_class(10, 0, 10) == 4
    assert color_class(7, 7, 7) == 2


def test_arrondissements_are_labelled_the_french_way():
    from directions.models import Arrondissement

    labels = list(Arrondissement.objects.order_by("number").values_list("label", flat=True))
    assert labels[:3] == ["1er arr.", "2e arr.", "3e arr."]
    assert labels[-1] == "20e arr."
