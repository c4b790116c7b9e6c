"""`GET /api/statistics` over a real server (issue 16): a speech given and ended over the
websockets is in the staff's figures; the public is refused; the chart is SVG."""

import asyncio
from xml.etree import ElementTree

from tests.test_attendance_live import secretary_client
from tests.test_protocol import chair_client


async def test_a_speech_ended_is_in_the_staff_statistics(server):
    async with await chair_client(server) as chair, await secretary_client(server) as secretary:
        await chair.command("open_meeting")
        for person in ("m1", "m2", "m3", "m4", "m5"):
            assert (await secretary.command("record_arrival", person=person))["ok"]
        await chair.command("take_up_item", item=1)
        await chair.command("open_discussion")
        assert (await chair.command("request_floor", kind="speech", on_behalf_of="m3"))["ok"]
        assert (await chair.command("give_floor"))["ok"]
        await asyncio.sleep(0.3)
        assert (await chair.command("end_speech"))["ok"]
        cookie = {"cookie": f"chamber_session={await server.session_cookie('secretary')}"}
        async with server.http() as http:
            r = await http.get("/api/statistics", params={"lang": "sv"}, headers=cookie)
            svg = await http.get("/api/statistics", params={"by": "member", "format": "svg"}, headers=cookie)
            bad = await http.get("/api/statistics", params={"by": "seat", "lang": "en"}, headers=cookie)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-cache"
    total = r.json()["total"]
    assert [(m["person"], m["group"], m["speeches"]) for m in total["members"]] == [("m3", "a", 1)]
    assert total["members"][0]["seconds"] >= 0.3 and total["groups"][0]["group"] == "a"
    assert total["groups"][0]["seconds"] == total["members"][0]["seconds"] == total["seconds"]
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.headers["cache-control"] == "no-cache"
    chart = ElementTree.fromstring(svg.text)
    assert chart.tag == "{http://www.w3.org/2000/svg}svg" and "Member3 Surname3" in svg.text
    assert bad.status_code == 400 and bad.json()["error"]["params"] == {"field": "by"}


async def test_the_public_gets_no_statistics(server):
    async with server.http() as http:
        r = await http.get("/api/statistics", params={"lang": "en"})
        chart = await http.get("/api/statistics", params={"format": "svg"})
    assert r.status_code == chart.status_code == 401
    assert r.json()["error"]["code"] == "sign_in_required" and r.json()["error"]["message"]
