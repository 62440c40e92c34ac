"""Where missions are: hosts per mission and rough bounding boxes per host, to check coordinates.

The bounding boxes (min longitude, min latitude, max longitude, max latitude) were computed from
the vendored Natural Earth boundaries (static/vendor/world-atlas/countries-50m.json), rounded to
0.1 degree; Somalia includes Somaliland and Cyprus the north of the island. They are only used to
tell a plausible headquarters position from a swapped or impossible one.
"""

from __future__ import annotations

# acronym -> (host as shown, ISO 3166 alpha-3 codes of the countries/territories covered)
MISSION_HOSTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "DOMREP": ("Dominican Republic", ("DOM",)),
    "IPTF": ("Bosnia and Herzegovina", ("BIH",)),
    "MICAH": ("Haiti", ("HTI",)),
    "MINUCI": ("Côte d'Ivoire", ("CIV",)),
    "MINUGUA": ("Guatemala", ("GTM",)),
    "MINUJUSTH": ("Haiti", ("HTI",)),
    "MINURCA": ("Central African Republic", ("CAF",)),
    "MINURCAT": ("Central African Republic and Chad", ("TCD", "CAF")),
    "MINURSO": ("Western Sahara", ("ESH",)),
    "MINUSCA": ("Central African Republic", ("CAF",)),
    "MINUSMA": ("Mali", ("MLI",)),
    "MINUSTAH": ("Haiti", ("HTI",)),
    "MIPONUH": ("Haiti", ("HTI",)),
    "MONUA": ("Angola", ("AGO",)),
    "MONUC": ("Democratic Republic of the Congo", ("COD",)),
    "MONUSCO": ("Democratic Republic of the Congo", ("COD",)),
    "ONUB": ("Burundi", ("BDI",)),
    "ONUC": ("Democratic Republic of the Congo", ("COD",)),
    "ONUCA": ("Central America", ("HND", "CRI", "SLV", "GTM", "NIC")),
    "ONUMOZ": ("Mozambique", ("MOZ",)),
    "ONUSAL": ("El Salvador", ("SLV",)),
    "UNAMIC": ("Cambodia", ("KHM",)),
    "UNAMID": ("Sudan (Darfur)", ("SDN",)),
    "UNAMIR": ("Rwanda", ("RWA",)),
    "UNAMSIL": ("Sierra Leone", ("SLE",)),
    "UNASOG": ("Chad (Aouzou Strip)", ("TCD", "LBY")),
    "UNAVEM": ("Angola", ("AGO",)),
    "UNAVEM I": ("Angola", ("AGO",)),
    "UNAVEM II": ("Angola", ("AGO",)),
    "UNAVEM III": ("Angola", ("AGO",)),
    "UNCPSG": ("Croatia", ("HRV",)),
    "UNCRO": ("Croatia", ("HRV",)),
    "UNDOF": ("Syrian Arab Republic (Golan)", ("SYR", "ISR")),
    "UNEF": ("Egypt (Sinai) and Gaza", ("EGY", "PSE")),
    "UNEF I": ("Egypt (Sinai) and Gaza", ("EGY", "PSE")),
    "UNEF II": ("Egypt (Sinai)", ("EGY", "PSE")),
    "UNFICYP": ("Cyprus", ("CYP",)),
    "UNFOR": ("Former Yugoslavia", ("HRV", "BIH", "MKD", "SRB")),
    "UNGCI": ("Iraq", ("IRQ",)),
    "UNGOMAP": ("Afghanistan and Pakistan", ("AFG", "PAK")),
    "UNIFIL": ("Lebanon", ("LBN",)),
    "UNIIMOG": ("Iran and Iraq", ("IRN", "IRQ")),
    "UNIKOM": ("Iraq and Kuwait", ("IRQ", "KWT")),
    "UNIPOM": ("India and Pakistan", ("IND", "PAK")),
    "UNISFA": ("Abyei (Sudan and South Sudan)", ("SDN", "SSD")),
    "UNMEE": ("Ethiopia and Eritrea", ("ERI", "ETH")),
    "UNMIBH": ("Bosnia and Herzegovina", ("BIH",)),
    "UNMIH": ("Haiti", ("HTI",)),
    "UNMIK": ("Kosovo", ("XKX",)),
    "UNMIL": ("Liberia", ("LBR",)),
    "UNMIS": ("Sudan", ("SDN", "SSD")),
    "UNMISET": ("Timor-Leste", ("TLS",)),
    "UNMISS": ("South Sudan", ("SSD",)),
    "UNMIT": ("Timor-Leste", ("TLS",)),
    "UNMOGIP": ("India and Pakistan (Jammu and Kashmir)", ("IND", "PAK")),
    "UNMOP": ("Croatia (Prevlaka peninsula)", ("HRV", "MNE")),
    "UNMOT": ("Tajikistan", ("TJK",)),
    "UNOCI": ("Côte d'Ivoire", ("CIV",)),
    "UNOGIL": ("Lebanon", ("LBN",)),
    "UNOHCI": ("Iraq", ("IRQ",)),
    "UNOMIG": ("Georgia", ("GEO",)),
    "UNOMIL": ("Liberia", ("LBR",)),
    "UNOMSIL": ("Sierra Leone", ("SLE",)),
    "UNOMUR": ("Uganda and Rwanda", ("UGA", "RWA")),
    "UNOSOM": ("Somalia", ("SOM",)),
    "UNOSOM I": ("Somalia", ("SOM",)),
    "UNOSOM II": ("Somalia", ("SOM",)),
    "UNPF": ("Former Yugoslavia", ("HRV", "BIH", "MKD", "SRB")),
    "UNPREDEP": ("North Macedonia", ("MKD",)),
    "UNPROFOR": ("Former Yugoslavia", ("HRV", "BIH", "MKD", "SRB")),
    "UNPSG": ("Croatia", ("HRV",)),
    "UNSCOB": ("Greece (Balkans)", ("GRC",)),
    "UNSF": ("West New Guinea (Indonesia)", ("IDN",)),
    "UNSMA": ("Afghanistan", ("AFG",)),
    "UNSMIH": ("Haiti", ("HTI",)),
    "UNSMIS": ("Syrian Arab Republic", ("SYR",)),
    "UNTAC": ("Cambodia", ("KHM",)),
    "UNTAES": ("Croatia (Eastern Slavonia)", ("HRV",)),
    "UNTAET": ("Timor-Leste", ("TLS",)),
    "UNTSO": ("Middle East", ("ISR", "PSE", "EGY", "JOR", "LBN", "SYR")),
    "UNYOM": ("Yemen", ("YEM",)),
    # Special political missions that appear in the UN monthly contribution reports and the
    # Geo-PKO data: not among the 81 peacekeeping operations, imported as kind "political".
    "BINUB": ("Burundi", ("BDI",)),
    "BNUB": ("Burundi", ("BDI",)),
    "UNAMA": ("Afghanistan", ("AFG",)),
    "UNAMI": ("Iraq", ("IRQ",)),
    "UNMIN": ("Nepal", ("NPL",)),
    "UNIOSIL": ("Sierra Leone", ("SLE",)),
}

# Special political missions (not among the 81 peacekeeping operations) that the UN monthly
# contribution reports and Geo-PKO list with uniformed personnel.
POLITICAL_MISSIONS: dict[str, str] = {
    "BINUB": "United Nations Integrated Office in Burundi",
    "BNUB": "United Nations Office in Burundi",
    "UNAMA": "United Nations Assistance Mission in Afghanistan",
    "UNAMI": "United Nations Assistance Mission for Iraq",
    "UNMIN": "United Nations Mission in Nepal",
    "UNIOSIL": "United Nations Integrated Office in Sierra Leone",
}

# Spellings seen in other sources -> the acronym of the mission record. Keep it explicit: an
# acronym that is neither a mission nor listed here is reported as unknown, never guessed.
MISSION_ALIASES: dict[str, str] = {
    "MONUC/MONUSCO": "MONUSCO",
    "UNAMID (AU-UN)": "UNAMID",
    "MINURCAT (CAR/Chad)": "MINURCAT",
    "UNOSOM 2": "UNOSOM II",
    "UNOSOM 1": "UNOSOM I",
    "UNAVEM 3": "UNAVEM III",
    "UNAVEM 2": "UNAVEM II",
    "UNEF 2": "UNEF II",
    "UNEF 1": "UNEF I",
}

BOUNDS: dict[str, tuple[float, float, float, float]] = {
    "AFG": (60.5, 29.4, 74.9, 38.5),
    "AGO": (11.7, -18.0, 24.0, -4.4),
    "BDI": (29.0, -4.5, 30.8, -2.3),
    "BIH": (15.7, 42.6, 19.6, 45.3),
    "CAF": (14.4, 2.3, 27.4, 11.0),
    "CIV": (-8.6, 4.4, -2.5, 10.7),
    "COD": (12.2, -13.5, 31.3, 5.3),
    "CRI": (-85.9, 8.1, -82.6, 11.2),
    "CYP": (32.3, 34.6, 34.6, 35.7),
    "DOM": (-72.0, 17.6, -68.3, 19.9),
    "EGY": (24.7, 22.0, 36.9, 31.7),
    "ERI": (36.4, 12.4, 43.1, 18.0),
    "ESH": (-17.1, 20.8, -8.7, 27.7),
    "ETH": (33.0, 3.5, 48.0, 14.9),
    "GEO": (40.0, 41.1, 46.7, 43.6),
    "GRC": (19.6, 34.9, 28.2, 41.7),
    "GTM": (-92.2, 13.7, -88.2, 17.8),
    "HND": (-89.4, 13.0, -83.2, 16.5),
    "HRV": (13.5, 42.4, 19.4, 46.5),
    "HTI": (-74.5, 18.0, -71.6, 20.1),
    "IDN": (95.2, -10.9, 141.0, 5.9),
    "IND": (68.2, 6.7, 97.3, 35.5),
    "IRN": (44.0, 25.1, 63.3, 39.8),
    "IRQ": (38.8, 29.1, 48.5, 37.4),
    "ISR": (34.2, 29.5, 35.9, 33.4),
    "JOR": (35.0, 29.2, 39.3, 33.4),
    "KHM": (102.3, 10.4, 107.6, 14.7),
    "KWT": (46.5, 28.5, 48.4, 30.1),
    "LBN": (35.1, 33.1, 36.6, 34.7),
    "LBR": (-11.5, 4.4, -7.4, 8.5),
    "LBY": (9.3, 19.5, 25.2, 33.2),
    "MKD": (20.5, 40.9, 23.0, 42.4),
    "MLI": (-12.3, 10.1, 4.2, 25.0),
    "MNE": (18.4, 41.9, 20.3, 43.5),
    "MOZ": (30.2, -26.9, 40.8, -10.5),
    "NIC": (-87.7, 10.7, -83.2, 15.0),
    "NPL": (80.1, 26.4, 88.2, 30.4),
    "PAK": (60.8, 23.8, 77.0, 37.0),
    "PSE": (34.2, 31.2, 35.6, 32.5),
    "RWA": (28.9, -2.8, 30.9, -1.1),
    "SDN": (21.8, 8.7, 38.6, 22.2),
    "SLE": (-13.3, 6.9, -10.3, 10.0),
    "SLV": (-90.1, 13.2, -87.7, 14.4),
    "SOM": (41.0, -1.7, 51.4, 12.0),
    "SRB": (18.8, 42.2, 23.0, 46.2),
    "SSD": (24.1, 3.5, 35.3, 12.2),
    "SYR": (35.8, 32.3, 42.4, 37.3),
    "TCD": (13.4, 7.5, 24.0, 23.4),
    "TJK": (67.4, 36.7, 75.1, 41.0),
    "TLS": (124.0, -9.5, 127.3, -8.1),
    "UGA": (29.6, -1.5, 35.0, 4.2),
    "XKX": (20.0, 41.9, 21.8, 43.3),
    "YEM": (42.6, 12.3, 54.5, 19.0),
}

# Degrees of slack around a bounding box: boxes are rough and HQs sit on coasts and borders.
MARGIN = 0.5


def inside_hosts(
    longitude: float, latitude: float, host_codes: tuple[str, ...] | list[str]
) -> bool:
    """True when the point falls inside (the slack-widened box of) any of the hosts."""
    for code in host_codes:
        box = BOUNDS.get(code)
        if box is None:
            continue
        min_lon, min_lat, max_lon, max_lat = box
        if (
            min_lon - MARGIN <= longitude <= max_lon + MARGIN
            and min_lat - MARGIN <= latitude <= max_lat + MARGIN
        ):
            return True
    return False


def has_bounds(host_codes: tuple[str, ...] | list[str]) -> bool:
    return any(code in BOUNDS for code in host_codes)
