"""The speaking queue over real websockets: the chair, the hall screen and each phone agree."""

import asyncio

from chamber.council import MeetingSetup
from chamber.demo_data import demo_agenda, demo_roster
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
