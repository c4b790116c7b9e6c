"""Attendance over real websockets: roll call from phones, quorum on every screen, substitutes."""

from tests.live import Client
from tests.test_protocol import chair_client


async def secretary_client(server):
    return Client.connect(server, "secretary", cookie=f"chamber_session={await server.session_cookie('secretary')}")


async def test_roll_call_quorum_substitute_and_disqualification_reach_every_screen(server):
    # small_roster: 7 members in seats, quorum 3*present >= 2*7, so 5 are needed.
    tokens = {p: await server.member_token(p) for p in ("m2", "m3", "m4", "sa1")}
    key = await server.display_key()
    async with (
        await chair_client(server) as chair,
        await secretary_client(server) as secretary,
        Client.connect(server, "display", key=key) as screen,
        Client.connect(server, "public") as public,
        Client.connect(server, "member", token=tokens["m2"]) as m2,
        Client.connect(server, "member", token=tokens["m3"]) as m3,
        Client.connect(server, "member", token=tokens["m4"]) as m4,
        Client.connect(server, "member", token=tokens["sa1"]) as sub,
    ):
        # m5 tells ahead that they cannot come: the secretary sees whom to call.
        assert (await secretary.command("report_absence", person="m5"))["ok"]
        assert (await chair.command("open_meeting"))["ok"]
        reply = await chair.command("start_roll_call")
        await m2.until_seq(reply["seq"])
        assert m2.me["roll_call"] == {"answered": None}
        await screen.until_seq(reply["seq"])
        assert screen.view["attendance"]["roll_call"]["called"][0] == "m1"
        for phone in (m2, m3, m4):
            assert (await phone.command("confirm_presence"))["ok"]
        for person in ("m1", "m7"):
            assert (await secretary.command("mark_present", person=person))["ok"]
        reply = await chair.command("end_roll_call")
        await secretary.until_seq(reply["seq"])
        assert secretary.view["attendance"]["quorum"] == {"present": 5, "seats": 7, "needed": 5, "quorate": True}
        assert secretary.view["attendance"]["next_substitutes"]["m5"] == "sa1"
        reply = await chair.command("declare_quorum")
        for client in (screen, public, m2):
            await client.until_seq(reply["seq"])
            assert client.view["attendance"]["declaration"]["quorate"] is True

        # A departure loses the quorum: everyone sees it at once.
        reply = await secretary.command("record_departure", person="m7")
        for client in (chair, screen, public):
            await client.until_seq(reply["seq"])
            assert client.view["attendance"]["quorum"]["quorate"] is False

        # The secretary seats m5's substitute; the substitute's phone shows whose place it holds.
        reply = await secretary.command("seat_substitute", member="m5")
        assert reply["ok"]
        reply = await secretary.command("record_arrival", person="sa1")
        await sub.until_seq(reply["seq"])
        assert sub.me["sitting_for"] == "m5" and sub.me["may_act"] is True
        await screen.until_seq(reply["seq"])
        assert screen.view["attendance"]["quorum"]["quorate"] is True
        assert screen.view["attendance"]["places"]["m5"] == "sa1"

        # m3 is disqualified on item 2, from the phone; it shows on the screen, and m3 may not act.
        await chair.command("take_up_item", item=2)
        reply = await m3.command("declare_disqualification", item=2)
        assert reply["ok"]
        await screen.until_seq(reply["seq"])
        assert screen.view["attendance"]["disqualified"] == {"2": {"m3": "declared"}}
        assert "m3" not in screen.view["attendance"]["acting"]
        await m3.until_seq(reply["seq"])
        assert m3.me["may_act"] is False and m3.me["refusal"] == "disqualified"

        # Absent and replaced members cannot act; their phones say why.
        await m2.until_seq(reply["seq"])
        assert m2.me["may_act"] is True


async def test_only_the_chair_runs_the_roll_call_and_members_answer_only_for_themselves(server):
    token = await server.member_token("m2")
    async with await chair_client(server) as chair, Client.connect(server, "member", token=token) as m2:
        await chair.command("open_meeting")
        assert (await m2.command("start_roll_call"))["error"]["code"] == "not_chair"
        assert (await m2.command("confirm_presence"))["error"]["code"] == "roll_call_not_open"
        await chair.command("start_roll_call")
        assert (await m2.command("mark_present", person="m3"))["error"]["code"] == "not_staff"
        assert (await m2.command("report_absence", person="m3"))["error"]["code"] == "not_self"


async def test_the_chair_declares_a_disqualification_the_council_decided_and_ends_it(server):
    """The phone shows it and offers no requests; the substitute called for the item leaves when
    it ends, and the record keeps it with its end (for the minutes)."""
    tokens = {p: await server.member_token(p) for p in ("m3", "sa1")}
    async with (
        await chair_client(server) as chair,
        Client.connect(server, "display", key=await server.display_key()) as screen,
        Client.connect(server, "member", token=tokens["m3"]) as m3,
        Client.connect(server, "member", token=tokens["sa1"]) as sub,
    ):
        await chair.command("open_meeting")
        await chair.command("start_roll_call")
        for person in ("m1", "m2", "m4", "m5", "m6", "m7"):
            assert (await chair.command("mark_present", person=person))["ok"]
        assert (await m3.command("confirm_presence"))["ok"]
        await chair.command("end_roll_call")
        await chair.command("take_up_item", item=2)
        opened = await chair.command("open_discussion")
        await m3.until_seq(opened["seq"])
        assert m3.me["may_request"] == ["speech", "point_of_order", "seconding"]
        declared = await chair.command("declare_disqualification", person="m3", item=2, basis="council")
        assert declared["ok"], declared
        await m3.until_seq(declared["seq"])
        assert m3.me["disqualified"] is True and m3.me["may_request"] == [] and m3.me["refusal"] == "disqualified"
        refused = await m3.command("end_disqualification", item=2)  # the council decided it: not the member's
        assert refused["error"]["code"] == "not_chair"
        assert (await chair.command("seat_substitute", member="m3", item=2))["ok"]
        arrived = await chair.command("record_arrival", person="sa1")
        await sub.until_seq(arrived["seq"])
        assert sub.me["sitting_for"] == "m3" and sub.me["may_act"] is True
        ended = await chair.command("end_disqualification", person="m3", item=2)
        assert ended["ok"], ended
        for client in (screen, m3, sub):
            await client.until_seq(ended["seq"])
        assert screen.view["attendance"]["disqualified"] == {}
        [record] = screen.view["attendance"]["disqualifications"]
        assert (record["person"], record["item"], record["basis"]) == ("m3", 2, "council")
        assert record["ended_at"] is not None and record["declared_at"] <= record["ended_at"]
        assert screen.view["attendance"]["places"]["m3"] == "m3"  # the substitute left
        assert m3.me["disqualified"] is False and m3.me["may_act"] is True
        assert m3.me["may_request"] == ["speech", "point_of_order", "seconding"]
        assert sub.me["may_act"] is False
