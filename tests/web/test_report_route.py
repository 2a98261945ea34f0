"""``GET /v1/report/{dataset}``: the board paper over HTTP, from a real ``bookcase serve`` (the session's server),
with the one error shape, and the views' privacy rule (seed 002: York's Integrated Commissioning Group is not a
public forum, so a request without a viewer's key sees no trace of it once keys are set)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

SECTIONS = ["bookcase", "findings", "gaps", "duplicates", "funding", "maturity", "about"]


def test_served_paper_has_every_section(server: str) -> None:
    answer = httpx.get(f"{server}/v1/report/york", params={"as_of": "2015-06-01"}, timeout=120)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert re.findall(r'<section id="([a-z-]+)"', answer.text) == SECTIONS
    assert "1 June 2015" in answer.text and "<script" not in answer.text


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/v1/report/yrok", 404, "unknown-dataset"),
    ("/v1/report/york?as_of=2016-02-30", 422, "invalid-parameters"),
    ("/v1/report/york?as_of=yesterday", 422, "invalid-parameters"),
])
def test_errors_have_the_one_shape(server: str, path: str, status: int, code: str) -> None:
    answer = httpx.get(f"{server}{path}", timeout=60)
    assert answer.status_code == status
    body = answer.json()
    assert set(body) == {"status", "code", "message", "details"} and body["code"] == code
    assert "Traceback" not in answer.text


def test_privacy_as_for_the_views(private: Any) -> None:
    client, key = private
    anonymous = client.get("/v1/report/york")
    assert anonymous.status_code == 200
    assert "Integrated Commissioning Group" not in anonymous.text and "node:icg" not in anonymous.text
    assert "Made from the public partnership" in anonymous.text
    viewer = client.get("/v1/report/york", headers={"X-API-Key": key})
    assert "Integrated Commissioning Group" in viewer.text and "Contains bodies that are not public" in viewer.text
