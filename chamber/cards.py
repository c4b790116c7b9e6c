"""Printable pairing cards: one card per person with a QR code of their one-time pairing link.

Printed by the secretary, handed out in the hall; scanning the code pairs the phone (`/pair`).
Both official languages are on every card; codes are in the link's fragment, so they never
reach a server log or a Referer header.
"""

from __future__ import annotations

from html import escape
from typing import Iterable

import qrcode
import qrcode.image.svg

from .rules.roster import Person, Roster


def qr_svg(text: str) -> str:
    """An inline SVG of a QR code (no style attributes, so it passes the CSP)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    return image.to_string(encoding="unicode")


def pairing_link(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/pair#{code}"


def card(person: Person, group_name: str, link: str) -> str:
    kind = {
        "member": "Valtuutettu · Ledamot",
        "substitute": f"Varavaltuutettu · Ersättare ({person.order})",
        "official": "Viranhaltija · Tjänsteinnehavare",
    }[person.kind]
    return f"""<article class="card">
  <div class="qr" role="img" aria-label="QR">{qr_svg(link)}</div>
  <div class="who">
    <h2>{escape(person.name)}</h2>
    <p>{escape(group_name)}</p>
    <p>{escape(kind)}{f" · {escape(person.seat)}" if person.seat else ""}</p>
    <p class="how">Skannaa puhelimella liittääksesi sen itsellesi. Kertakäyttöinen.<br>
    Skanna med telefonen för att koppla den till dig. Kan användas en gång.</p>
    <p class="link">{escape(link)}</p>
  </div>
</article>"""


def screen_card(title: str, how: str, link: str) -> str:
    """A card for a display's browser: the QR of its address with the display key."""
    return f"""<article class="card">
  <div class="qr" role="img" aria-label="QR">{qr_svg(link)}</div>
  <div class="who">
    <h2>{escape(title)}</h2>
    <p class="how">{escape(how)}</p>
    <p class="link">{escape(link)}</p>
  </div>
</article>"""


def display_key_page(council: str, key: str, base_url: str) -> str:
    """The hall screen's and the overlay's addresses as QR codes, to open them on the screen's
    browser (or a phone's camera) without typing the key; a renewed key needs a new print."""
    base = base_url.rstrip("/")
    body = "\n".join((
        screen_card("Salinäyttö · Salsskärm", "Avaa salinäytön selaimessa. · Öppna i salsskärmens webbläsare.",
                    f"{base}/screen?key={key}"),
        screen_card("Suoratoiston grafiikka · Livesändningens grafik",
                    "Lähetysohjelmiston selainlähteeksi. · Som webbläsarkälla i sändningsprogrammet.",
                    f"{base}/overlay?key={key}"),
    ))
    note = ("Avain on voimassa, kunnes se uusitaan; säilytä tuloste kuin avain. · "
            "Nyckeln gäller tills den förnyas; förvara utskriften som en nyckel.")
    return sheet("Näyttöavain · Skärmnyckel", council, note, body)


def cards_page(roster: Roster, people: Iterable[Person], codes: dict[str, str], base_url: str) -> str:
    groups = {g.id: g.name for g in roster.groups}
    body = "\n".join(
        card(p, groups.get(p.group or "", ""), pairing_link(base_url, codes[p.id])) for p in people
    )
    note = ("Tämä sivu loi uudet koodit: aiemmin tulostetut käyttämättömät kortit eivät enää toimi. · "
            "Sidan skapade nya koder: tidigare utskrivna oanvända kort fungerar inte längre.")
    return sheet("Liittämiskortit · Kopplingskort", roster.name, note, body)


def sheet(title: str, council: str, note: str, body: str) -> str:
    """A printable page of cards, with a heading and a note that are not printed."""
    return f"""<!doctype html>
<html lang="fi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} — {escape(council)}</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/css/cards.css">
</head>
<body>
<header class="noprint">
  <h1>{escape(title)}</h1>
  <p>{escape(council)}. {escape(note)}</p>
  <p><a href="/secretary">← Sihteeri · Sekreterare</a></p>
</header>
<main class="sheet">
{body}
</main>
</body>
</html>"""
