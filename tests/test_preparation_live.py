"""Preparing the meeting over the real server: a roster or agenda file read over HTTP, previewed
and sent as one command; the council's size and corrections reach every screen and the corrected
member's phone; refusals come in the secretary's language and change nothing."""

from __future__ import annotations

import json
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
        assert r.json()["error"]["message"].startswith("Förteckningsfilen kunde inte användas: roster.csv, rad 3")
        assert "Fältet efternamn är obligatoriskt." in r.json()["error"]["message"]
        # A congress-sized roster: the console could not send it in one frame, so it is refused
        # here, in the secretary's language, rather than lost on the way.
        rows = "".join(f"d{n},Edustaja{n},Sukunimi{n},a,Ryhmä A,{'chair' if n == 0 else ''}\n" for n in range(3000))
        r = await http.post("/api/roster-file?name=congress.csv&lang=fi", headers={"Cookie": cookie},
                            content=f"name,Puoluekokous\nseats,3000\nid,first,last,group,group_name,roles\n{rows}".encode())
        assert r.status_code == 400 and r.json()["error"]["code"] == "roster_file_too_large", r.json()
        assert r.json()["error"]["message"].startswith("Nimilista on liian suuri lähetettäväksi konsolista")
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


async def test_an_agenda_file_is_read_then_replaces_the_agenda_on_every_screen(server):
    cookie = f"chamber_session={await server.session_cookie('secretary')}"
    key = await server.display_key()
    before = [i.to_dict() for i in server.council.meeting.agenda]
    async with server.http() as http:
        r = await http.post("/api/agenda-file?name=agenda.json", content=(EXAMPLES / "agenda.json").read_bytes())
        assert r.status_code == 401  # not signed in: nothing read
        broken = b'[\n  {"title": "Eka"}\n  {"title": "Toka"}\n]\n'
        for lang, expected in (("fi", "Esityslistatiedostoa ei voitu käyttää: agenda.json, rivi 3, sarake 3: "
                                      "JSON-muoto on virheellinen: tästä puuttuu pilkku"),
                               ("sv", "Föredragningslistans fil kunde inte användas: agenda.json, rad 3, kolumn 3: "
                                      "Ogiltig JSON: här saknas ett kommatecken")):
            r = await http.post(f"/api/agenda-file?name=agenda.json&lang={lang}", headers={"Cookie": cookie},
                                content=broken)
            assert r.status_code == 400 and r.json()["error"]["code"] == "agenda_file_invalid"
            assert r.json()["error"]["message"].startswith(expected), r.json()
            assert "Expecting" not in r.json()["error"]["message"]
        r = await http.post("/api/agenda-file?name=agenda.json&lang=fi", headers={"Cookie": cookie},
                            content=b'[{"title": "Eka", "base_amount": -5}]')
        assert r.json()["error"]["message"] == ("Esityslistatiedostoa ei voitu käyttää: agenda.json, rivi 1: "
                                                "Määräraha annetaan kokonaisina euroina (0 tai enemmän).")
        huge = json.dumps([{"title": f"Asia {n}", "base_proposal": "ä" * 3000} for n in range(1, 30)]).encode()
        r = await http.post("/api/agenda-file?name=agenda.json&lang=fi", headers={"Cookie": cookie}, content=huge)
        assert r.status_code == 400 and r.json()["error"]["code"] == "agenda_file_too_large"  # no frame holds it
        r = await http.post("/api/agenda-file?name=agenda.json", headers={"Cookie": cookie},
                            content=(EXAMPLES / "agenda.json").read_bytes())
        assert r.status_code == 200
        agenda = r.json()["agenda"]
    assert [i.to_dict() for i in server.council.meeting.agenda] == before  # reading a file changes nothing
    assert agenda[3]["base_amount"] == 85_000 and agenda[0]["base_amount"] is None

    async with (
        await secretary_client(server) as secretary,
        Client.connect(server, "display", key=key) as screen,
    ):
        reply = await secretary.command("replace_agenda", agenda=agenda)
        assert reply["ok"], reply
        await screen.until_seq(reply["seq"])
        assert [i["number"] for i in screen.view["agenda"]] == [1, 2, 3, 4, 5, 6]
        assert screen.view["agenda"][3]["title"]["fi"] == "Lisämääräraha paloaseman katon korjaukseen"
        assert screen.view["agenda"][3]["base_amount"] == 85_000

        seq = server.council.meeting.seq
        reply = await secretary.command("replace_agenda", agenda=[])
        assert (reply["ok"], reply["error"]["code"]) == (False, "agenda_empty")
        reply = await secretary.command("replace_agenda", agenda=[{"title": "A", "base_amount": "paljon"}])
        assert reply["error"]["code"] == "agenda_not_amount"
        assert reply["error"]["message"] == "Määräraha annetaan kokonaisina euroina (0 tai enemmän)."
        assert server.council.meeting.seq == seq


async def test_the_council_size_moves_the_quorum_on_every_screen_until_the_meeting_opens(server):
    key = await server.display_key()
    async with (
        await secretary_client(server) as secretary,
        Client.connect(server, "display", key=key) as screen,
    ):
        await screen.until_seq(server.council.meeting.seq)
        assert (screen.view["seats"], screen.view["attendance"]["quorum"]["needed"]) == (7, 5)
        reply = await secretary.command("set_seats", seats=9)
        assert reply["ok"], reply
        await screen.until_seq(reply["seq"])
        assert (screen.view["seats"], screen.view["attendance"]["quorum"]["needed"]) == (9, 6)
        reply = await secretary.command("set_seats", seats=5)
        assert reply["error"]["code"] == "roster_too_few_seats"
        assert reply["error"]["message"] == "Paikkoja on 5, mutta nimilistassa on 7 valtuutettua."
        async with Client.connect(server, "chair", cookie=f"chamber_session={await server.session_cookie('chair')}") \
                as chair:
            assert (await chair.command("open_meeting"))["ok"]
        reply = await secretary.command("set_seats", seats=8)
        assert reply["error"]["code"] == "seats_locked"
        assert server.council.meeting.roster.seats == 9
