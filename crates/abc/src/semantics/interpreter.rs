//! The interpreter: walks a tune's syntax tree once and builds its timed voices.

use super::bar_lengths::check_bar_lengths;
use super::header::{default_unit, Globals, Propagation};
use super::key::Key;
use super::model::{
    ChangeKind, ChordSymbolAt, Event, EventKind, GraceNotes, Sounding, Tempo, Tune,
};
use super::performance::expand_part_order;
use super::spelling::letter_index;
use super::voice_state::{new_bar, placeholder_state, resolve_pitch, VoiceState};
use crate::diag::Diagnostics;
use crate::span::Span;
use crate::syntax::{
    AbcFile, BarLine, Element, ElementKind, Field, FieldValue, Grace, Line, MeterSpec, Modifiers,
    Note, RestKind, Section, TuneSyntax, Tuplet,
};
use crate::Frac;
use num_traits::{CheckedAdd, CheckedMul, CheckedSub};

/// Interprets every tune of a parsed file.
pub fn interpret(file: &AbcFile, diags: &mut Diagnostics) -> Vec<Tune> {
    let mut globals = Globals::default();
    let mut tunes = Vec::new();
    for section in &file.sections {
        match section {
            Section::FileHeader(lines) => {
                for line in lines {
                    globals.apply(line);
                }
            }
            Section::Tune(t) => tunes.push(Interpreter::new(&globals, diags).tune(t)),
            Section::FreeText(_) => {}
        }
    }
    tunes
}

/// Interprets one tune.
struct Interpreter<'g, 'd> {
    globals: &'g Globals,
    diags: &'d mut Diagnostics,
    propagation: Propagation,
    voices: Vec<VoiceState>,
    current: usize,
    /// Header values every new voice starts from.
    key: Key,
    meter: MeterSpec,
    unit: Frac,
    /// Voice properties declared in the header, applied when the voice first appears.
    declared: Vec<(String, Modifiers)>,
    /// Time overflowed: the rest of the tune is ignored.
    overflowed: bool,
}

impl<'g, 'd> Interpreter<'g, 'd> {
    fn new(globals: &'g Globals, diags: &'d mut Diagnostics) -> Self {
        let meter = globals.meter.clone().unwrap_or(MeterSpec::Free);
        Interpreter {
            globals,
            diags,
            propagation: globals.propagation,
            voices: Vec::new(),
            current: 0,
            key: Key::default(),
            unit: globals.unit.unwrap_or_else(|| default_unit(&meter)),
            meter,
            declared: Vec::new(),
            overflowed: false,
        }
    }

    fn tune(mut self, t: &TuneSyntax) -> Tune {
        let mut x = None;
        let mut fields: Vec<(char, String)> = Vec::new();
        let mut tempo_spec = None;
        let mut part_order = None;
        let mut unit_given = self.globals.unit.is_some();
        for line in &t.header {
            match line {
                Line::Field(f) => match &f.value {
                    FieldValue::Key(k) => self.key = self.key.updated(k),
                    FieldValue::Meter(m) => {
                        self.meter = m.clone();
                        if !unit_given {
                            self.unit = default_unit(m);
                        }
                    }
                    FieldValue::UnitLength(u) => {
                        self.unit = *u;
                        unit_given = true;
                    }
                    FieldValue::Tempo(q) => tempo_spec = Some(q.clone()),
                    FieldValue::Voice(v) => self.declared.push((v.id.clone(), v.modifiers.clone())),
                    FieldValue::Text(text) => match f.tag {
                        'X' => {
                            x = text.parse().ok();
                            if x.is_none() {
                                self.diags.warning(f.span, "X: should be a number");
                            }
                        }
                        'P' => part_order = Some(expand_part_order(text)),
                        // `+:` continues the field before it.
                        '+' => match fields.last_mut() {
                            Some((_, previous)) => {
                                previous.push(' ');
                                previous.push_str(text);
                            }
                            None => self.diags.warning(f.span, "`+:` continues no field"),
                        },
                        _ => fields.push((f.tag, text.clone())),
                    },
                },
                Line::Directive(d) => self.directive(&d.text),
                Line::Comment(_) | Line::Music(_) => {}
            }
        }
        for line in &t.body {
            if self.overflowed {
                break;
            }
            match line {
                Line::Music(m) => {
                    for e in &m.elements {
                        self.element(e);
                        if self.overflowed {
                            break;
                        }
                    }
                    if !m.continued {
                        self.end_of_line();
                    }
                }
                Line::Field(f) => self.field(f),
                Line::Directive(d) => self.directive(&d.text),
                Line::Comment(_) => {}
            }
        }
        let mut voices = Vec::new();
        for mut v in std::mem::take(&mut self.voices) {
            self.close_bar(&mut v, None, t.span);
            voices.push(v.voice);
        }
        if voices.is_empty() {
            let v = self.new_voice_state(self.declared.first().map_or("1".into(), |d| d.0.clone()));
            voices.push(v.voice);
        }
        for v in &voices {
            check_bar_lengths(v, self.diags);
        }
        let title = fields
            .iter()
            .find(|(tag, _)| *tag == 'T')
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        Tune {
            x,
            title,
            fields,
            tempo: tempo_spec.and_then(|q| Tempo::from_spec(&q, self.unit)),
            key: self.key,
            meter: self.meter,
            unit: self.unit,
            part_order,
            voices,
            span: t.span,
        }
    }

    fn directive(&mut self, text: &str) {
        let mut g = self.globals.clone();
        g.apply(&Line::Directive(crate::syntax::Text {
            text: text.to_string(),
            span: Span::default(),
        }));
        self.propagation = g.propagation;
    }

    fn new_voice_state(&self, id: String) -> VoiceState {
        let part = self.voices.get(self.current).and_then(|v| v.part);
        let mut key = self.key.clone();
        let mut name = None;
        if let Some((_, m)) = self.declared.iter().find(|(d, _)| *d == id) {
            key.apply_modifiers(m);
            name = m.get("name").map(str::to_string);
        }
        let mut state = VoiceState::new(id, key, self.meter.clone(), self.unit, part);
        state.voice.name = name;
        state
    }

    /// Switches to voice `id`, creating it on first use.
    fn select_voice(&mut self, id: &str, modifiers: &Modifiers) {
        match self.voices.iter().position(|v| v.voice.id == id) {
            Some(i) => self.current = i,
            None => {
                let state = self.new_voice_state(id.to_string());
                self.voices.push(state);
                self.current = self.voices.len() - 1;
            }
        }
        let v = &mut self.voices[self.current];
        if !modifiers.pairs.is_empty() {
            v.key.apply_modifiers(modifiers);
            if let Some(n) = modifiers.get("name") {
                v.voice.name = Some(n.to_string());
            }
            // A clef given before the voice's first note holds from its first bar.
            if v.bar.events.is_empty() {
                v.bar.key = v.key.clone();
                if v.voice.bars.is_empty() {
                    v.voice.key = v.key.clone();
                }
            }
        }
    }

    fn voice(&mut self) -> &mut VoiceState {
        if self.voices.is_empty() {
            let id = self.declared.first().map_or("1".into(), |d| d.0.clone());
            let state = self.new_voice_state(id);
            self.voices.push(state);
            self.current = 0;
        }
        &mut self.voices[self.current]
    }

    fn field(&mut self, f: &Field) {
        if !matches!(f.tag, 'w' | '+') {
            if let Some(v) = self.voices.get_mut(self.current) {
                v.last_field_was_lyrics = false;
            }
        }
        match &f.value {
            FieldValue::Voice(v) => self.select_voice(&v.id, &v.modifiers),
            FieldValue::Key(k) => {
                let v = self.voice();
                v.key = v.key.updated(k);
                let key = v.key.clone();
                if v.bar.events.is_empty() {
                    v.bar.key = key.clone();
                }
                if v.voice.bars.is_empty() && v.bar.events.is_empty() {
                    v.voice.key = key.clone();
                }
                v.change(ChangeKind::Key(key));
            }
            FieldValue::Meter(m) => {
                let v = self.voice();
                v.meter = m.clone();
                if v.bar.events.is_empty() {
                    v.bar.meter = m.clone();
                    v.bar.expected = m.bar_length();
                }
                v.change(ChangeKind::Meter(m.clone()));
            }
            FieldValue::UnitLength(u) => {
                let v = self.voice();
                v.unit = *u;
                v.change(ChangeKind::UnitLength(*u));
            }
            FieldValue::Tempo(q) => {
                let v = self.voice();
                if let Some(t) = Tempo::from_spec(q, v.unit) {
                    v.change(ChangeKind::Tempo(t));
                }
            }
            FieldValue::Text(text) => match f.tag {
                'w' => {
                    let v = self.voice();
                    let bar = v.previous_line_first_bar;
                    v.voice.lyrics.push((bar, text.clone()));
                    v.last_field_was_lyrics = true;
                }
                '+' => {
                    let v = self.voice();
                    match v.voice.lyrics.last_mut() {
                        Some((_, line)) if v.last_field_was_lyrics => {
                            line.push(' ');
                            line.push_str(text);
                        }
                        _ => self.diags.warning(f.span, "`+:` continues no lyrics line"),
                    }
                }
                'P' => {
                    let part = text.chars().find(|c| c.is_ascii_alphabetic());
                    let v = self.voice();
                    v.part = part;
                    if v.bar.events.is_empty() {
                        v.bar.part = part;
                    }
                }
                _ => {}
            },
        }
    }

    fn end_of_line(&mut self) {
        if let Some(v) = self.voices.get_mut(self.current) {
            v.line += 1;
            v.previous_line_first_bar = v.line_first_bar;
            v.line_first_bar = v.voice.bars.len();
        }
    }

    fn element(&mut self, e: &Element) {
        match &e.kind {
            ElementKind::Note(n) => {
                self.sounding_event(std::slice::from_ref(n), n.length, false, e.span)
            }
            ElementKind::Chord(c) => {
                let first = c.notes.first().map_or(Frac::new(1, 1), |n| n.length);
                let Some(len) = first.checked_mul(&c.length) else {
                    self.overflow(e.span);
                    return;
                };
                self.sounding_event(&c.notes, len, c.tie, e.span);
            }
            ElementKind::Rest(r) => self.rest(r.kind, r.length, e.span),
            ElementKind::BarLine(b) => self.bar_line(b, e.span),
            ElementKind::Ending(label) => self.ending(label, e.span),
            ElementKind::ChordSymbol(s) => self.chord_symbol(s, e.span),
            ElementKind::Annotation(p, text) => self.voice().annotations.push((*p, text.clone())),
            ElementKind::Decoration(d) => self.voice().decorations.push(d.name.clone()),
            ElementKind::Tuplet(t) => self.tuplet(t, e.span),
            ElementKind::Grace(g) => self.grace(g),
            ElementKind::BrokenRhythm(b) => self.broken_rhythm(b.first_longer, b.count, e.span),
            ElementKind::Overlay => self.overlay(),
            ElementKind::InlineField(f) => self.field(f),
            ElementKind::Space => self.voice().beam_break = true,
            ElementKind::SlurStart => {
                let v = self.voice();
                v.slurs_pending = v.slurs_pending.saturating_add(1);
            }
            ElementKind::SlurEnd => self.slur_end(e.span),
            ElementKind::Spacer => {}
        }
    }

    /// A variant ending: one written inside a bar (`… A2 [2 Bd|`) starts where it is written.
    fn ending(&mut self, label: &str, span: Span) {
        let i = self.current_index();
        if !self.voices[i].bar.events.is_empty() {
            let mut v = std::mem::replace(&mut self.voices[i], placeholder_state());
            self.close_bar(&mut v, None, span);
            self.voices[i] = v;
        }
        self.voices[i].bar.ending = Some(label.to_string());
    }

    /// A chord symbol at the cursor.
    fn chord_symbol(&mut self, symbol: &str, span: Span) {
        let v = self.voice();
        let bar = v.voice.bars.len();
        let onset = v.cursor;
        v.voice.chord_symbols.push(ChordSymbolAt {
            onset,
            bar,
            symbol: symbol.to_string(),
            span,
        });
    }

    /// `(p:q:r`: the next `r` notes take `q` times the time of `p` (`q` from the meter when
    /// left out).
    fn tuplet(&mut self, t: &Tuplet, span: Span) {
        let compound = self.voice().meter.is_compound();
        let q = t.q.unwrap_or(match t.p {
            2 | 4 | 8 => 3,
            3 | 6 => 2,
            _ if compound => 3,
            _ => 2,
        });
        let r = t.r.unwrap_or(t.p);
        if let Some((p, _, left)) = self.voice().tuplet {
            if left > 0 {
                self.diags.warning(
                    span,
                    format!("tuplet ({p} starts before the previous one has all its notes"),
                );
            }
        }
        self.voice().tuplet = Some((t.p, q, r));
    }

    /// Grace notes, kept for the next event.
    fn grace(&mut self, g: &Grace) {
        let mut notes = Vec::new();
        for ge in &g.elements {
            let written: Vec<Note> = match &ge.kind {
                ElementKind::Note(n) => vec![*n],
                ElementKind::Chord(c) => c.notes.clone(),
                _ => continue,
            };
            let propagation = self.propagation;
            let v = self.voice();
            notes.push(
                written
                    .iter()
                    .map(|n| resolve_pitch(v, n.pitch, false, propagation))
                    .collect(),
            );
        }
        self.voice().grace = Some(GraceNotes {
            acciaccatura: g.acciaccatura,
            notes,
        });
    }

    /// `&`: another layer of the bar starts again at the bar's start.
    fn overlay(&mut self) {
        let v = self.voice();
        if v.main_end.is_none() {
            v.main_end = Some(v.cursor);
        }
        v.overlay = v.overlay.saturating_add(1);
        v.cursor = v.bar.onset;
    }

    /// `)`: the slur ends on the last event written (in this bar or the one before).
    fn slur_end(&mut self, span: Span) {
        let v = self.voice();
        let last = match v.bar.events.last_mut() {
            Some(e) => Some(e),
            None => v.voice.bars.last_mut().and_then(|b| b.events.last_mut()),
        };
        match last {
            Some(e) => e.slurs_end = e.slurs_end.saturating_add(1),
            None => self.diags.warning(span, "`)` ends a slur before any note"),
        }
    }

    fn overflow(&mut self, span: Span) {
        self.diags.error(
            span,
            "the music is too long to time exactly; the rest of the tune is ignored",
        );
        self.overflowed = true;
    }

    /// Length in whole notes of `length` units, with the pending tuplet and broken rhythm.
    fn timed(&mut self, length: Frac, span: Span) -> Option<(Frac, Option<(u32, u32)>)> {
        let v = self.voice();
        let mut d = length.checked_mul(&v.unit);
        let mut tuplet = None;
        if let Some((p, q, left)) = v.tuplet {
            if left > 0 {
                d = d.and_then(|d| d.checked_mul(&Frac::new(i64::from(q), i64::from(p))));
                v.tuplet = Some((p, q, left - 1));
                tuplet = Some((p, q));
            } else {
                v.tuplet = None;
            }
        }
        if let Some(f) = v.broken_next.take() {
            d = d.and_then(|d| d.checked_mul(&f));
        }
        match d {
            Some(d) => Some((d, tuplet)),
            None => {
                self.overflow(span);
                None
            }
        }
    }

    /// Appends an event at the cursor and moves the cursor on.
    fn push_event(
        &mut self,
        kind: EventKind,
        duration: Frac,
        tuplet: Option<(u32, u32)>,
        span: Span,
    ) {
        let v = self.voice();
        let onset = v.cursor;
        let Some(next) = onset.checked_add(&duration) else {
            self.overflow(span);
            return;
        };
        let v = self.voice();
        v.cursor = next;
        let event = Event {
            onset,
            duration,
            kind,
            decorations: std::mem::take(&mut v.decorations),
            annotations: std::mem::take(&mut v.annotations),
            grace: v.grace.take(),
            tuplet,
            overlay: v.overlay,
            beam_break: std::mem::replace(&mut v.beam_break, false),
            slurs_start: std::mem::take(&mut v.slurs_pending),
            slurs_end: 0,
            span,
        };
        v.bar.events.push(event);
    }

    fn sounding_event(&mut self, notes: &[Note], length: Frac, chord_tie: bool, span: Span) {
        let Some((duration, tuplet)) = self.timed(length, span) else {
            return;
        };
        let propagation = self.propagation;
        let v = self.voice();
        let ties = std::mem::take(&mut v.open_ties);
        let sounding: Vec<Sounding> = notes
            .iter()
            .map(|n| {
                let li = letter_index(n.pitch.letter);
                let scope = if propagation == Propagation::Octave {
                    n.pitch.octave
                } else {
                    0
                };
                let bar_has_accidental = v.bar_accidentals.get(li, scope).is_some();
                let mut s = resolve_pitch(v, n.pitch, n.tie || chord_tie, propagation);
                // A note tied over the bar line keeps its accidental, unless the new bar
                // has already said otherwise.
                if n.pitch.accidental.is_none() && !bar_has_accidental {
                    if let Some(&(_, _, alter)) = ties
                        .iter()
                        .find(|(l, o, _)| *l == letter_index(s.letter) && *o == s.octave)
                    {
                        s.midi += i32::from(alter - s.alter);
                        s.alter = alter;
                    }
                }
                s
            })
            .collect();
        v.open_ties = sounding
            .iter()
            .filter(|s| s.tie)
            .map(|s| (letter_index(s.letter), s.octave, s.alter))
            .collect();
        self.push_event(EventKind::Notes(sounding), duration, tuplet, span);
    }

    fn rest(&mut self, kind: RestKind, length: Frac, span: Span) {
        match kind {
            RestKind::Visible | RestKind::Invisible => {
                let Some((duration, tuplet)) = self.timed(length, span) else {
                    return;
                };
                self.voice().open_ties.clear();
                let visible = kind == RestKind::Visible;
                self.push_event(EventKind::Rest { visible }, duration, tuplet, span);
            }
            RestKind::MultiBar | RestKind::InvisibleMultiBar => {
                // Rests end ties, whole bars of them too: a note after them is not tied in.
                self.voice().open_ties.clear();
                let bars = length.to_integer().clamp(1, 10_000) as u32;
                if !length.is_integer() {
                    self.diags
                        .warning(span, "a multi-bar rest counts whole bars");
                }
                let v = self.voice();
                let Some(bar_len) = v.meter.bar_length() else {
                    self.diags.warning(
                        span,
                        "a multi-bar rest needs a meter; it is ignored in free meter",
                    );
                    return;
                };
                let Some(duration) = bar_len.checked_mul(&Frac::from(i64::from(bars))) else {
                    return self.overflow(span);
                };
                let v = self.voice();
                v.bar.expected = Some(duration);
                let visible = kind == RestKind::MultiBar;
                self.push_event(
                    EventKind::MultiBarRest { bars, visible },
                    duration,
                    None,
                    span,
                );
            }
        }
    }

    fn broken_rhythm(&mut self, first_longer: bool, count: u8, span: Span) {
        let half = Frac::new(1, 1i64 << count);
        let (longer, shorter) = (Frac::new(2, 1) - half, half);
        let (first, second) = if first_longer {
            (longer, shorter)
        } else {
            (shorter, longer)
        };
        let v = self.voice();
        let overlay = v.overlay;
        let Some(prev) = v.bar.events.last_mut().filter(|e| e.overlay == overlay) else {
            self.diags.error(
                span,
                "broken rhythm must stand between two notes of one bar",
            );
            return;
        };
        let old = prev.duration;
        let Some(new) = old.checked_mul(&first) else {
            return self.overflow(span);
        };
        prev.duration = new;
        let Some(cursor) = new.checked_sub(&old).and_then(|d| v.cursor.checked_add(&d)) else {
            return self.overflow(span);
        };
        v.cursor = cursor;
        v.broken_next = Some(second);
    }

    fn bar_line(&mut self, b: &BarLine, span: Span) {
        let i = self.current_index();
        let mut v = std::mem::replace(&mut self.voices[i], placeholder_state());
        self.close_bar(&mut v, Some(b), span);
        self.voices[i] = v;
    }

    fn current_index(&mut self) -> usize {
        self.voice();
        self.current
    }

    /// Ends the current bar at a bar line (or at the end of the tune) and starts the next.
    fn close_bar(&mut self, v: &mut VoiceState, bar_line: Option<&BarLine>, span: Span) {
        if v.broken_next.is_some() && bar_line.is_some() {
            self.diags.error(
                span,
                "broken rhythm must stand between two notes of one bar",
            );
            v.broken_next = None;
        }
        let end = v.main_end.take().unwrap_or(v.cursor);
        v.overlay = 0;
        v.cursor = end;
        let empty = v.bar.events.is_empty() && end == v.bar.onset;
        if empty {
            // A bar line right after another (e.g. `|` ending one line, `|:` starting the
            // next): it decorates the previous bar's end and this bar's start.
            if let Some(b) = bar_line {
                if let Some(prev) = v.voice.bars.last_mut() {
                    if b.repeat_end() > 0 || prev.bar_line.as_deref() == Some("|") {
                        prev.repeat_end = prev.repeat_end.max(b.repeat_end());
                        prev.bar_line = Some(b.symbol.clone());
                    }
                }
                v.bar.repeat_start |= b.repeat_start();
                if b.ending.is_some() {
                    v.bar.ending = b.ending.clone();
                }
                v.bar.key = v.key.clone();
                v.bar.meter = v.meter.clone();
                v.bar.expected = v.meter.bar_length();
                v.bar.line = v.line;
                v.bar.part = v.part;
                v.bar_accidentals.clear();
            }
            return;
        }
        let mut bar = std::mem::replace(&mut v.bar, new_bar(end, &v.key, &v.meter, v.line, v.part));
        bar.duration = match end.checked_sub(&bar.onset) {
            Some(d) => d,
            None => return self.overflow(span),
        };
        if let Some(b) = bar_line {
            bar.repeat_end = b.repeat_end();
            bar.bar_line = Some(b.symbol.clone());
            v.bar.repeat_start = b.repeat_start();
            v.bar.ending = b.ending.clone();
        }
        v.voice.bars.push(bar);
        v.bar_accidentals.clear();
        v.beam_break = true;
        if v.tuplet.is_some_and(|(_, _, left)| left > 0) {
            self.diags.warning(span, "a tuplet runs over the bar line");
        }
    }
}
