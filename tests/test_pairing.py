"""Pairing phones by one-time code, revoking devices, and the consoles' sign-in."""

import json

import pytest
import websockets

from tests.live import PASSWORDS, Client
from tests.test_protocol import refused


async def cards_codes(http, server, query=""):
    await http.post("/api/login", json={"role": "secretary", "password": PASSWORDS["secretary"]})
    page = await http.get(f"/secretary/cards{query}")
    assert page.status_code == 200
    return page.text


async def test_a_card_pairs_a_phone_once(server):
    async with server.http() as secretary, server.http() as phone, server.http() as other:
        page = await cards_codes(secretary, server, "?person=m3")
        assert page.count('class="card"') == 1 and "<svg" in page and "Member3 Surname3" in page
        code = page.split("/pair#", 1)[1].split("<", 1)[0]
        r = await phone.post("/api/pair", json={"code": code})
        assert r.status_code == 200 and r.json()["person"]["id"] == "m3"
        token = r.cookies["chamber_device"]
        assert len(token) >= 22  # at least 128 random bits
        assert "httponly" in r.headers["set-cookie"].lower()
        again = await other.post("/api/pair", json={"code": code})
        assert again.status_code == 400 and again.json()["error"]["code"] == "pairing_code_used"
    async with Client.connect(server, "member", cookie=f"chamber_device={token}") as member:
        assert member.me["person"]["id"] == "m3"


async def test_reissued_cards_make_the_old_codes_invalid(server):
    async with server.http() as secretary, server.http() as phone:
        old = (await cards_codes(secretary, server, "?group=a")).split("/pair#", 1)[1].split("<", 1)[0]
        await secretary.get("/secretary/cards?group=a")
        r = await phone.post("/api/pair", json={"code": old}, headers={"accept-language": "sv"})
        assert r.json()["error"] == {"code": "pairing_code_invalid", "params": {},
                                     "message": "Kopplingskoden är ogiltig. Be sekreteraren om ett nytt kort."}


@pytest.mark.parametrize("body", [{"code": "made-up"}, {"code": ""}, {"code": 5}, {}, []])
async def test_a_bad_code_pairs_nothing(server, body):
    async with server.http() as phone:
        r = await phone.post("/api/pair", json=body)
        assert r.status_code == 400 and r.json()["error"]["code"] == "pairing_code_invalid"
    assert await server.council.access.devices() == []


async def test_the_secretary_revokes_a_device_and_its_connection_closes(server):
    token = await server.member_token("m5")
    async with server.http() as secretary:
        await cards_codes(secretary, server, "?person=m2")
        async with Client.connect(server, "member", token=token) as member:
            devices = (await secretary.get("/api/devices")).json()["devices"]
            assert [(d["person"], d["name"], d["revoked"]) for d in devices] == [("m5", "Member5 Surname5", None)]
            r = await secretary.post(f"/api/devices/{devices[0]['id']}/revoke")
            assert r.json() == {"ok": True}
            with pytest.raises(websockets.ConnectionClosed) as closed:
                while True:
                    await member.receive()
            assert closed.value.rcvd.code == 4003
        assert (await secretary.post(f"/api/devices/{devices[0]['id']}/revoke")).status_code == 404
        assert (await secretary.post("/api/devices/nine/revoke")).status_code == 404
    assert await refused(server, {"type": "hello", "as": "member", "token": token}) == (4003, "device_revoked")


async def test_only_the_secretary_sees_cards_and_devices(server):
    async with server.http() as anyone:
        assert (await anyone.get("/secretary/cards")).status_code == 303
        assert (await anyone.get("/api/devices")).status_code == 401
        assert (await anyone.post("/api/devices/1/revoke")).status_code == 401
        await anyone.post("/api/login", json={"role": "chair", "password": PASSWORDS["chair"]})
        assert (await anyone.get("/api/devices")).status_code == 401
        assert (await anyone.get("/chair")).status_code == 200
        assert (await anyone.get("/secretary")).status_code == 303


async def test_sign_in_refuses_wrong_passwords_and_slows_guessing(server):
    async with server.http() as guesser:
        r = await guesser.post("/api/login", json={"role": "chair", "password": "guess"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "wrong_password"
        assert (await guesser.post("/api/login", json={"role": "mayor", "password": "x"})).status_code == 400
        assert (await guesser.post("/api/login", content=b"{not json")).status_code == 400
        for _ in range(10):
            await guesser.post("/api/login", json={"role": "chair", "password": "guess"})
        r = await guesser.post("/api/login", json={"role": "chair", "password": PASSWORDS["chair"]})
        assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_attempts"


async def test_signing_out_ends_the_session(server):
    async with server.http() as chair:
        await chair.post("/api/login", json={"role": "chair", "password": PASSWORDS["chair"]})
        assert (await chair.get("/chair")).status_code == 200
        await chair.post("/api/logout")
        assert (await chair.get("/chair")).status_code == 303


async def test_pages_carry_a_content_security_policy_without_eval(server):
    async with server.http() as http:
        r = await http.get("/healthz")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-eval" not in csp and "unsafe-inline" not in csp
        assert json.loads(r.text)["ok"] is True


async def test_the_display_key_prints_as_qr_codes_for_the_secretary_only(server):
    key = await server.display_key()
    async with server.http() as http:
        assert (await http.get("/secretary/display-key")).status_code == 303
        await http.post("/api/login", json={"role": "chair", "password": PASSWORDS["chair"]})
        assert (await http.get("/secretary/display-key")).status_code == 303  # the chair neither
        await http.post("/api/login", json={"role": "secretary", "password": PASSWORDS["secretary"]})
        page = await http.get("/secretary/display-key")
        assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
        assert f"{server.base}/screen?key={key}" in page.text and f"{server.base}/overlay?key={key}" in page.text
        assert page.text.count("<svg") == 2 and "Salinäyttö · Salsskärm" in page.text
        renewed = (await http.post("/api/display-key/renew")).json()["key"]
        again = (await http.get("/secretary/display-key")).text
        assert f"key={renewed}" in again and f"key={key}" not in again  # a renewed key, a new print
