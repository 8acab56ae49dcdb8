"""Built-in gazetteer: states and blocs, their capitals and seats of power, their leaders.

Each entry lists the names that stand for one party. Scenario actors are linked to an entry
when any of their own names or aliases appears in it, so "the Kremlin" finds a scenario actor
called ``russia`` with no alias for the Kremlin. Officials' names are as of 2025.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    places: tuple[str, ...]
    people: tuple[str, ...]
    demonyms: tuple[str, ...] = ()


GAZETTEER: tuple[Entry, ...] = (
    Entry(
        "us",
        "United States",
        (
            "United States",
            "US",
            "U.S.",
            "USA",
            "U.S.A.",
            "America",
            "Washington",
            "White House",
            "State Department",
            "Pentagon",
            "Trump administration",
            "American administration",
        ),
        (
            "Donald Trump",
            "Trump",
            "Marco Rubio",
            "Rubio",
            "Pete Hegseth",
            "Hegseth",
            "Steve Witkoff",
            "Witkoff",
            "Keith Kellogg",
            "Kellogg",
            "Mike Waltz",
            "Waltz",
            "JD Vance",
            "J.D. Vance",
            "Vance",
            "Scott Bessent",
            "Bessent",
            "Karoline Leavitt",
            "Leavitt",
            "John Coale",
            "Coale",
            "Tammy Bruce",
            "Michael Anton",
        ),
        ("American", "U.S.", "US"),
    ),
    Entry(
        "russia",
        "Russia",
        ("Russia", "Russian Federation", "Moscow", "Kremlin", "the Kremlin"),
        (
            "Vladimir Putin",
            "Putin",
            "Dmitry Peskov",
            "Peskov",
            "Sergei Lavrov",
            "Sergey Lavrov",
            "Lavrov",
            "Yuri Ushakov",
            "Ushakov",
            "Kirill Dmitriev",
            "Dmitriev",
            "Maria Zakharova",
            "Zakharova",
            "Grigory Karasin",
            "Karasin",
            "Sergei Beseda",
            "Vladimir Medinsky",
            "Medinsky",
            "Dmitry Medvedev",
            "Medvedev",
            "Sergei Shoigu",
            "Shoigu",
            "Andrei Belousov",
            "Valery Gerasimov",
            "Gerasimov",
        ),
        ("Russian",),
    ),
    Entry(
        "ukraine",
        "Ukraine",
        ("Ukraine", "Kyiv", "Kiev"),
        (
            "Volodymyr Zelensky",
            "Volodymyr Zelenskyy",
            "Volodymyr Zelenskiy",
            "Zelensky",
            "Zelenskyy",
            "Zelenskiy",
            "Andriy Yermak",
            "Andrii Yermak",
            "Yermak",
            "Andrii Sybiha",
            "Andriy Sybiha",
            "Sybiha",
            "Rustem Umerov",
            "Umerov",
            "Denys Shmyhal",
            "Shmyhal",
            "Yulia Svyrydenko",
            "Svyrydenko",
            "Oleksandr Syrskyi",
            "Syrskyi",
            "Heorhii Tykhyi",
        ),
        ("Ukrainian",),
    ),
    Entry(
        "eu",
        "European Union",
        ("European Union", "EU", "E.U.", "Brussels", "European Commission", "European Council"),
        (
            "Ursula von der Leyen",
            "von der Leyen",
            "Kaja Kallas",
            "Kallas",
            "Antonio Costa",
            "António Costa",
        ),
        ("European",),
    ),
    Entry(
        "uk",
        "United Kingdom",
        ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain", "London", "Downing Street"),
        ("Keir Starmer", "Starmer", "David Lammy", "Lammy", "John Healey"),
        ("British",),
    ),
    Entry(
        "france",
        "France",
        ("France", "Paris", "Elysee", "Élysée"),
        ("Emmanuel Macron", "Macron", "Jean-Noel Barrot", "Jean-Noël Barrot", "Barrot"),
        ("French",),
    ),
    Entry(
        "germany",
        "Germany",
        ("Germany", "Berlin"),
        (
            "Olaf Scholz",
            "Scholz",
            "Friedrich Merz",
            "Merz",
            "Annalena Baerbock",
            "Baerbock",
            "Boris Pistorius",
            "Pistorius",
        ),
        ("German",),
    ),
    Entry(
        "nato",
        "NATO",
        ("NATO", "North Atlantic Treaty Organization", "the alliance"),
        ("Mark Rutte", "Rutte"),
        (),
    ),
    Entry(
        "un",
        "United Nations",
        ("United Nations", "UN", "U.N.", "IAEA"),
        ("Antonio Guterres", "António Guterres", "Guterres", "Rafael Grossi", "Grossi"),
        (),
    ),
    Entry("china", "China", ("China", "Beijing"), ("Xi Jinping", "Xi", "Wang Yi"), ("Chinese",)),
    Entry(
        "turkey",
        "Turkey",
        ("Turkey", "Türkiye", "Ankara"),
        ("Recep Tayyip Erdogan", "Erdogan", "Erdoğan", "Hakan Fidan", "Fidan"),
        ("Turkish",),
    ),
    Entry(
        "saudi_arabia",
        "Saudi Arabia",
        ("Saudi Arabia", "Riyadh", "Jeddah"),
        ("Mohammed bin Salman",),
        ("Saudi",),
    ),
    Entry(
        "poland",
        "Poland",
        ("Poland", "Warsaw"),
        ("Donald Tusk", "Tusk", "Radoslaw Sikorski", "Sikorski", "Andrzej Duda", "Duda"),
        ("Polish",),
    ),
    Entry(
        "hungary",
        "Hungary",
        ("Hungary", "Budapest"),
        ("Viktor Orban", "Viktor Orbán", "Orban", "Orbán"),
        ("Hungarian",),
    ),
    Entry(
        "belarus",
        "Belarus",
        ("Belarus", "Minsk"),
        ("Alexander Lukashenko", "Lukashenko"),
        ("Belarusian",),
    ),
    Entry(
        "iran", "Iran", ("Iran", "Tehran"), ("Masoud Pezeshkian", "Abbas Araghchi"), ("Iranian",)
    ),
    Entry(
        "israel",
        "Israel",
        ("Israel", "Jerusalem"),
        ("Benjamin Netanyahu", "Netanyahu"),
        ("Israeli",),
    ),
    Entry("india", "India", ("India", "New Delhi"), ("Narendra Modi", "Modi"), ("Indian",)),
)
