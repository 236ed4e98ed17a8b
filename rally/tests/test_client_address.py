"""The client address every per-address limit uses: X-Forwarded-For counted from the right by
TRUSTED_PROXY_HOPS, so a forged header buys nothing; /metrics only for the allowed addresses."""

import pytest
from django.test import Client

from rally.clientaddr import forwarded_client


@pytest.mark.parametrize(
    "header, hops, expected",
    [
        ("9.9.9.9", 0, "10.0.0.1"),  # no proxy: the header is ignored
        ("9.9.9.9, 203.0.113.7", 1, "203.0.113.7"),  # the entry our proxy wrote, not the forged one
        ("not-an-ip, 203.0.113.7", 1, "203.0.113.7"),
        ("203.0.113.7, 198.51.100.2", 2, "203.0.113.7"),  # two proxies: CDN, then nginx
        (
            "198.51.100.2",
            2,
            "10.0.0.1",
        ),  # fewer entries than proxies: it bypassed one, use the peer
        ("garbage", 1, "10.0.0.1"),  # a malformed entry where ours should be: the peer
        ("", 1, "10.0.0.1"),
        (" 2001:db8::1 ", 1, "2001:db8::1"),
    ],
)
def test_it_counts_trusted_proxies_from_the_right(header, hops, expected):
    assert forwarded_client("10.0.0.1", header, hops) == expected


@pytest.mark.django_db
def test_metrics_answer_the_allowed_address_and_the_token_only(settings):
    settings.TRUSTED_PROXY_HOPS, settings.METRICS_ALLOWED_IPS, settings.METRICS_TOKEN = (
        1,
        ["10.1.0.0/16"],
        "s3cret",
    )
    behind_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    allowed = Client(**behind_proxy).get("/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert allowed.status_code == 200 and b"rally_loop_lag_seconds" in allowed.content
    forged = Client(**behind_proxy).get("/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3, 192.0.2.9")
    assert forged.status_code == 404
    with_token = Client(**behind_proxy).get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret")
    assert with_token.status_code == 200


@pytest.mark.django_db
def test_the_admin_lockout_counts_the_forwarded_client(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_HOPS = 1
    request = (
        Client()
        .get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
        .wsgi_request
    )
    assert get_client_ip_address(request) == "203.0.113.7"
