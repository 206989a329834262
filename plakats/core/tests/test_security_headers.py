"""Every page carries a strict Content-Security-Policy and the other protective headers."""

from django.urls import reverse


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_it_sends_a_strict_content_security_policy(client_for):
    response = client_for("viewer").get(reverse("venues:venue_list"))

    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_it_sends_the_policy_on_the_login_page_too(client):
    response = client.get(reverse("login"))

    assert _directives(response)["script-src"] == ["'self'"]


def test_it_forbids_framing_and_sniffing_and_limits_the_referrer(client):
    response = client.get(reverse("login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_it_switches_off_htmx_inline_indicator_styles(client_for):
    response = client_for("viewer").get(reverse("home"))

    assert '"includeIndicatorStyles": false' in response.content.decode()


def test_it_has_no_inline_script_or_style_in_the_layout(client_for):
    html = client_for("coordinator").get(reverse("venues:venue_list")).content.decode()

    assert "<script>" not in html
    assert "<style" not in html
    assert ' style="' not in html
