"""The speaking queue over real websockets: the chair, the hall screen and each phone agree."""

import asyncio
import json
from pathlib import Path

from chamber import demo_data
from chamber.council import MeetingSetup
from chamber.demo_data import demo_agenda, demo_roster
from chamber.rules.roster import Roster
from chamber.rules.ruleset import RuleSet
from tests.live import Client, running
from tests.test_protocol import chair_client

ROSTER = demo_roster()


async def test_chair_screen_and_phones_see_one_lawful_order(tmp_path):
    setup = MeetingSetup({"fi": "Kokous", "sv": "Sammanträde"}, ROSTER, demo_agenda(), "2026-11-23")
    group_chairs = {p.group: p.id for p in ROSTER.people if "group_chair" in p.roles}
    speakers = ["m10", "m11", "m12"]
    async with running(tmp_path / "data", setup) as server:
        phones = {}
        async with await chair_client(server) as chair, \
                Client.connect(server, "display", key=await server.display_key()) as screen:
            for person in {*group_chairs.values(), *speakers, "m20"}:
                phones[person] = Client.connect(server, "member", token=await server.member_token(person))
            entered = {p: await c.__aenter__() for p, c in phones.items()}
            try:
                await chair.command("open_meeting")
                await chair.command("start_roll_call")
                await asyncio.gather(*(c.command("confirm_presence") for c in entered.values()))
                await chair.command("end_roll_call")
                await chair.command("take_up_item", item=4)
                assert (await chair.command("open_discussion", group_round=True))["ok"]
                # Ordinary speeches asked first, group addresses after: the group round still goes first.
                for person in speakers:
                    assert (await entered[person].command("request_floor", kind="speech"))["ok"]
                for person in group_chairs.values():
                    assert (await entered[person].command("request_floor", kind="group_address"))["ok"]
                reply = await entered["m20"].command("request_floor", kind="point_of_order")
                assert reply["ok"]
                for client in (chair, screen, *entered.values()):
                    await client.until_seq(reply["seq"])

                order = [(w["person"], w["kind"]) for w in chair.view["floor"]["waiting"]]
                assert order == [(w["person"], w["kind"]) for w in screen.view["floor"]["waiting"]]
                by_size = sorted(ROSTER.groups, key=lambda g: (-ROSTER.group_size(g.id), g.name))
                assert order[0] == ("m20", "point_of_order")  # before everything else (SQ-1)
                assert order[1:1 + len(by_size)] == [(group_chairs[g.id], "group_address") for g in by_size]
                assert order[1 + len(by_size):] == [(p, "speech") for p in speakers]
                for place, (person, kind) in enumerate(order, 1):  # "you are Nth" on every phone
                    mine = [r for r in entered[person].me["requests"] if r["kind"] == kind]
                    assert mine and mine[0]["place"] == place and mine[0]["of"] == len(order)

                # The chair gives the floor to the next: the point of order; the screen shows the speaker.
                given = await chair.command("give_floor")
                await screen.until_seq(given["seq"])
                current = screen.view["floor"]["current"]
                assert current["person"] == "m20" and current["kind"] == "point_of_order"
                assert current["limit_seconds"] == 60 and current["started_at"] > 0
                await entered[speakers[0]].until_seq(given["seq"])
                assert entered[speakers[0]].me["requests"][0]["place"] == len(by_size) + 1
            finally:
                for c in phones.values():
                    await c.__aexit__(None, None, None)


async def test_each_phone_is_offered_what_the_rules_accept_and_the_time_limit_reaches_the_screen(tmp_path):
    """`me.may_request` follows the floor on every phone, also of members who never asked (a
    speech given opens the reply); the chair's limit for the item is the next speech's."""
    setup = MeetingSetup({"fi": "Kokous", "sv": "Sammanträde"}, ROSTER, demo_agenda(), "2026-11-23")
    async with running(tmp_path / "data", setup) as server:
        async with await chair_client(server) as chair, \
                Client.connect(server, "display", key=await server.display_key()) as screen, \
                Client.connect(server, "member", token=await server.member_token("m10")) as speaker, \
                Client.connect(server, "member", token=await server.member_token("m13")) as listener, \
                Client.connect(server, "member", token=await server.member_token("m12")) as group_chair, \
                Client.connect(server, "member", token=await server.member_token("o01")) as mayor:
            phones = (speaker, listener, group_chair, mayor)
            await chair.command("open_meeting")
            await chair.command("start_roll_call")
            for phone in phones[:3]:
                assert (await phone.command("confirm_presence"))["ok"]
            await chair.command("end_roll_call")
            taken = await chair.command("take_up_item", item=4)
            await listener.until_seq(taken["seq"])
            assert listener.me["may_request"] == []  # no discussion yet
            opened = await chair.command("open_discussion", group_round=True)
            for phone in phones:
                await phone.until_seq(opened["seq"])
            assert listener.me["may_request"] == ["speech", "point_of_order", "seconding"]
            assert group_chair.me["may_request"] == ["speech", "point_of_order", "seconding", "group_address"]
            assert mayor.me["may_request"] == ["speech"]  # an official speaks, nothing else (SQ-6)

            limited = await chair.command("set_time_limit", kind="ordinary", seconds=120)
            assert limited["ok"], limited
            await screen.until_seq(limited["seq"])
            assert screen.view["floor"]["time_limits"]["ordinary"] == 120
            assert screen.view["floor"]["default_time_limits"]["ordinary"] == 300
            asked = await speaker.command("request_floor", kind="speech")
            await speaker.until_seq(asked["seq"])
            assert "speech" not in speaker.me["may_request"]  # one at a time (SQ-5)
            await chair.command("close_group_round")
            given = await chair.command("give_floor")
            assert given["ok"], given
            await screen.until_seq(given["seq"])
            assert screen.view["floor"]["current"]["limit_seconds"] == 120  # the item's limit counts down
            await listener.until_seq(given["seq"])
            assert listener.me["may_request"] == ["speech", "reply", "point_of_order", "seconding"]
            refused = await listener.command("request_floor", kind="group_address")
            assert not refused["ok"] and refused["error"]["code"] == "no_group_round"


async def test_the_lot_that_orders_groups_of_equal_size_is_shown_and_survives_a_restart(tmp_path):
    data = json.loads((Path(demo_data.__file__).parent / "roster.json").read_text(encoding="utf-8"))
    moved = next(p for p in data["people"] if p["group"] == "sdp" and not p.get("roles") and p.get("kind", "member") == "member")
    moved["group"] = "ps"  # SDP 7 and KOK 7: a tie
    roster = Roster.from_dict(data)
    setup = MeetingSetup({"fi": "Kokous", "sv": "Sammanträde"}, roster, demo_agenda(), "2026-11-23",
                         rules=RuleSet(group_size_tie_break="lot"))
    async with running(tmp_path / "data", setup) as server:
        async with await chair_client(server) as chair, \
                Client.connect(server, "display", key=await server.display_key()) as screen:
            await chair.command("open_meeting")
            await chair.command("take_up_item", item=4)
            opened = await chair.command("open_discussion", group_round=True)
            await screen.until_seq(opened["seq"])
            rnd = screen.view["floor"]["group_round"]
            [lot] = rnd["lots"]
            assert lot["tied"] == ["kok", "sdp"] and sorted(lot["order"]) == ["kok", "sdp"]
            assert [g["group"] for g in rnd["groups"]][1:3] == lot["order"]  # the round goes as drawn
    async with running(tmp_path / "data", setup) as server:  # the log replayed: the same lot, not drawn again
        async with Client.connect(server, "display", key=await server.display_key()) as screen:
            assert screen.view["floor"]["group_round"] == rnd
