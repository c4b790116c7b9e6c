"""Finnish/Swedish alphabetical order (aakkostus / alfabetisering) for the roll call (MTG-1)."""

import random

from chamber.rules.collation import letters, name_key


def ordered(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    return sorted(shuffled, key=lambda n: name_key(*n))


def test_a_a_and_o_with_marks_are_letters_after_z():
    names = [("Aalto", "A"), ("Zetterberg", "A"), ("Åberg", "A"), ("Ärlig", "A"), ("Öhman", "A"),
             ("Östman", "A"), ("Ahonen", "A")]
    assert ordered(names) == [("Aalto", "A"), ("Ahonen", "A"), ("Zetterberg", "A"), ("Åberg", "A"),
                              ("Ärlig", "A"), ("Öhman", "A"), ("Östman", "A")]


def test_nordic_letters_inside_a_name_sort_after_z_too():
    names = [("Hämäläinen", "S"), ("Heikkinen", "T"), ("Hyvönen", "A"), ("Husu", "B")]
    assert ordered(names) == [("Heikkinen", "T"), ("Husu", "B"), ("Hyvönen", "A"), ("Hämäläinen", "S")]


def test_w_is_its_own_letter_after_v_as_in_the_kotus_example():
    names = [("Wirtanen", "A"), ("Varis", "A"), ("Wolf", "A"), ("Virtanen", "A"), ("Wallenberg", "A"),
             ("Voss", "A")]
    assert [n[0] for n in ordered(names)] == ["Varis", "Virtanen", "Voss", "Wallenberg", "Wirtanen", "Wolf"]


def test_u_umlaut_sorts_as_y_and_danish_letters_as_their_swedish_ones():
    assert letters("Müller") == letters("Myller")
    assert letters("Bærum") == letters("Bärum") and letters("Søren") == letters("Sören")
    names = [("Mäkinen", "J"), ("Myllymäki", "R"), ("Müller", "H"), ("Mustonen", "A")]
    assert ordered(names) == [("Mustonen", "A"), ("Müller", "H"), ("Myllymäki", "R"), ("Mäkinen", "J")]


def test_accents_decide_only_between_otherwise_equal_names():
    names = [("Hoffren", "Eino"), ("Hoffrén", "Aino"), ("Hoffren", "Aino")]
    assert ordered(names) == [("Hoffren", "Aino"), ("Hoffrén", "Aino"), ("Hoffren", "Eino")]
    assert letters("Šostakovitš") == letters("Sostakovits")


def test_surname_first_then_first_name_case_and_punctuation_ignored():
    names = [("virtanen", "Matti"), ("Virtanen", "Anna"), ("Af Forselles", "Ulla"), ("Aho-Mäki", "Pia"),
             ("Ahokas", "Lea")]
    assert ordered(names) == [("Af Forselles", "Ulla"), ("Ahokas", "Lea"), ("Aho-Mäki", "Pia"),
                              ("Virtanen", "Anna"), ("virtanen", "Matti")]
    assert name_key("Ek", "Zacharias") < name_key("Eklund", "Anna")
