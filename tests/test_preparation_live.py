"""Preparing the meeting over the real server: a roster file read over HTTP, previewed and sent as
one command; corrections reach every screen and the corrected member's phone; refusals come in
the secretary's language and change nothing."""

from __future__ import annotations

from pathlib import Path

from tests.live import Client
from tests.test_attendance_live import secretary_client

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


async def test_a_roster_file_is_read_then_replaces_the_roster_on_every_screen(server):
    cookie = f"chamber_session={await server.session_cookie('secretary')}"
    key = await server.display_key()
    async with server.http() as http:
        r = await http.post("/api/roster-file?name=roster.csv", content=(EXAMPLES / "roster.csv").read_bytes())
        assert r.status_code == 401  # not signed in: nothing read
        r = await http.post("/api/roster-file?name=roster.csv&lang=sv", headers={"Cookie": cookie},
                            content="name,X\nid,first,last,group,group_name\nm1,Anna,,a,A\n".encode())
        assert r.status_code == 400
        assert r.json()["error"]["message"].startswith("Förteckningsfilen kunde inte användas: roster.csv line 3")
        assert "Fältet efternamn är obligatoriskt." in r.json()["error"]["message"]
        r = await http.post("/api/roster-file?name=roster.csv", headers={"Cookie": cookie},
                            content=(EXAMPLES / "roster.csv").read_bytes())
        assert r.status_code == 200
        roster = r.json()["roster"]
    assert server.council.meeting.roster.name == "Testby"  # reading a file changes nothing

    async with (
        await secretary_client(server) as secretary,
        Client.connect(server, "display", key=key) as screen,
    ):
        reply = await secretary.command("replace_roster", roster=roster)
        assert reply["ok"], reply
        await screen.until_seq(reply["seq"])
        assert screen.view["seats"] == roster["seats"] == 13
        assert [p["id"] for p in screen.view["people"]] == [p["id"] for p in roster["people"]]
        assert screen.view["meeting"]["council"] == roster["name"]


async def test_a_correction_reaches_the_phone_and_a_refusal_changes_nothing(server):
    token = await server.member_token("m3")
    async with (
        await secretary_client(server) as secretary,
        Client.connect(server, "member", token=token) as m3,
    ):
        await m3.until_seq(server.council.meeting.seq)
        person = {**server.council.meeting.roster.person("m3").to_dict(), "first": "Oikea"}
        reply = await secretary.command("change_person", person=person)
        assert reply["ok"], reply
        await m3.until_seq(reply["seq"])
        assert m3.me["person"]["first"] == "Oikea"
        assert next(p for p in m3.view["people"] if p["id"] == "m3")["first"] == "Oikea"

        seq = server.council.meeting.seq
        reply = await secretary.command("add_person",
                                        person={"id": "x1", "first": "Uusi", "last": "Jäsen", "group": "a"})
        assert reply["ok"] is False
        assert reply["error"]["code"] == "roster_too_few_seats"
        assert server.council.meeting.seq == seq

        reply = await secretary.command("save_item", number=6, title={"fi": "Lisäasia", "sv": "Tilläggsärende"},
                                        attachments=[{"title": "Liite", "url": "https://example.fi/a.pdf"}])
        await m3.until_seq(reply["seq"])
        assert m3.view["agenda"][-1]["title"] == {"fi": "Lisäasia", "sv": "Tilläggsärende"}
        assert m3.view["agenda"][-1]["attachments"] == [{"title": "Liite", "url": "https://example.fi/a.pdf"}]
