"""Every client mistake is a 4xx with the one error body, never a 500 or an HTML page."""

import pytest

from plakats.core.tests import factory


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    return body


@pytest.mark.django_db
def test_it_answers_malformed_json_with_400(api_for):
    api = api_for("admin")
    response = api.client.post(
        "/api/v1/partners", data="{name:", content_type="application/json", headers=api.headers
    )
    _error(response, 400, "bad_request")


@pytest.mark.django_db
def test_it_names_the_bad_query_parameter(api_for):
    body = _error(
        api_for("viewer").get("/api/v1/placements", {"region": "Latgale"}), 422, "invalid"
    )
    assert list(body["fields"]) == ["region"]


@pytest.mark.django_db
def test_it_refuses_an_ordering_not_in_the_list(api_for):
    response = api_for("viewer").get("/api/v1/venues", {"ordering": "notes"})
    body = _error(response, 422, "invalid")
    assert body["fields"]["ordering"] == ["Order by one of: id, kind, name, updated."]


@pytest.mark.django_db
def test_it_refuses_a_forged_cursor(api_for):
    _error(api_for("viewer").get("/api/v1/venues", {"cursor": "bm90IGpzb24"}), 422, "invalid")


@pytest.mark.django_db
def test_it_answers_a_missing_object_with_404(api_for):
    _error(api_for("viewer").get("/api/v1/venues/2147483647"), 404, "not_found")


@pytest.mark.django_db
def test_it_gives_the_forms_field_errors(api_for):
    """The campaign form's rule, not a copy of it: an end before the start."""
    body = {"name": "Backwards", "starts_on": "2015-05-01", "ends_on": "2015-04-01"}
    error = _error(api_for("coordinator").post("/api/v1/campaigns", body), 422, "invalid")
    assert error["fields"] == {"ends_on": ["A campaign cannot end before it starts."]}


@pytest.mark.django_db
def test_it_answers_a_refused_transition_with_409(api_for):
    placement = factory.make_placement()
    body = {"axis": "display", "new": "displayed"}
    response = api_for("coordinator").post(f"/api/v1/placements/{placement.pk}/status", body)
    error = _error(response, 409, "refused")
    assert error["message"] == (
        f"{placement.code} is not delivered yet, so it cannot be marked as displayed."
    )
