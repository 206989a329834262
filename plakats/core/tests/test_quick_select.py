"""List filters render their selects in Python with the same markup as Django's templates."""

import pytest
from django import forms

from plakats.core.tests import factory
from plakats.core.widgets import QuickSelect, use_quick_selects
from plakats.geo.models import Region

pytestmark = pytest.mark.django_db


class RegionForm(forms.Form):
    region = forms.ModelChoiceField(queryset=Region.objects.order_by("name"), required=False)
    kind = forms.ChoiceField(choices=[("school", "school"), ("hostel", "B&B <hostel>")])


def test_it_writes_the_same_html_as_djangos_select():
    latgale = factory.region("Latgales")
    factory.region("Kurzemes")
    data = {"region": str(latgale.pk), "kind": "hostel"}
    django_html = [str(field) for field in RegionForm(data)]

    form = RegionForm(data)
    use_quick_selects(form)

    assert all(isinstance(field.widget, QuickSelect) for field in form.fields.values())
    assert [str(field) for field in form] == django_html


def test_it_escapes_labels_and_marks_the_chosen_option():
    form = RegionForm({"kind": "hostel"})
    use_quick_selects(form)

    html = str(form["kind"])

    assert '<option value="hostel" selected>B&amp;B &lt;hostel&gt;</option>' in html
    assert '<option value="school">school</option>' in html
