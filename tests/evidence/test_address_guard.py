"""The fetcher's address guard: only the public internet, whatever form an internal address takes."""

from __future__ import annotations

import socket

import pytest

from factcheck import fetch


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "10.255.255.255",
        "172.16.0.1",
        "172.31.255.254",
        "192.168.0.1",
        "127.0.0.1",
        "127.8.9.10",
        "0.0.0.0",
        "169.254.169.254",  # cloud metadata
        "169.254.1.1",
        "100.64.0.1",  # CGNAT
        "100.100.100.200",  # Alibaba Cloud's metadata, inside CGNAT
        "224.0.0.1",  # multicast
        "224.0.1.1",  # multicast that ipaddress calls global
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "192.0.2.10",  # documentation
        "198.18.0.1",  # benchmarking
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "fd00:ec2::254",  # AWS metadata over IPv6
        "ff02::1",  # multicast
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2001:db8::1",  # documentation
    ],
)
def test_internal_addresses_are_refused(address):
    assert not fetch.is_public_address(address)
    assert not fetch.address_allowed(address, 80)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert fetch.is_public_address(address)
    assert fetch.address_allowed(address, 443)


def test_the_seam_allows_one_loopback_port_only():
    allow = fetch.normalise_allow([("127.0.0.1", 8123)])

    assert fetch.address_allowed("127.0.0.1", 8123, allow)
    assert not fetch.address_allowed("127.0.0.1", 8124, allow)
    assert not fetch.address_allowed("127.0.0.2", 8123, allow)
    assert not fetch.address_allowed("::ffff:127.0.0.1", 8124, allow)


@pytest.mark.parametrize(
    "entry", [("10.0.0.1", 80), ("169.254.169.254", 80), ("192.168.0.0", 443), ("8.8.8.8", 53), ("127.0.0.1", 0)]
)
def test_the_seam_cannot_open_a_network_or_the_metadata_service(entry):
    with pytest.raises(ValueError, match="loopback"):
        fetch.normalise_allow([entry])


def test_a_name_that_also_points_inside_is_refused_whole(monkeypatch, connections):
    def getaddrinfo(host, port, *args, **kwargs):
        assert host == "mixed.example"
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    with pytest.raises(fetch.FetchRefused) as refused:
        fetch.fetch("http://mixed.example/")

    assert refused.value.code == "address_not_allowed"
    assert "10.0.0.5" in refused.value.detail
    assert connections == []  # not even the public address was tried


def test_numeric_host_spellings_are_judged_by_the_address_they_resolve_to(monkeypatch, connections):
    # 2130706433 and 0x7f.1 are 127.0.0.1 to the resolver; the guard looks at what it answers.
    real = socket.getaddrinfo

    def numeric_only(host, port, *args, **kwargs):  # never a DNS query, whatever the C library thinks
        return real(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)

    monkeypatch.setattr(socket, "getaddrinfo", numeric_only)
    for url in ("http://2130706433/", "http://0x7f.1/", "http://[::ffff:7f00:1]/", "http://127.1/"):
        with pytest.raises(fetch.FetchRefused) as refused:
            fetch.fetch(url)
        assert refused.value.code == "address_not_allowed", url
    assert connections == []


def test_a_settings_entry_beyond_loopback_fails_the_system_check(settings):
    from factcheck.evidence.apps import check_allowed_addresses

    settings.EVIDENCE_ALLOWED_ADDRESSES = [("127.0.0.1", 8000)]
    assert check_allowed_addresses() == []

    settings.EVIDENCE_ALLOWED_ADDRESSES = [("10.0.0.0", 80)]
    assert [error.id for error in check_allowed_addresses()] == ["evidence.E001"]
