"""The minutes' checking on a live server (issue 16): the chair, two checkers' phones, the
secretary and the public at once over real websockets; who may read the draft at GET
/api/minutes; the public's decisions with their appeal instructions once published; a meeting
closed to the public publishing only the items the chair released; and the record still verifying
after the checking that follows the close."""

from __future__ import annotations

import asyncio
import re

from chamber.cli import main as chamber
from chamber.rules.minutes import basis
from tests.live import Client, default_setup, running
from tests.test_attendance_live import secretary_client
from tests.test_protocol import chair_client

CHECKERS = ["m2", "m3"]


async def decide_and_close(chair: Client, items: tuple[int, ...] = (1,)) -> int:
    """Everyone present, the checkers announced, `items` decided without a vote, then the close;
    returns the seq of the close."""
    for cmd, args in [("open_meeting", {}), ("start_roll_call", {}),
                      *[("mark_present", {"person": f"m{n}"}) for n in range(1, 8)],
                      ("end_roll_call", {}), ("declare_quorum", {"lawful": True}),
                      ("choose_minutes_checkers", {"checkers": CHECKERS})]:
        assert (await chair.command(cmd, **args))["ok"], cmd
    for item in items:
        for cmd, args in [("take_up_item", {"item": item}), ("declare_decision", {}), ("close_item", {})]:
            assert (await chair.command(cmd, **args))["ok"], (cmd, item)
    closed = await chair.command("close_meeting")
    assert closed["ok"]
    return closed["seq"]


def device_cookie(token: str) -> dict[str, str]:
    return {"Cookie": f"chamber_device={token}"}


async def test_the_checkers_approve_from_their_phones_and_the_public_reads_the_decisions(tmp_path):
    async with running(tmp_path) as server:
        tokens = {p: await server.member_token(p) for p in ("m2", "m3", "m4")}
        async with (
            await chair_client(server) as chair,
            await secretary_client(server) as secretary,
            Client.connect(server, "member", token=tokens["m2"]) as aino,
            Client.connect(server, "member", token=tokens["m3"]) as ulla,
            Client.connect(server, "public") as public,
            server.http() as http,
        ):
            await aino.until_seq(await decide_and_close(chair))
            assert aino.me["checker"] and not aino.me["approved_minutes"]
            draft = aino.view["minutes"]["basis"]
            assert draft == basis(server.council.meeting)

            # the draft: the staff and the checkers, no one else
            assert (await http.get("/api/minutes")).status_code == 403
            refused = await http.get("/api/minutes?lang=sv", headers=device_cookie(tokens["m4"]))
            assert refused.status_code == 403 and refused.json()["error"]["code"] == "minutes_not_published"
            page = await http.get("/api/minutes", headers=device_cookie(tokens["m2"]))
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
            final = await server.council.log.hash_at(server.council.engine.meeting_id, draft)
            assert final in page.text  # the hash of the event the draft is drawn from
            staff = await http.get("/api/minutes?lang=both&format=pdf",
                                   headers={"Cookie": f"chamber_session={await server.session_cookie('secretary')}"})
            assert staff.status_code == 200 and staff.content.startswith(b"%PDF-")
            for bad in ("lang=de", "format=docx"):
                r = await http.get(f"/api/minutes?{bad}", headers=device_cookie(tokens["m2"]))
                assert r.status_code == 400 and r.json()["error"]["params"]["field"] == bad.split("=")[0]

            # approvals from both phones, then the publication
            publish = await secretary.command("publish_minutes")
            assert publish["error"]["code"] == "minutes_not_approved"
            assert (await aino.command("approve_minutes", basis=draft))["ok"]
            stale = await ulla.command("approve_minutes", basis=draft - 1)
            assert stale["error"]["code"] == "minutes_changed"
            assert (await ulla.command("approve_minutes", basis=draft))["ok"]
            reply = await secretary.command("publish_minutes")
            assert reply["ok"]
            await public.until_seq(reply["seq"])
            published = public.view["published"]
            assert [d["number"] for d in published["items"]] == [1]
            assert published["items"][0]["appeal"] == "municipal_appeal"
            assert published["items"][0]["text"]["fi"] == "Valtuusto hyväksyi yksimielisesti: Pohjaehdotus."
            [way] = published["appeal"]
            assert way["items"] == [1] and "kunnallisvalituksella" in way["text"]["fi"][0]
            assert "kommunalbesvär" in way["text"]["sv"][0] and "municipal appeal" in way["text"]["en"][0]

            # once published, for all
            assert (await http.get("/api/minutes")).status_code == 200
            assert (await aino.command("approve_minutes", basis=draft))["error"]["code"] == "minutes_already_published"
    # the checking after the close is sealed too (the command runs its own event loop)
    assert await asyncio.to_thread(chamber, ["verify", "--data", str(tmp_path)]) == 0


async def test_a_closed_meeting_publishes_only_what_the_chair_released(tmp_path):
    async with running(tmp_path, default_setup(public=False)) as server:
        tokens = {p: await server.member_token(p) for p in CHECKERS}
        async with (
            await chair_client(server) as chair,
            await secretary_client(server) as secretary,
            Client.connect(server, "public") as public,
            server.http() as http,
        ):
            closed = await decide_and_close(chair, items=(1, 2))
            assert (await http.get("/api/summary")).status_code == 404  # nothing released yet
            assert (await chair.command("release_item", item=2))["ok"]
            summary = (await http.get("/api/summary", params={"format": "json"})).json()
            assert [d["number"] for d in summary["items"]] == [2]  # released: public at once
            for person in CHECKERS:
                async with Client.connect(server, "member", token=tokens[person]) as phone:
                    await phone.until_seq(closed)
                    assert (await phone.command("approve_minutes", basis=phone.view["minutes"]["basis"]))["ok"]
            reply = await secretary.command("publish_minutes")
            assert reply["ok"]
            await public.until_seq(reply["seq"])
            assert public.view["closed_session"] is True
            assert [d["number"] for d in public.view["published"]["items"]] == [2]
            text = (await http.get("/api/minutes")).text
            assert "Asia 2" in text and not re.search(r"Asia 1\b", text)
            full = (await http.get("/api/minutes", headers=device_cookie(tokens["m2"]))).text
            assert re.search(r"Asia 1\b", full)  # the checkers read it whole


async def test_open_data_is_served_from_the_log_and_a_closed_meeting_gives_only_what_was_released(tmp_path):
    async with running(tmp_path, default_setup(public=False)) as server:
        async with await chair_client(server) as chair, server.http() as http:
            await decide_and_close(chair, items=(1, 2))
            assert (await chair.command("release_item", item=2))["ok"]
            data = (await http.get("/api/export")).json()
            assert {e["x_chamber_item"] for e in data["events"] if "x_chamber_item" in e} == {2}
            akn = await http.get("/api/export", params={"format": "akn", "lang": "sv"})
            assert akn.headers["content-type"].startswith("application/akn+xml")
            assert b"<debate" in akn.content and "Ärende 2".encode() in akn.content
            assert "Ärende 1<".encode() not in akn.content
            http.cookies.set("chamber_session", await server.session_cookie("secretary"))
            whole = (await http.get("/api/export")).json()
            assert {e["x_chamber_item"] for e in whole["events"] if "x_chamber_item" in e} == {1, 2, 3, 4, 5}
            bad = await http.get("/api/export", params={"format": "csv"})
            assert bad.status_code == 400 and bad.json()["error"]["params"] == {"field": "format"}
