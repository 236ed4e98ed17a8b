"""The client address every per-address limit uses: X-Forwarded-For read only from a peer in
TRUSTED_PROXIES, from the right past our proxies, so a forged header buys nothing; /metrics only
for the allowed addresses."""

import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from rally.clientaddr import forwarded_client, trusted_networks

NGINX = "10.0.0.1"
PROXIES = (ipaddress.ip_network(NGINX), ipaddress.ip_network("192.168.5.0/24"))


@pytest.mark.parametrize(
    "peer, header, expected",
    [
        ("203.0.113.9", "9.9.9.9", "203.0.113.9"),  # straight to the node: the header is ignored
        ("203.0.113.9", "10.1.2.3, 9.9.9.9", "203.0.113.9"),
        (
            NGINX,
            "9.9.9.9, 203.0.113.7",
            "203.0.113.7",
        ),  # the entry our proxy wrote, not the forged one
        (NGINX, "not-an-ip, 203.0.113.7", "203.0.113.7"),
        (NGINX, "203.0.113.7, 192.168.5.20", "203.0.113.7"),  # two proxies of ours: LB, then nginx
        (NGINX, "192.168.5.20", NGINX),  # only our own proxies: the request began at one of them
        (NGINX, "garbage", NGINX),  # a malformed entry where a proxy's should be: the peer
        (NGINX, "", NGINX),
        (NGINX, " 2001:db8::1 ", "2001:db8::1"),
        ("unknown", "203.0.113.7", "unknown"),
    ],
)
def test_the_header_counts_only_from_a_trusted_proxy_and_from_the_right(peer, header, expected):
    assert forwarded_client(peer, header, PROXIES) == expected


def test_no_trusted_proxy_ignores_the_header():
    assert forwarded_client(NGINX, "203.0.113.7", ()) == NGINX


def test_a_bad_trusted_proxy_stops_the_site_with_its_reason():
    with pytest.raises(ImproperlyConfigured, match=r"TRUSTED_PROXIES.*nginx"):
        trusted_networks(("127.0.0.1", "nginx"))


@pytest.mark.django_db
def test_metrics_answer_the_allowed_address_and_the_token_only(settings):
    settings.TRUSTED_PROXIES, settings.METRICS_ALLOWED_IPS, settings.METRICS_TOKEN = (
        ["127.0.0.1"],
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
    straight = Client(REMOTE_ADDR="192.0.2.9").get("/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert straight.status_code == 404, "a forged header straight to the node buys nothing"


@pytest.mark.django_db
def test_the_admin_lockout_counts_the_forwarded_client(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    forged = "1.1.1.1, 203.0.113.7"
    request = Client().get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forged)
    assert get_client_ip_address(request.wsgi_request) == "203.0.113.7"
    request = Client().get("/healthz", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR=forged)
    assert get_client_ip_address(request.wsgi_request) == "192.0.2.9"
