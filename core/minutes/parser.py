"""One parser from cleaned text to a meeting, for every format.

Readers turn PDF, DOCX, HTML, Markdown and plain text into lines (headings marked with "#",
table rows as "cell | cell"); this module finds the meeting's head (title, date, place), the
numbered items, each item's sections, participants and afbud, and every amount in kroner.
What it is unsure of goes into `warnings` (Danish) instead of being guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from core.minutes import amounts as amount_finder
from core.minutes.dates import find_dates
from core.minutes.model import DECISION, RECOMMENDATION, Amount, Item, Meeting, Participant

# --- lines -------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.*?)\1")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


@dataclass
class Line:
    text: str  # markup removed, whitespace stripped
    heading: int  # markdown heading level, 0 for body text
    raw: str


def _line(raw: str) -> Line:
    text = raw.strip()
    level = 0
    if text.startswith("#"):
        match = _MD_HEADING.match(text)
        if match:
            level, text = len(match.group(1)), match.group(2)
    if "*" in text or "_" in text:
        text = _MD_EMPHASIS.sub(r"\2", text)
        text = _MD_EMPHASIS.sub(r"\2", text)
        if text.startswith("*") and text.endswith("*") and len(text) > 2:
            text = text.strip("*")
    if "[" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    return Line(text.strip(), level, raw)


# --- items -------------------------------------------------------------------------------

_PUNKT = re.compile(r"^(?:punkt|pkt\.?)\s*(\d{1,3})\s*[:.)–-]?\s*(.*)$", re.IGNORECASE)
_DOTTED = re.compile(r"^(\d{1,3})\.\s+(.+)$")
_DASHED = re.compile(r"^(\d{1,3})\s+[–—-]\s+(.+)$")
_GLUED = re.compile(r"^(\d{1,3})([A-ZÆØÅ][a-zæøåA-ZÆØÅ].*)$")
_SPACED = re.compile(r"^(\d{1,3})\s+(.+)$")
_TITLE_START = re.compile(r"^[A-ZÆØÅÉ\"“”»«']")
_TYPE_SUFFIX = re.compile(
    r"\s*[-–—]\s*(beslutning|drøftelse|orientering)(?:\s+(?:og|/)\s+(?:beslutning|drøftelse|orientering))*\s*$",
    re.IGNORECASE)
_TYPE_CODE = re.compile(r"\s*\(([BDO])\)\s*$")
_PARTICIPANT_TITLE = re.compile(r"^(deltagere|mødedeltagere|fremmødte|til stede|deltagerliste|tilstede)\b",
                                re.IGNORECASE)


@dataclass
class Candidate:
    index: int  # line index
    no: int
    title: str
    style: str  # punkt, dotted, dashed, glued, spaced
    caps: bool
    suffix: bool  # ends with a type suffix or code
    end: int  # index of the last line the title takes


def _candidate(lines: list[Line], i: int) -> Candidate | None:
    line = lines[i]
    text = line.text
    if not text or not text[0].isdigit() and not text[:1].lower() == "p":
        return None
    match = _PUNKT.match(text)
    style = "punkt"
    if not match:
        for name, pattern in (("dotted", _DOTTED), ("dashed", _DASHED), ("glued", _GLUED)):
            match = pattern.match(text)
            if match:
                style = name
                break
        else:
            if line.heading:
                match, style = _SPACED.match(text), "spaced"
            if not match:
                return None
        if not _TITLE_START.match(match.group(2)):
            return None
    number = int(match.group(1))
    if 1900 <= number <= 2100:
        return None
    title = match.group(2).strip()
    end = i
    title, end = _continue_title(lines, i, title)
    if style == "punkt" and not title:
        return None
    bare = _TYPE_CODE.sub("", _TYPE_SUFFIX.sub("", title))
    letters = [c for c in bare if c.isalpha()]
    caps = bool(letters) and all(c.isupper() for c in letters) and len(letters) > 3
    suffix = bool(_TYPE_SUFFIX.search(title) or _TYPE_CODE.search(title))
    return Candidate(i, number, title, style, caps, suffix, end)


def _continue_title(lines: list[Line], i: int, title: str) -> tuple[str, int]:
    """A title broken over lines: the next lines start in lower case (or, for a title in
    capitals, are in capitals too) and are not section headings."""
    end = i
    caps = title.upper() == title and any(c.isalpha() for c in title)
    taken = 0
    j = i + 1
    while j < len(lines) and taken < 4:
        nxt = lines[j]
        if not nxt.text:
            j += 1
            if j - end > 3:
                break
            continue
        if _section_name(nxt.text) or _TYPE_CODE.search(title) or _TYPE_SUFFIX.search(title):
            break
        first = nxt.text[0]
        letters = [c for c in nxt.text if c.isalpha()]
        if first.islower() and len(nxt.text) < 100 and not nxt.text.startswith(("at ", "•")):
            pass
        elif caps and letters and all(c.isupper() for c in letters) and not _candidate_head(nxt.text):
            pass
        else:
            break
        title = f"{title} {nxt.text}"
        end = j
        taken += 1
        j += 1
    return " ".join(title.split()), end


def _candidate_head(text: str) -> bool:
    return bool(_DOTTED.match(text) or _DASHED.match(text) or _PUNKT.match(text))


def _followed_by_section(lines: list[Line], cand: Candidate, limit: int = 12) -> bool:
    seen = 0
    for line in lines[cand.end + 1:]:
        if not line.text:
            continue
        if _section_name(line.text):
            return True
        seen += 1
        if seen >= limit or _candidate_head(line.text):
            return False
    return False


def _current_section(lines: list[Line], start: int, stop: int) -> str | None:
    """The last section heading between two line indexes (the section a line stands in)."""
    for line in reversed(lines[start:stop]):
        name = _section_name(line.text) if line.text else None
        if name:
            return name
    return None


def _find_items(lines: list[Line]) -> list[Candidate]:
    candidates = [c for i in range(len(lines)) if (c := _candidate(lines, i))]
    # a table of contents lists the items once more before they come: keep the later one
    keep = []
    for k, cand in enumerate(candidates):
        later = any(o.no == cand.no and o.title[:20].lower() == cand.title[:20].lower()
                    for o in candidates[k + 1:])
        if not later:
            keep.append(cand)
    accepted: list[Candidate] = []
    list_next: int | None = None
    first: Candidate | None = None
    for cand in keep:
        if cand.style == "punkt":
            accepted.append(cand)
            first = first or cand
            list_next = None
            continue
        if first is not None and first.style != "punkt":
            if cand.style != first.style or cand.caps != first.caps:
                continue
        elif first is not None and first.style == "punkt":
            continue  # "Punkt N" minutes: other numbered lines are lists
        last = accepted[-1].no if accepted else None
        if last is None:
            accepted.append(cand)
            first = cand
            continue
        in_motion = _current_section(lines, accepted[-1].end + 1, cand.index) in (RECOMMENDATION, DECISION)
        looks_like_item = (first.suffix and cand.suffix) or (not in_motion and _followed_by_section(lines, cand))
        if list_next is not None and cand.no == list_next and not looks_like_item:
            list_next += 1
        elif cand.no <= last:
            list_next = 2 if cand.no == 1 else None
        elif cand.no - last <= 30 and (not first.suffix or cand.suffix or looks_like_item
                                       or list_next is None):
            accepted.append(cand)
            list_next = None
        elif list_next is None and cand.no == 1:
            list_next = 2
    return accepted


def _item_type(title: str) -> tuple[str, str | None]:
    match = _TYPE_CODE.search(title)
    if match:
        return title[:match.start()].strip(), match.group(1)
    match = _TYPE_SUFFIX.search(title)
    if match:
        return title[:match.start()].strip(), match.group(1)[0].upper()
    return title, None


def _recase(title: str, vocabulary: Counter) -> str:
    """A title printed in capitals, in the case the document itself writes its words."""
    words = title.split(" ")
    out = []
    for k, word in enumerate(words):
        lower = word.lower()
        if k == 0:
            out.append(lower[:1].upper() + lower[1:])
            continue
        core = re.sub(r"\W", "", lower)
        capital = vocabulary.get(core[:1].upper() + core[1:], 0)
        small = vocabulary.get(core, 0)
        out.append(lower[:1].upper() + lower[1:] if capital > small else lower)
    return " ".join(out)


def _vocabulary(text: str) -> Counter:
    """How often each word is written in each case, not counting words in capitals or words
    that begin a sentence or a line."""
    counts: Counter = Counter()
    for match in re.finditer(r"(?<![.!?:\n•-] )(?<!^)(?<=\s)([A-ZÆØÅa-zæøå][a-zæøå]+)\b", text):
        counts[match.group(1)] += 1
    return counts


# --- sections ----------------------------------------------------------------------------

_SECTIONS = {
    "indstilling": RECOMMENDATION, "indstillinger": RECOMMENDATION, "forslag til beslutning": RECOMMENDATION,
    "indstilling og beslutning": RECOMMENDATION,
    "beslutning": DECISION, "beslutninger": DECISION, "konklusion": DECISION, "referat": DECISION,
    "udvalgets beslutning": DECISION, "politisk behandling": DECISION, "afgørelse": DECISION,
    "beslutning i mødet": DECISION, "protokol": DECISION, "protokollat": DECISION,
    "sagsfremstilling": "Sagsfremstilling", "sagsbeskrivelse": "Sagsfremstilling",
    "resumé": "Resumé", "resume": "Resumé", "sagens baggrund": "Baggrund",
    "baggrund for sagens fremlæggelse": "Baggrund for sagens fremlæggelse", "baggrund": "Baggrund",
    "økonomi": "Økonomi", "økonomiske konsekvenser": "Økonomi",
    "tidsplan og videre proces": "Tidsplan og videre proces", "videre proces": "Videre proces",
    "bilag": "Bilag", "kommunikation": "Kommunikation", "høring": "Høring", "lovgrundlag": "Lovgrundlag",
    "beslutningskompetence": "Beslutningskompetence",
}
_SECTION_LINE = re.compile(r"^([A-Za-zÆØÅæøåé ]{4,40}?)\s*:?\s*$")
_SECTION_WITH_TEXT = re.compile(
    r"^(indstilling|beslutning|konklusion|udvalgets beslutning|referat)\s*:\s*(\S.*)$", re.IGNORECASE)
_RECOMMENDATION_INTRO = re.compile(r"^det indstilles\s*[:,.]?\s*$", re.IGNORECASE)
_DECISION_HINT = re.compile(
    r"\b(godkendte|tog\b[^.]{0,300}?\btil efterretning|besluttede|vedtog|tiltrådte|bakkede op)\b",
    re.IGNORECASE)
_BULLET = re.compile(r"^(?:[•·▪◦○●■□➢►\-–*]|\d{1,2}[.)])\s+")


def _section_name(text: str) -> str | None:
    match = _SECTION_LINE.match(text)
    if not match:
        return None
    return _SECTIONS.get(" ".join(match.group(1).lower().split()))


def _join(lines: list[str]) -> str:
    out: list[str] = []
    for text in lines:
        if not text:
            if out and out[-1]:
                out.append("")
            continue
        out.append(text)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out).strip()


def _sections(lines: list[Line]) -> dict[str, str]:
    """Heading → text for one item's lines (the title lines excluded). Text before any heading
    is the case (Sagsfremstilling)."""
    parts: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for line in lines:
        name = _section_name(line.text) if line.text else None
        inline = None
        if not name and line.text:
            match = _SECTION_WITH_TEXT.match(line.text)
            if match:
                name, inline = _SECTIONS[" ".join(match.group(1).lower().split())], match.group(2)
        if name:
            if current and current[0] == name and not any(t for t in current[1]):
                pass  # "POLITISK BEHANDLING" then "Udvalgets beslutning:": one section
            else:
                current = (name, [])
                parts.append(current)
            if inline:
                current[1].append(inline)
            continue
        if current is None:
            if not line.text:
                continue
            current = ("Sagsfremstilling", [])
            parts.append(current)
        current[1].append(line.text)
    sections: dict[str, str] = {}
    for name, texts in parts:
        text = _join(texts)
        if name in sections and sections[name]:
            sections[name] = f"{sections[name]}\n\n{text}".strip() if text else sections[name]
        else:
            sections[name] = text
    if sections.get(RECOMMENDATION):
        first, _, rest = sections[RECOMMENDATION].partition("\n")
        if _RECOMMENDATION_INTRO.match(first.strip()):
            sections[RECOMMENDATION] = rest.strip()
    return sections


# --- participants ------------------------------------------------------------------------

_ORG_WORDS = ("kommune", "region", "hospital", "plo", "psykiatri", "udvalg", "forening", "center",
              "afdeling", "sekretariat", "klynge", "råd", "sundhedsvæsen", "kap", "praksis", "styrelse")
_ROLE_WORDS = ("formand", "borgmester", "direktør", "medlem", "chef", "konsulent", "fuldmægtig", "læge",
               "sygeplejerske", "leder", "koordinator", "sekretær", "rådmand", "tilforordnet",
               "næstformand", "medformand", "observatør", "referent", "suppleant", "overlæge")
_ABSENT = re.compile(r"\b(afbud|fraværende|forfald|meldt fra)\b", re.IGNORECASE)
_PRESENT = re.compile(r"^(deltog|til stede|tilstede|ja|fremmødt|deltager)$", re.IGNORECASE)
_REDACTED = re.compile(r"\[(?:e-mail|telefonnummer) fjernet\]")
_HEADER_CELLS = {"navn", "name", "titel", "rolle", "funktion", "organisation", "fremmøde", "deltagelse",
                 "status", "tilstede", "til stede"}
_NAME_PARTICLES = {"von", "van", "de", "la", "le", "af", "du", "der"}


def _is_name_word(word: str) -> bool:
    if word.lower() in _NAME_PARTICLES:
        return True
    if not word[:1].isupper() or word.endswith("-") or any(c.isdigit() for c in word):
        return False
    lower = word.lower()
    return not any(stem in lower for stem in _ORG_WORDS + _ROLE_WORDS)


def _name_split(part: str) -> tuple[str, str] | None:
    """(name, rest) when the part ends in a person's name of 2–5 words."""
    words = part.split()
    run = 0
    for word in reversed(words):
        if _is_name_word(word):
            run += 1
        else:
            break
    if run < 2:
        return None
    run = min(run, 4)
    name_words = words[len(words) - run:]
    while name_words and name_words[0].lower() in _NAME_PARTICLES:
        name_words = name_words[1:]
    if len(name_words) < 2:
        return None
    return " ".join(name_words), " ".join(words[:len(words) - len(name_words)])


def _participant(entry: str, absent_group: bool) -> Participant | None:
    entry = _REDACTED.sub("", entry)
    entry = _BULLET.sub("", entry.strip()).strip(" ,;")
    if not entry:
        return None
    attended = not absent_group
    is_table = "|" in entry
    extra: list[str] = []
    if is_table:
        cells = [c.strip() for c in entry.split("|") if c.strip()]
        if not cells or all(c.lower() in _HEADER_CELLS for c in cells):
            return None
        status = [c for c in cells if _PRESENT.match(c) or _ABSENT.fullmatch(c.lower())]
        for cell in status:
            attended = bool(_PRESENT.match(cell))
            cells.remove(cell)
        parts = cells
    else:
        notes = re.findall(r"\(([^)]*)\)", entry)
        entry = re.sub(r"\s*\([^)]*\)", "", entry)
        extra = []
        for note in notes:
            if _ABSENT.search(note):
                attended = False
            else:
                extra.append(note.lower() if note[:1].isupper() and " " not in note else note)
        parts = [p.strip() for p in entry.split(",") if p.strip()]
    name = None
    rest: list[str] = []
    for k, part in enumerate(parts):
        words = part.split()
        if 2 <= len(words) <= 5 and all(_is_name_word(w) for w in words):
            name, rest = part, parts[:k] + parts[k + 1:]
            break
    if name is None:
        for k, part in enumerate(parts):
            split = _name_split(part)
            if split:
                name = split[0]
                rest = parts[:k] + ([split[1]] if split[1] else []) + parts[k + 1:]
                break
    if name is None:
        return None
    organisation = None
    for part in reversed(rest):
        if any(stem in part.lower() for stem in ("kommune", "region ", "hospital", "plo", "psykiatrien",
                                                "forening", "kap")) and not any(
                stem in part.lower() for stem in _ROLE_WORDS):
            organisation = part
            rest = [p for p in rest if p is not part]
            break
    title = ", ".join(rest) or None
    if not is_table and extra:
        title = f"{title or ''} ({', '.join(extra)})".strip()
    return Participant(name=name, title=title, organisation=organisation, attended=attended)


def _participants(lines: list[str]) -> list[Participant]:
    found: list[Participant] = []
    absent = False
    texts = [t for t in lines if t]
    bulleted = sum(1 for t in texts if t.startswith(("•", "-", "–", "*", "·"))) >= max(2, len(texts) // 3)
    entries: list[tuple[str, bool]] = []
    for text in texts:
        label = text.rstrip(":").strip()
        if (text.endswith(":") and len(text) < 60) or _section_name(text) is not None:
            absent = bool(_ABSENT.search(label))
            continue
        if re.fullmatch(r"(fra|for)\s.+|sekretariat|medlemmer|formænd|gæster|øvrige", label, re.IGNORECASE):
            absent = False
            continue
        if _ABSENT.fullmatch(label.lower()):
            absent = True
            continue
        if bulleted and not text.startswith(("•", "-", "–", "*", "·")) and entries:
            entries[-1] = (f"{entries[-1][0]} {text}", entries[-1][1])
            continue
        entries.append((text, absent))
    for entry, is_absent in entries:
        person = _participant(entry, is_absent)
        if person:
            found.append(person)
    return found


def _apply_attendance(people: list[Participant], decision: str | None) -> None:
    """"Anne Ramsgaard deltog." / "Der var afbud fra Søren Olsson" in the participants item's
    decision override the list."""
    if not decision:
        return

    def find(name: str) -> Participant | None:
        words = name.split()
        for person in people:
            parts = person.name.split()
            if parts[0] == words[0] and parts[-1] == words[-1]:
                return person
        return None

    name = r"([A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]+){1,3})"
    for match in re.finditer(rf"afbud fra {name}", decision):
        person = find(match.group(1))
        if person:
            person.attended = False
    for match in re.finditer(rf"{name} deltog\b", decision):
        person = find(match.group(1))
        if person:
            person.attended = True


# --- the head ----------------------------------------------------------------------------

_DATE_LABEL = re.compile(r"^(?:mødedato|dato|tidspunkt|mødetidspunkt|tid|afholdt)\b\s*:?\s*(.+)$", re.IGNORECASE)
_PLACE_LABEL = re.compile(r"^(?:mødested|sted|lokale|lokation|adresse|mødelokale)\b\s*:?\s*(.+)$", re.IGNORECASE)
_GENERIC_TITLE = re.compile(r"^(?:referat|dagsorden|beslutningsprotokol|mødereferat)(?:\s+(?:fra|af|for))?\b[\s:–-]*",
                            re.IGNORECASE)
_SKIP_HEAD = re.compile(r"^(?:indholdsfortegnelse|indhold|side \d+)$", re.IGNORECASE)


def _head(lines: list[Line], meeting: Meeting) -> None:
    texts = [line.text.replace("|", " ").strip() for line in lines if line.text]
    texts = [" ".join(t.split()) for t in texts if not _SKIP_HEAD.match(t)]
    date_text = None
    for text in texts:
        match = _DATE_LABEL.match(text)
        if match and find_dates(match.group(1)) and date_text is None:
            date_text = match.group(1)
        match = _PLACE_LABEL.match(text)
        if match and meeting.location is None:
            meeting.location = match.group(1).strip(" .") or None
    title = None
    for text in texts:
        if _DATE_LABEL.match(text) and find_dates(text) or _PLACE_LABEL.match(text):
            continue
        if re.match(r"^(deltagere|afbud|til stede)\b", text, re.IGNORECASE):
            break
        candidate = _GENERIC_TITLE.sub("", text)
        for found in find_dates(candidate):
            candidate = candidate.replace(found.text, " ")
        candidate = re.sub(r"\b(?:d\.|den|kl\.?\s*[\d.:]+)(?=\s|$)", " ", candidate)
        candidate = re.sub(r"\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\b", " ", candidate,
                           flags=re.IGNORECASE)
        candidate = " ".join(candidate.split()).strip(" ,.:–-")
        if candidate:
            title = candidate[:1].upper() + candidate[1:]
            break
    meeting.title = title
    if title is None:
        meeting.warnings.append("Mødets titel står ikke i referatets hoved.")
    if date_text is None:
        for text in texts:
            if find_dates(text):
                date_text = text
                break
    if date_text is None:
        meeting.warnings.append("Mødedatoen står ikke i referatets hoved; datoen er ikke sat.")
    else:
        found = find_dates(date_text)
        complete = [f for f in found if f.date]
        if complete:
            meeting.meeting_date = complete[0].date
        elif found and found[0].year is None:
            meeting.warnings.append(f"Mødedatoen »{found[0].text}« står uden årstal; datoen er ikke sat.")
        else:
            meeting.warnings.append(f"Mødedatoen »{found[0].text}« findes ikke; datoen er ikke sat.")
    head = " ".join(texts).lower()
    for level in ("politisk", "faglig"):
        if level in head:
            meeting.level = level
            break


def _match_body(meeting: Meeting, head_text: str, text: str, bodies: list[dict]) -> None:
    low = text.lower()
    head = head_text.lower()
    scored = []
    for body in bodies:
        name = (body.get("name") or "").lower()
        if not name:
            continue
        hits = len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", low))
        if not hits:
            continue
        affinity = sum(low.count(str(body[k]).lower()) for k in ("region", "hospital") if body.get(k))
        scored.append((hits + (20 if name in head else 0), affinity, body))
    if not scored:
        meeting.warnings.append("Organet (klynge eller råd) blev ikke genkendt i teksten; vælg det selv.")
        return
    by_name: dict[str, list] = {}
    for entry in scored:
        by_name.setdefault(entry[2]["name"].lower(), []).append(entry)
    best_per_name = []
    for entries in by_name.values():
        entries.sort(key=lambda e: -e[1])
        if len(entries) > 1 and entries[0][1] == entries[1][1]:
            names = " og ".join(sorted(e[2]["id"] for e in entries))
            meeting.warnings.append(f"Navnet »{entries[0][2]['name']}« passer på flere organer ({names}); vælg selv.")
            return
        best_per_name.append(entries[0])
    best_per_name.sort(key=lambda e: -e[0])
    if len(best_per_name) > 1 and best_per_name[1][0] * 10 >= best_per_name[0][0] * 8:
        names = ", ".join(e[2]["id"] for e in best_per_name[:3])
        meeting.warnings.append(f"Teksten nævner flere organer lige ofte ({names}); organet er ikke sat.")
        return
    meeting.body_id = best_per_name[0][2]["id"]


# --- the whole -----------------------------------------------------------------------------

def parse(text: str, bodies: list[dict] | None = None, body_id: str | None = None) -> Meeting:
    """The meeting in `text` (already cleaned and with personal data removed).

    bodies: the store's clusters/councils as dicts with id, name and optionally region and
    hospital; the body is matched by name only when given. body_id: the user's choice, which
    wins."""
    meeting = Meeting(text=text)
    lines = [_line(raw) for raw in text.split("\n")]
    items = _find_items(lines)
    head_lines = lines[: items[0].index] if items else lines[:15]
    _head(head_lines, meeting)
    head_text = " ".join(line.text for line in head_lines)
    if body_id:
        meeting.body_id = body_id
    elif bodies:
        _match_body(meeting, head_text, text, bodies)
    if not items:
        meeting.warnings.append("Der blev ikke fundet nogen nummererede punkter i teksten.")
    vocabulary: Counter | None = None
    participant_lines: list[str] = []
    participants_decision: str | None = None
    for k, cand in enumerate(items):
        stop = items[k + 1].index if k + 1 < len(items) else len(lines)
        title, item_type = _item_type(cand.title)
        if cand.caps:
            vocabulary = vocabulary if vocabulary is not None else _vocabulary(text)
            title = _recase(title, vocabulary)
        item = Item(no=str(cand.no), title=title, item_type=item_type)
        body_lines = lines[cand.end + 1: stop]
        sections = _sections(body_lines)
        item.sections = {name: value for name, value in sections.items() if value}
        item.empty_sections = [name for name, value in sections.items() if not value]
        if _PARTICIPANT_TITLE.match(title):
            source = [ln.text for ln in body_lines]
            cut = next((n for n, ln in enumerate(body_lines) if _section_name(ln.text) == DECISION), len(source))
            participant_lines += source[:cut]
            participants_decision = item.sections.get(DECISION)
        for name, section_text in item.sections.items():
            for found in amount_finder.extract(section_text):
                item.amounts.append(Amount(found.dkk, found.text, name))
        meeting.items.append(item)
    if not participant_lines:
        participant_lines = _head_participants(head_lines)
    meeting.participants = _participants(participant_lines)
    _apply_attendance(meeting.participants, participants_decision)
    _check(meeting, lines, items)
    return meeting


def _head_participants(lines: list[Line]) -> list[str]:
    out: list[str] = []
    inside = False
    for line in lines:
        if re.match(r"^(deltagere|til stede|fremmødte|afbud|fraværende)\b", line.text, re.IGNORECASE):
            inside = True
            label, _, rest = line.text.partition(":")
            out.append(label.strip() + ":")
            if rest.strip():
                out.extend(p.strip() for p in rest.split(";") if p.strip())
            continue
        if inside:
            out.append(line.text)
    return out


def _check(meeting: Meeting, lines: list[Line], items: list[Candidate]) -> None:
    numbers = [item.no for item in meeting.items]
    for no, count in Counter(numbers).items():
        if count > 1:
            meeting.warnings.append(f"Punktnummer {no} står {count} gange.")
    for item in meeting.items:
        if DECISION in item.empty_sections:
            hint = None
            for name, section_text in item.sections.items():
                if name in (DECISION, RECOMMENDATION):
                    continue
                for sentence in re.split(r"(?<=[.!?])\s+", " ".join(section_text.split())):
                    if _DECISION_HINT.search(sentence) and not find_dates(sentence) and \
                            not re.search(r"\bpå (?:sit|mødet|møde)\b", sentence):
                        hint = (name, sentence)
                        break
                if hint:
                    break
            if hint:
                meeting.warnings.append(
                    f"Punkt {item.no}: feltet Beslutning er tomt, men under {hint[0]} står en beslutning: "
                    f"»{hint[1][:200]}« Beslutningen er ikke sat; kontrollér den.")
            else:
                meeting.warnings.append(f"Punkt {item.no}: feltet Beslutning er tomt.")
    if meeting.items and items:
        last_item = meeting.items[-1]
        tail = [line.text for line in lines[items[-1].end + 1:] if line.text]
        decided_before = any(i.decision for i in meeting.items[:-1])
        if tail and not re.search(r"[.!?:)»”\"]$", tail[-1]) and _section_name(tail[-1]) is None:
            meeting.warnings.append(
                f"Teksten ser ud til at slutte midt i punkt {last_item.no} (»…{tail[-1][-60:]}«): "
                "referatet kan være et uddrag.")
        elif decided_before and last_item.recommendation and DECISION not in last_item.sections:
            meeting.warnings.append(
                f"Punkt {last_item.no} har en indstilling men ingen beslutning: referatet kan være et uddrag.")
