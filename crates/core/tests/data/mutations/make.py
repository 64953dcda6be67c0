#!/usr/bin/env python3
"""Writes the mutation suite: musically broken jams made from the engine's base jams.

    python3 make.py                   # base/*.json -> broken/KIND-NN-slug.json
    python3 make.py --jamsesh BIN     # also cross-checks every example's pitches and
                                      # timing against `BIN abc events`

Python 3 standard library only. Written independently of the Rust code: it has its own ABC
reader, key signatures, chord spelling and scale parsing, so the critic is tested against a
second opinion rather than against itself.

Kinds (one file per base jam and kind, when the base allows it):

  relabelled-mode      chords (and the example's chord symbols) replaced degree by degree by
                       the parallel mode's diatonic chords (minor/modal -> major, major ->
                       natural minor); the melody is untouched.
  chord-clash          one or two chords replaced by a triad / maj7 / m7 with >= 2 tones
                       outside every listed scale (never a dominant 7th, dim7 or altered chord).
  melody-clash         in >= 3 bars every note on a strong beat moved a semitone off a chord
                       tone, keeping the chord tone's letter (C# / Cb over C), with an explicit
                       accidental.
  forced-ending        the final note moved to a non-chord tone of the last chord (a whole step
                       above its root, else a fourth, else a sixth).
  unresolved-tendency  the final note moved to the key's leading tone or 4th degree, not in the
                       last chord.
  leaping-tendency     three or four notes inside the tune moved a semitone off a chord tone
                       (another letter than any chord tone, in the listed scales if it can)
                       where the next note then lies a leap away: leaning tones that never
                       resolve by step.

Every mutation keeps each note's written length, the header lines (X: T: M: L: Q: K: ...), the
bar count and each bar's duration; notes later in a bar that relied on an accidental the
mutation disturbed get an explicit accidental so they sound as before. The script asserts all
of that before writing.
"""

import json
import os
import random
import re
import subprocess
import sys
import tempfile
from fractions import Fraction as F

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "base")
BROKEN = os.path.join(HERE, "broken")

KINDS = [
    "relabelled-mode",
    "chord-clash",
    "melody-clash",
    "forced-ending",
    "unresolved-tendency",
    "leaping-tendency",
]

# --------------------------------------------------------------------------------------------
# Pitch spelling

LETTERS = "CDEFGAB"
LETTER_PC = [0, 2, 4, 5, 7, 9, 11]

MODES = {
    "major": [0, 2, 4, 5, 7, 9, 11],
    "ionian": [0, 2, 4, 5, 7, 9, 11],
    "dorian": [0, 2, 3, 5, 7, 9, 10],
    "phrygian": [0, 1, 3, 5, 7, 8, 10],
    "lydian": [0, 2, 4, 6, 7, 9, 11],
    "mixolydian": [0, 2, 4, 5, 7, 9, 10],
    "minor": [0, 2, 3, 5, 7, 8, 10],
    "aeolian": [0, 2, 3, 5, 7, 8, 10],
    "locrian": [0, 1, 3, 5, 6, 8, 10],
}
ABC_MODE = {
    "": "major", "maj": "major", "major": "major", "ion": "major", "ionian": "major",
    "m": "minor", "min": "minor", "minor": "minor", "aeo": "minor", "aeolian": "minor",
    "dor": "dorian", "dorian": "dorian", "phr": "phrygian", "phrygian": "phrygian",
    "lyd": "lydian", "lydian": "lydian", "mix": "mixolydian", "mixolydian": "mixolydian",
    "loc": "locrian", "locrian": "locrian",
}
MINORISH = {"minor", "aeolian", "dorian", "phrygian", "locrian"}


def norm_alter(a):
    """Accidental offset in -6..5 folded to the nearest of -2..2 style values."""
    a %= 12
    return a - 12 if a > 6 else a


def parse_note_name(name):
    """'F#' -> (letter index, alter)."""
    m = re.fullmatch(r"([A-G])([#b]*)", name.strip())
    if not m:
        raise ValueError(f"not a note name: {name!r}")
    acc = m.group(2)
    return LETTERS.index(m.group(1)), acc.count("#") - acc.count("b")


def name_pc(name):
    li, alter = parse_note_name(name)
    return (LETTER_PC[li] + alter) % 12


def spell(li, alter):
    return LETTERS[li % 7] + ("#" * alter if alter > 0 else "b" * -alter)


def spell_pc(li, pc):
    """The name with letter `li` that sounds pitch class `pc`."""
    return spell(li, norm_alter(pc - LETTER_PC[li % 7]))


def mode_scale(tonic, mode):
    """Spelled scale: list of (letter index, alter), tonic first."""
    tli, talt = parse_note_name(tonic)
    tpc = (LETTER_PC[tli] + talt) % 12
    out = []
    for i, iv in enumerate(MODES[mode]):
        li = (tli + i) % 7
        out.append((li, norm_alter(tpc + iv - LETTER_PC[li])))
    return out


def signature(tonic, mode):
    sig = [0] * 7
    for li, alter in mode_scale(tonic, mode):
        sig[li] = alter
    return sig


def parse_k(value):
    """ABC K: value such as 'Am', 'Ddor', 'E', 'Bb mix' -> (tonic, mode)."""
    v = value.strip().split("%")[0].strip()
    m = re.fullmatch(r"([A-G][#b]?)\s*([A-Za-z]*)", v)
    if not m:
        raise ValueError(f"K:{value} not understood")
    mode = m.group(2).lower()
    if mode not in ABC_MODE:
        mode = mode[:3]
    return m.group(1), ABC_MODE[mode]


def parse_scales(text):
    """'A natural minor (A B C ...), ...' -> [(name, [pc, ...]), ...]."""
    out = []
    for name, notes in re.findall(r"([^(),]+)\(([^)]*)\)", text):
        out.append((name.strip(), [name_pc(n) for n in notes.split()]))
    assert out, f"no scales in {text!r}"
    return out


# --------------------------------------------------------------------------------------------
# Chords

# Intervals as (letter steps, semitones) from the root.
R, M3, m3, P5, d5, A5 = (0, 0), (2, 4), (2, 3), (4, 7), (4, 6), (4, 8)
m7, M7, d7, M6, M9, P4, M2 = (6, 10), (6, 11), (6, 9), (5, 9), (1, 2), (3, 5), (1, 2)
QUALITIES = {
    "": [R, M3, P5],
    "m": [R, m3, P5],
    "5": [R, P5],
    "dim": [R, m3, d5],
    "aug": [R, M3, A5],
    "+": [R, M3, A5],
    "6": [R, M3, P5, M6],
    "m6": [R, m3, P5, M6],
    "7": [R, M3, P5, m7],
    "maj7": [R, M3, P5, M7],
    "m7": [R, m3, P5, m7],
    "m(maj7)": [R, m3, P5, M7],
    "m7b5": [R, m3, d5, m7],
    "dim7": [R, m3, d5, d7],
    "9": [R, M3, P5, m7, M9],
    "m9": [R, m3, P5, m7, M9],
    "maj9": [R, M3, P5, M7, M9],
    "add9": [R, M3, P5, M9],
    "sus2": [R, M2, P5],
    "sus4": [R, P4, P5],
    "7sus4": [R, P4, P5, m7],
}
# Qualities a clash chord may have (no dominant sevenths, dim7 or altered chords).
CLASH_QUALITIES = ["", "m", "maj7", "m7"]


def parse_chord(sym):
    """'F#m7' -> (root letter, root alter, quality)."""
    m = re.fullmatch(r"([A-G][#b]?)(.*)", sym.strip())
    if not m:
        raise ValueError(f"not a chord: {sym!r}")
    q = m.group(2)
    if "/" in q:
        raise ValueError(f"slash chord not handled: {sym!r}")
    if q not in QUALITIES:
        raise ValueError(f"chord quality not handled: {sym!r}")
    li, alter = parse_note_name(m.group(1))
    return li, alter, q


def chord_tones(sym):
    """Spelled chord tones: [(letter index, alter, pc), ...], root first."""
    li, alter, q = parse_chord(sym)
    rpc = (LETTER_PC[li] + alter) % 12
    out = []
    for steps, semis in QUALITIES[q]:
        tli = (li + steps) % 7
        pc = (rpc + semis) % 12
        out.append((tli, norm_alter(pc - LETTER_PC[tli]), pc))
    return out


def chord_pcs(sym):
    return {pc for _, _, pc in chord_tones(sym)}


def has_seventh(q):
    return any(iv in QUALITIES[q] for iv in (m7, M7, d7))


# --------------------------------------------------------------------------------------------
# Musical time (the meter model the brief gives: strong beats and chord change points)

UNITS = 48  # per whole note


def groups(meter):
    table = {(4, 4): [4, 4], (2, 2): [4, 4], (2, 4): [4], (3, 4): [4, 2], (6, 8): [3, 3],
             (9, 8): [3, 3, 3], (12, 8): [3, 3, 3, 3], (5, 4): [6, 4], (7, 8): [2, 2, 3]}
    if meter in table:
        return table[meter]
    eighths = meter[0] * 8 // meter[1]
    g = [2] * (eighths // 2)
    if eighths % 2:
        g[-1] += 1
    return g


def bar_len(meter):
    return F(meter[0], meter[1])


def group_starts(meter):
    """Onsets (fractions of a whole) of every beat group."""
    out, t = [], F(0)
    for g in groups(meter):
        out.append(t)
        t += F(g, 8)
    return [x for x in out if x < bar_len(meter)]


def strong_onsets(meter):
    if meter[0] == 3 and meter[1] <= 4:
        return [F(0)]
    return group_starts(meter)


def chord_starts(meter, count):
    bounds = group_starts(meter)
    out = []
    for k in range(count):
        even = bar_len(meter) * k / count
        out.append(next((b for b in bounds if b >= even), even))
    return out


def chord_at(meter, chords, onset):
    starts = chord_starts(meter, len(chords))
    idx = max(i for i, s in enumerate(starts) if s <= onset)
    return chords[idx]


# --------------------------------------------------------------------------------------------
# ABC: a small reader and writer for the tune body

TOKEN = re.compile(
    r"""(?P<chord>"[^"]*")
      |(?P<bar>\[\||\|\]|\|\||:\|\||:\|:|\|:|:\||::|\|\d?)
      |(?P<tuplet>\(\d(?::\d?)?(?::\d?)?)
      |(?P<note>(?P<acc>\^\^|__|\^|_|=)?(?P<letter>[A-Ga-g])(?P<oct>[,']*)(?P<len>\d*(?:/\d*)*)(?P<tie>-?))
      |(?P<rest>[zx](?P<rlen>\d*(?:/\d*)*))
      |(?P<space>[ \t]+)
      |(?P<newline>\n)
    """,
    re.X,
)
ACC_TEXT = {2: "^^", 1: "^", 0: "=", -1: "_", -2: "__"}
ACC_VALUE = {v: k for k, v in ACC_TEXT.items()}


def parse_len(text):
    m = re.fullmatch(r"(\d*)((?:/\d*)*)", text)
    value = F(int(m.group(1)) if m.group(1) else 1)
    for part in re.findall(r"/(\d*)", m.group(2)):
        value /= int(part) if part else 2
    return value


class Tok:
    __slots__ = ("kind", "text", "acc", "letter", "oct", "len", "tie")

    def __init__(self, kind, text, acc=None, letter=None, oct="", len="", tie=""):
        self.kind, self.text = kind, text
        self.acc, self.letter, self.oct, self.len, self.tie = acc, letter, oct, len, tie

    def render(self):
        if self.kind == "note":
            return (ACC_TEXT[self.acc] if self.acc is not None else "") + self.letter + \
                self.oct + self.len + self.tie
        return self.text

    def copy(self):
        return Tok(self.kind, self.text, self.acc, self.letter, self.oct, self.len, self.tie)


class Tune:
    """An ABC example split into header text and tokenised body."""

    def __init__(self, abc):
        lines = abc.split("\n")
        k = next(i for i, l in enumerate(lines) if l.startswith("K:"))
        self.header = "\n".join(lines[: k + 1]) + "\n"
        fields = {l[0]: l[2:].strip() for l in lines[: k + 1] if re.match(r"[A-Za-z]:", l)}
        self.meter = tuple(int(x) for x in fields["M"].split("/"))
        self.unit = F(fields["L"]) if "L" in fields else F(1, 8)
        self.tonic, self.mode = parse_k(fields["K"])
        self.sig = signature(self.tonic, self.mode)
        body = "\n".join(lines[k + 1:])
        self.toks = []
        pos = 0
        while pos < len(body):
            m = TOKEN.match(body, pos)
            if not m or m.end() == pos:
                raise ValueError(f"ABC token not handled at {body[pos:pos + 20]!r}")
            kind = next(g for g in ("chord", "bar", "tuplet", "note", "rest", "space", "newline")
                        if m.group(g) is not None)
            if kind == "note":
                acc = ACC_VALUE[m.group("acc")] if m.group("acc") else None
                self.toks.append(Tok("note", m.group(0), acc, m.group("letter"),
                                     m.group("oct"), m.group("len"), m.group("tie")))
            elif kind == "rest":
                self.toks.append(Tok("rest", m.group(0), len=m.group("rlen")))
            else:
                self.toks.append(Tok(kind, m.group(0)))
            pos = m.end()

    def render(self):
        return self.header + "".join(t.render() for t in self.toks)

    def analyse(self):
        """Bars with timed events.

        Returns a list of bars; each bar is a list of events (dicts): kind 'note' / 'rest' /
        'chord', token index, onset in the bar and duration (fractions of a whole note),
        and for notes the letter index, alter, midi, whether the accidental was written, and
        tie flags. Empty bars (between a final bar line and the end) are dropped.
        """
        bars, cur = [], []
        t = F(0)
        bar_acc = {}
        tuplet_left, tuplet_factor = 0, F(1)
        tie_carry = None  # (letter index, octave, alter) of a note tied over the bar line
        prev_tied = False
        compound = self.meter[1] == 8 and self.meter[0] % 3 == 0 and self.meter[0] > 3
        for i, tok in enumerate(self.toks):
            if tok.kind == "bar":
                if cur:
                    bars.append(cur)
                cur, t, bar_acc = [], F(0), {}
                continue
            if tok.kind == "chord":
                cur.append({"kind": "chord", "tok": i, "onset": t, "symbol": tok.text[1:-1]})
                continue
            if tok.kind == "tuplet":
                p = int(tok.text[1])
                q = {2: 3, 3: 2, 4: 3, 6: 2, 8: 3}.get(p, 3 if compound else 2)
                tuplet_left, tuplet_factor = p, F(q, p)
                continue
            if tok.kind not in ("note", "rest"):
                continue
            dur = parse_len(tok.len) * self.unit
            if tuplet_left:
                dur *= tuplet_factor
                tuplet_left -= 1
            ev = {"kind": tok.kind, "tok": i, "onset": t, "dur": dur}
            if tok.kind == "note":
                li = LETTERS.index(tok.letter.upper())
                octave = (1 if tok.letter.islower() else 0) + tok.oct.count("'") - tok.oct.count(",")
                if tok.acc is not None:
                    alter = tok.acc
                    bar_acc[li] = alter
                elif li in bar_acc:
                    alter = bar_acc[li]
                elif tie_carry and tie_carry[:2] == (li, octave):
                    alter = tie_carry[2]
                else:
                    alter = self.sig[li]
                ev.update(li=li, alter=alter, octave=octave, written=tok.acc is not None,
                          midi=60 + 12 * octave + LETTER_PC[li] + alter,
                          tied_in=prev_tied, tied_out=bool(tok.tie))
                tie_carry = (li, octave, alter) if tok.tie else None
                prev_tied = bool(tok.tie)
            else:
                tie_carry, prev_tied = None, False
            cur.append(ev)
            t += dur
        if cur and any(e["kind"] != "chord" for e in cur):
            bars.append(cur)
        return bars


def notes_of(bar):
    return [e for e in bar if e["kind"] == "note"]


def timed_of(bar):
    return [e for e in bar if e["kind"] in ("note", "rest")]


def symbols_of(bar):
    return [e["symbol"] for e in bar if e["kind"] == "chord"]


def chord_bars(chords):
    return [b.split() for b in chords.split("|")]


def set_chords(chords_text, new_bars):
    return " | ".join(" ".join(b) for b in new_bars)


def fix_accidentals(tune, original_bars, targets):
    """Gives an explicit accidental to every non-target note whose pitch the mutation moved."""
    for _ in range(20):
        bars = tune.analyse()
        changed = False
        for ob, nb in zip(original_bars, bars):
            for o, n in zip(timed_of(ob), timed_of(nb)):
                if o["kind"] != "note" or o["tok"] in targets:
                    continue
                if o["midi"] != n["midi"]:
                    tune.toks[n["tok"]].acc = o["alter"]
                    changed = True
        if not changed:
            return
    raise AssertionError("accidentals did not settle")


def nearest_octave_midi(li, alter, near):
    """(midi, octave) of letter `li` with `alter`, in the octave closest to midi `near`."""
    best = None
    for octave in range(-3, 4):
        midi = 60 + 12 * octave + LETTER_PC[li] + alter
        d = abs(midi - near)
        if best is None or d < best[0]:
            best = (d, midi, octave)
    return best[1], best[2]


def write_note(tok, li, alter, octave):
    """Rewrites a note token's pitch (explicit accidental), keeping its length and tie."""
    tok.acc = alter
    if octave >= 1:
        tok.letter = LETTERS[li].lower()
        tok.oct = "'" * (octave - 1)
    else:
        tok.letter = LETTERS[li]
        tok.oct = "," * (-octave)


def note_name(li, alter, octave):
    return spell(li, alter) + str(octave + 4)


# --------------------------------------------------------------------------------------------
# The mutations. Each returns (chords, example, what) or None when the base does not allow it.


def scale_union(jam):
    return set(pc for _, pcs in parse_scales(jam["scales"]) for pc in pcs)


def key_of(jam):
    return jam["key"], jam["mode"]


def relabel_mode(jam, n, rng):
    tonic, mode = key_of(jam)
    target = "major" if mode in MINORISH else "minor"
    melody_scale = parse_scales(jam["scales"])[0][0]
    if target == "minor" and ("blues" in melody_scale or "minor pentatonic" in melody_scale):
        # A blues-scale melody over the parallel minor's chords is a good minor blues, not a
        # wrong one: nothing a musician would reject, so no mutation from this base.
        return None
    tscale = mode_scale(tonic, target)
    tli, _ = parse_note_name(tonic)
    old = chord_bars(jam["chords"])
    new = []
    for bar in old:
        nb = []
        for sym in bar:
            li, alter, q = parse_chord(sym)
            deg = (li - tli) % 7
            seventh = has_seventh(q)
            idx = [deg, (deg + 2) % 7, (deg + 4) % 7] + ([(deg + 6) % 7] if seventh else [])
            pcs = [(LETTER_PC[tscale[d][0]] + tscale[d][1]) % 12 for d in idx]
            ivs = tuple((p - pcs[0]) % 12 for p in pcs[1:])
            quality = {(4, 7): "", (3, 7): "m", (3, 6): "dim", (4, 8): "aug",
                       (4, 7, 11): "maj7", (4, 7, 10): "7", (3, 7, 10): "m7",
                       (3, 6, 10): "m7b5", (3, 6, 9): "dim7", (3, 7, 11): "m(maj7)"}[ivs]
            nb.append(spell(*tscale[deg]) + quality)
        new.append(nb)
    changed = sum(1 for a, b in zip(old, new) if [chord_pcs(x) for x in a] != [chord_pcs(x) for x in b])
    if changed * 2 < len(old):
        return None
    pairs = ", ".join(
        f"bar {i + 1} {' '.join(a)} -> {' '.join(b)}" for i, (a, b) in enumerate(zip(old, new)) if a != b
    )
    what = (f"chords relabelled degree by degree from {tonic} {mode} to the parallel {tonic} "
            f"{'major' if target == 'major' else 'natural minor'} ({changed} of {len(old)} bars "
            f"change harmony); melody untouched: {pairs}")
    return new, None, what


def chord_clash(jam, n, rng):
    tonic, mode = key_of(jam)
    union = scale_union(jam)
    old = chord_bars(jam["chords"])
    nbars = len(old)
    candidates = []
    for pc in range(12):
        for q in CLASH_QUALITIES:
            major_like = q in ("", "maj7")
            names = {0: "C", 1: "Db" if major_like else "C#", 2: "D", 3: "Eb", 4: "E", 5: "F",
                     6: "Gb" if major_like else "F#", 7: "G", 8: "Ab" if major_like else "G#",
                     9: "A", 10: "Bb", 11: "B"}
            sym = names[pc] + q
            outside = sorted(chord_pcs(sym) - union)
            if len(outside) >= 2:
                candidates.append((sym, outside))
    if not candidates:
        return None
    count = 1 if n % 2 else 2
    inner = list(range(1, nbars - 1)) or list(range(nbars))
    bars = sorted(rng.sample(inner, min(count, len(inner))))
    new = [list(b) for b in old]
    parts = []
    used = set()
    for b in bars:
        k = rng.randrange(len(new[b]))
        sym, outside = rng.choice(candidates)
        tries = 0
        while (chord_pcs(sym) == chord_pcs(old[b][k]) or sym in used) and tries < 50:
            sym, outside = rng.choice(candidates)
            tries += 1
        used.add(sym)
        new[b][k] = sym
        tones = " ".join(spell_pc(t[0], t[2]) for t in chord_tones(sym))
        out_names = " ".join(n_ for n_ in tones.split() if name_pc(n_) in outside)
        parts.append(f"bar {b + 1}: {old[b][k]} -> {sym} ({tones}; {out_names} outside every "
                     f"listed scale)")
    what = "; ".join(parts) + "; melody untouched"
    return new, None, what


def melody_clash(jam, n, rng, tune, bars):
    meter = tune.meter
    cbars = chord_bars(jam["chords"])
    union = scale_union(jam)
    strong = strong_onsets(meter)
    plans = []  # per bar: list of (event, li, alter, octave, midi, chord)
    for bi, bar in enumerate(bars[:-1]):
        plan = []
        for e in notes_of(bar):
            if e["onset"] not in strong or e["tied_in"] or e["tied_out"]:
                continue
            chord = chord_at(meter, cbars[bi], e["onset"])
            pcs = chord_pcs(chord)
            core = chord_tones(chord)[:4]
            best = None
            for tli, talt, tpc in core:
                for step in (1, -1):
                    alter = talt + step
                    if abs(alter) > 1:
                        continue
                    pc = (tpc + step) % 12
                    if pc in pcs:
                        continue
                    midi, octave = nearest_octave_midi(tli, alter, e["midi"])
                    odd = spell(tli, alter) in ("E#", "B#", "Cb", "Fb")
                    score = (pc in union, odd, abs(midi - e["midi"]), abs(alter))
                    if best is None or score < best[0]:
                        best = (score, tli, alter, octave, midi, chord, spell(tli, talt))
            if best:
                plan.append((e,) + best[1:])
        if plan:
            plans.append((bi, plan))
    if len(plans) < 3:
        return None
    # About half the bars that allow it (at least 3), spread over the tune.
    want = max(3, (len(plans) + 1) // 2)
    chosen = [plans[round(i * (len(plans) - 1) / (want - 1))] for i in range(want)]
    assert len({bi for bi, _ in chosen}) == want
    targets = {}
    parts = []
    for bi, plan in chosen:
        descr = []
        for e, li, alter, octave, midi, chord, tone in plan:
            old = note_name(e["li"], e["alter"], e["octave"])
            tok = tune.toks[e["tok"]]
            write_note(tok, li, alter, octave)
            targets[e["tok"]] = midi
            beat = e["onset"] / F(1, meter[1]) + 1
            descr.append(f"beat {beat} {old} -> {note_name(li, alter, octave)} "
                         f"(`{tok.render().rstrip('-')}`, {tone} of {chord} altered)")
        parts.append(f"bar {bi + 1}: " + ", ".join(descr))
    fix_accidentals(tune, bars, targets)
    what = ("strong-beat notes moved a semitone off a chord tone of the same letter, explicit "
            "accidentals; lengths kept: " + "; ".join(parts))
    return None, (tune, targets), what


def last_note(bars):
    for bi in range(len(bars) - 1, -1, -1):
        ns = notes_of(bars[bi])
        if ns:
            return bi, ns[-1]
    return None, None


def retarget_last(tune, bars, cbars, candidates, label):
    """Moves the final note to the first candidate (letter steps, semitones above a reference
    note) that is not a tone of the chord in force. Returns (targets, description)."""
    bi, e = last_note(bars)
    if e is None or e["tied_in"] or e["tied_out"]:
        return None
    chord = chord_at(tune.meter, cbars[bi], e["onset"])
    pcs = chord_pcs(chord)
    for (ref_li, ref_alter), steps, semis, why in candidates(chord):
        li = (ref_li + steps) % 7
        pc = (LETTER_PC[ref_li] + ref_alter + semis) % 12
        if pc in pcs or pc == e["midi"] % 12:
            continue
        alter = norm_alter(pc - LETTER_PC[li])
        if abs(alter) > 1:
            continue
        midi, octave = nearest_octave_midi(li, alter, e["midi"])
        tok = tune.toks[e["tok"]]
        old = note_name(e["li"], e["alter"], e["octave"])
        write_note(tok, li, alter, octave)
        targets = {e["tok"]: midi}
        fix_accidentals(tune, bars, targets)
        what = (f"final note (bar {bi + 1}) {old} -> {note_name(li, alter, octave)} "
                f"(`{tok.render()}`), {why}, not a tone of the last chord {chord} "
                f"({' '.join(spell(t[0], t[1]) for t in chord_tones(chord))}); length kept")
        return targets, what
    return None


def forced_ending(jam, n, rng, tune, bars):
    cbars = chord_bars(jam["chords"])

    def candidates(chord):
        li, alter, _ = parse_chord(chord)
        root = spell(li, alter)
        return [((li, alter), 1, 2, f"a whole step above the root {root}"),
                ((li, alter), 3, 5, f"a fourth above the root {root}"),
                ((li, alter), 5, 9, f"a major sixth above the root {root}")]

    r = retarget_last(tune, bars, cbars, candidates, "forced")
    if not r:
        return None
    return None, (tune, r[0]), r[1]


def unresolved_tendency(jam, n, rng, tune, bars):
    cbars = chord_bars(jam["chords"])
    tonic, mode = key_of(jam)
    tli, talt = parse_note_name(tonic)
    fourth = 6 if mode == "lydian" else 5
    lt = (tli, talt), 6, 11, f"the leading tone of {tonic} {mode} (7th degree, a semitone below the tonic)"
    fo = (tli, talt), 3, fourth, f"the 4th degree of {tonic} {mode}"
    if mode in ("major", "minor", "ionian", "aeolian"):
        order = [lt, fo] if n % 2 == 0 else [fo, lt]
    else:
        order = [fo, lt]
    r = retarget_last(tune, bars, cbars, lambda chord: order, "tendency")
    if not r:
        return None
    return None, (tune, r[0]), r[1]


def blue_pcs(jam):
    """The key's flat 3rd, 5th and 7th when a blues-family scale is offered, else nothing."""
    if not re.search(r"\bblues\b|pentatonic", jam["scales"]):
        return set()
    tli, talt = parse_note_name(jam["key"])
    tonic = (LETTER_PC[tli] + talt) % 12
    return {(tonic + 3) % 12, (tonic + 6) % 12, (tonic + 10) % 12}


def leaping_tendency(jam, n, rng, tune, bars):
    meter = tune.meter
    cbars = chord_bars(jam["chords"])
    union = scale_union(jam)
    blue = blue_pcs(jam)
    flat = [(bi, e) for bi, bar in enumerate(bars) for e in notes_of(bar)]
    plans = []  # (bar, event, li, alter, octave, midi, chord, leaned-on tone)
    for k in range(1, len(flat) - 1):
        bi, e = flat[k]
        nxt = flat[k + 1][1]
        if e["tied_in"] or e["tied_out"] or bi == len(bars) - 1:
            continue
        chord = chord_at(meter, cbars[bi], e["onset"])
        pcs = chord_pcs(chord)
        tones = chord_tones(chord)
        letters = {tli for tli, _, _ in tones}
        best = None
        for tli, talt, tpc in tones:
            for step in (1, -1):
                pc = (tpc + step) % 12
                if pc in pcs or pc in blue:
                    continue
                li = (tli + step) % 7
                alter = norm_alter(pc - LETTER_PC[li])
                if abs(alter) > 1 or li in letters:
                    continue
                midi, octave = nearest_octave_midi(li, alter, e["midi"])
                if abs(nxt["midi"] - midi) <= 2 or midi == e["midi"]:
                    continue
                score = (pc not in union, abs(midi - e["midi"]), abs(alter))
                if best is None or score < best[0]:
                    best = (score, li, alter, octave, midi, chord, spell(tli, talt))
        if best:
            plans.append((bi, e) + best[1:])
    # Two changed notes in a row would make the first one's "next note" move too.
    kept, last = [], None
    for p in plans:
        at = next(k for k, (_, e) in enumerate(flat) if e is p[1])
        if last is None or at - last > 1:
            kept.append(p)
            last = at
    plans = kept
    want = min(len(plans), 4)
    if want < 3:
        return None
    chosen = [plans[round(i * (len(plans) - 1) / (want - 1))] for i in range(want)]
    assert len({id(p[1]) for p in chosen}) == want
    targets = {}
    descr = []
    for bi, e, li, alter, octave, midi, chord, tone in chosen:
        old = note_name(e["li"], e["alter"], e["octave"])
        tok = tune.toks[e["tok"]]
        write_note(tok, li, alter, octave)
        targets[e["tok"]] = midi
        descr.append(f"bar {bi + 1} {old} -> {note_name(li, alter, octave)} over {chord} "
                     f"(a semitone from its {tone}, next note a leap away)")
    fix_accidentals(tune, bars, targets)
    return None, (tune, targets), "leaning tones that leap away; lengths kept: " + "; ".join(descr)


# --------------------------------------------------------------------------------------------
# Assembly and checks


def replace_symbols(tune, bars, new_chords):
    """Writes new chord symbols into the example, bar by bar, symbol by symbol."""
    for bar, syms in zip(bars, new_chords):
        evs = [e for e in bar if e["kind"] == "chord"]
        assert len(evs) == len(syms), (symbols_of(bar), syms)
        for e, s in zip(evs, syms):
            tune.toks[e["tok"]].text = f'"{s}"'


def check(base, broken, kind, targets):
    """The assertions the brief asks for."""
    assert set(broken) == set(base) | {"mutation"}, "fields differ"
    for k in base:
        if k not in ("chords", "example"):
            assert broken[k] == base[k], f"field {k} changed"
    assert broken["mutation"]["kind"] == kind
    assert (broken["chords"], broken["example"]) != (base["chords"], base["example"]), "no change"
    t0, t1 = Tune(base["example"]), Tune(broken["example"])
    assert t0.header == t1.header, "header lines changed"
    b0, b1 = t0.analyse(), t1.analyse()
    meter = tuple(int(x) for x in base["meter"].split("/"))
    assert len(b0) == len(b1) == base["bars"] == len(chord_bars(broken["chords"])), "bar count"
    cb = chord_bars(broken["chords"])
    for i, (x, y) in enumerate(zip(b0, b1)):
        tx, ty = timed_of(x), timed_of(y)
        assert [(e["kind"], e["onset"], e["dur"]) for e in tx] == \
            [(e["kind"], e["onset"], e["dur"]) for e in ty], f"bar {i + 1} timing changed"
        assert sum(e["dur"] for e in ty) == bar_len(meter), f"bar {i + 1} does not fill {meter}"
        assert symbols_of(y) == cb[i], f"bar {i + 1}: ABC {symbols_of(y)} vs chords {cb[i]}"
        assert [e["onset"] for e in y if e["kind"] == "chord"] == \
            [e["onset"] for e in x if e["kind"] == "chord"], "chord symbol moved"
        for c in cb[i]:
            parse_chord(c)
        for a, b in zip(tx, ty):
            if a["kind"] != "note":
                continue
            if a["tok"] in targets:
                assert b["midi"] == targets[a["tok"]] != a["midi"], "target note not moved"
                assert b["written"], "target note without explicit accidental"
            else:
                assert a["midi"] == b["midi"], f"bar {i + 1}: a note that is not a target moved"
    if kind in ("relabelled-mode", "chord-clash"):
        assert not targets and broken["chords"] != base["chords"]
        assert [[e["midi"] for e in notes_of(b)] for b in b0] == \
            [[e["midi"] for e in notes_of(b)] for b in b1]
    else:
        assert broken["chords"] == base["chords"] and targets
    if kind == "chord-clash":
        union = scale_union(base)
        old, new = chord_bars(base["chords"]), cb
        diffs = [(a, b) for ob, nb in zip(old, new) for a, b in zip(ob, nb) if a != b]
        assert 1 <= len(diffs) <= 2
        for _, b in diffs:
            assert parse_chord(b)[2] in CLASH_QUALITIES
            assert len(chord_pcs(b) - union) >= 2
    if kind == "relabelled-mode":
        old = chord_bars(base["chords"])
        assert [len(b) for b in old] == [len(b) for b in cb]
    if kind == "melody-clash":
        bars_hit = set()
        for i, (x, y) in enumerate(zip(b0, b1)):
            for a, b in zip(notes_of(x), notes_of(y)):
                if a["tok"] in targets:
                    assert a["onset"] in strong_onsets(meter)
                    chord = chord_at(meter, cb[i], a["onset"])
                    assert b["midi"] % 12 not in chord_pcs(chord)
                    assert any(li == b["li"] and abs((pc - b["midi"]) % 12) in (1, 11)
                               for li, _, pc in chord_tones(chord))
                    bars_hit.add(i)
        assert len(bars_hit) >= 3
    if kind == "leaping-tendency":
        flat = [(i, e) for i, b in enumerate(b1) for e in notes_of(b)]
        moved = 0
        for k, (i, e) in enumerate(flat):
            if e["tok"] not in targets:
                continue
            chord = chord_at(meter, cb[i], e["onset"])
            assert e["midi"] % 12 not in chord_pcs(chord)
            assert any(abs((pc - e["midi"]) % 12) in (1, 11) and li != e["li"]
                       for li, _, pc in chord_tones(chord))
            assert abs(flat[k + 1][1]["midi"] - e["midi"]) > 2
            moved += 1
        assert moved >= 3
    if kind in ("forced-ending", "unresolved-tendency"):
        bi, last = last_note(b1)
        assert list(targets) == [last["tok"]]
        chord = chord_at(meter, cb[bi], last["onset"])
        assert last["midi"] % 12 not in chord_pcs(chord)
        if kind == "unresolved-tendency":
            tpc = name_pc(base["key"])
            assert (last["midi"] - tpc) % 12 in (11, 5, 6)


def cross_check(jamsesh, example):
    """Compares this reader's notes with `jamsesh abc events`."""
    with tempfile.NamedTemporaryFile("w", suffix=".abc", delete=False) as f:
        f.write(example)
    try:
        out = subprocess.run([jamsesh, "abc", "events", f.name], check=True,
                             capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)
    theirs = [(F(o), F(d), m) for o, d, m in json.loads(out.splitlines()[0])["voices"][0]["notes"]]
    tune = Tune(example)
    mine, t0 = [], F(0)
    for bar in tune.analyse():
        for e in notes_of(bar):
            mine.append((t0 + e["onset"], e["dur"], e["midi"]))
        t0 += sum(e["dur"] for e in timed_of(bar))
    assert mine == theirs, f"reader disagrees with jamsesh:\n{mine}\n{theirs}"


def main():
    jamsesh = None
    if "--jamsesh" in sys.argv:
        jamsesh = sys.argv[sys.argv.index("--jamsesh") + 1]
    os.makedirs(BROKEN, exist_ok=True)
    for f in os.listdir(BROKEN):
        if f.endswith(".json"):
            os.unlink(os.path.join(BROKEN, f))
    counts = {k: 0 for k in KINDS}
    skipped = []
    names = sorted(f for f in os.listdir(BASE) if f.endswith(".json"))
    for name in names:
        with open(os.path.join(BASE, name)) as fh:
            base = json.load(fh)
        nn = int(name.split("-", 1)[0])
        t = Tune(base["example"])
        bars = t.analyse()
        # The base must agree with itself before it is broken.
        assert len(bars) == base["bars"] == len(chord_bars(base["chords"])), name
        assert [symbols_of(b) for b in bars] == chord_bars(base["chords"]), name
        assert parse_k(base["example"].split("\nK:")[1].split("\n")[0])[0] == base["key"], name
        if jamsesh:
            cross_check(jamsesh, base["example"])
        for kind in KINDS:
            rng = random.Random(f"{kind}/{name}")
            tune = Tune(base["example"])
            bars = tune.analyse()
            fn = {"relabelled-mode": relabel_mode, "chord-clash": chord_clash}.get(kind)
            if fn:
                r = fn(base, nn, rng)
            else:
                fn = {"melody-clash": melody_clash, "forced-ending": forced_ending,
                      "unresolved-tendency": unresolved_tendency,
                      "leaping-tendency": leaping_tendency}[kind]
                r = fn(base, nn, rng, tune, bars)
            if r is None:
                skipped.append(f"{kind}/{name}")
                continue
            new_chords, melody, what = r
            targets = {}
            if new_chords is not None:
                replace_symbols(tune, bars, new_chords)
                chords = set_chords(base["chords"], new_chords)
            else:
                chords = base["chords"]
                tune, targets = melody
            broken = dict(base)
            broken["chords"] = chords
            broken["example"] = tune.render()
            broken["mutation"] = {"kind": kind, "what": what}
            check(base, broken, kind, targets)
            if jamsesh:
                cross_check(jamsesh, broken["example"])
            out = os.path.join(BROKEN, f"{kind}-{name}")
            with open(out, "w") as fh:
                json.dump(broken, fh, indent=2, ensure_ascii=False)
                fh.write("\n")
            counts[kind] += 1
    for k in KINDS:
        print(f"{k:22} {counts[k]}")
    print(f"{'total':22} {sum(counts.values())}")
    if skipped:
        print("skipped (base does not allow the mutation):", ", ".join(skipped))
    assert all(c >= 40 for c in counts.values()), counts
    assert sum(counts.values()) >= 260


if __name__ == "__main__":
    main()
