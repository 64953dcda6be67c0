//! Music semantics tested as music: times, pitches, accidentals, ties, tuplets, repeats.

mod common;
use common::{played, tune};
use jamsesh_abc::{EventKind, Frac};

fn midis(src: &str) -> Vec<i32> {
    played(&tune(src)).into_iter().map(|n| n.2).collect()
}

#[test]
fn every_bar_fills_the_meter() {
    let t = tune("X:1\nM:6/8\nL:1/8\nK:D\nA>BA d2e|f3- f2e|(3def g2 [Ace]3/2z/|]\n");
    let bars = &t.voices[0].bars;
    assert_eq!(bars.len(), 3);
    for bar in bars {
        assert_eq!(bar.duration, Frac::new(3, 4), "bar at {}", bar.onset);
        assert_eq!(bar.expected, Some(Frac::new(3, 4)));
    }
}

#[test]
fn pitches_follow_key_signature_and_octaves() {
    // G major: F is sharp in every octave; middle C is C.
    assert_eq!(
        midis("X:1\nK:G\nC F f F, c' G,,|\n"),
        vec![60, 66, 78, 54, 84, 43]
    );
    // Modes: D dorian has no sharps, E phrygian none, F lydian none, Bb mixolydian has Bb Eb Ab.
    assert_eq!(midis("X:1\nK:D dor\nFc|\n"), vec![65, 72]);
    assert_eq!(midis("X:1\nK:Bbmix\nBEA|\n"), vec![70, 63, 68]);
    assert_eq!(
        midis("X:1\nK:C#m\nFCGDAEB|\n"),
        vec![66, 61, 68, 63, 69, 64, 71]
    );
    assert_eq!(midis("X:1\nK:none\nF B|\n"), vec![65, 71]);
    // Explicit accidentals: D major signature plus a sharp G; `exp` keeps only the list.
    assert_eq!(midis("X:1\nK:D ^g\nFGC|\n"), vec![66, 68, 61]);
    assert_eq!(midis("X:1\nK:D exp _b\nFB|\n"), vec![65, 70]);
    // Highland pipes: F and C sharp, G natural.
    assert_eq!(midis("X:1\nK:HP\nFCG|\n"), vec![66, 61, 67]);
}

#[test]
fn accidentals_last_to_the_bar_line_in_every_octave() {
    // ABC 2.1 §4.2: an accidental applies to later notes of the same letter in the bar,
    // in all octaves (%%propagate-accidentals pitch is the default).
    assert_eq!(
        midis("X:1\nK:C\n^F f F | F =F F|\n"),
        vec![66, 78, 66, 65, 65, 65]
    );
    assert_eq!(
        midis("X:1\n%%propagate-accidentals octave\nK:C\n^F f F|\n"),
        vec![66, 77, 66]
    );
    assert_eq!(
        midis("X:1\n%%propagate-accidentals not\nK:C\n^F F|\n"),
        vec![66, 65]
    );
    // Double sharps and flats.
    assert_eq!(midis("X:1\nK:C\n^^C __B|\n"), vec![62, 69]);
}

#[test]
fn ties_merge_and_carry_their_accidental_over_the_bar() {
    let t = tune("X:1\nL:1/4\nK:C\n^C2 D2-|D C2 z|[CE]-[CE]2 z|\n");
    assert_eq!(
        played(&t),
        vec![
            ("0".into(), "1/2".into(), 61),
            ("1/2".into(), "3/4".into(), 62),
            ("5/4".into(), "1/2".into(), 60),
            ("2".into(), "3/4".into(), 60),
            ("2".into(), "3/4".into(), 64),
        ]
    );
    // `^c-|c`: the tied note stays sharp although the bar line ends the accidental.
    assert_eq!(midis("X:1\nK:C\nB ^c3-|c2 c2|\n"), vec![71, 73, 72]);
}

#[test]
fn tuplets_and_broken_rhythm_keep_exact_time() {
    let t = tune("X:1\nM:2/4\nL:1/8\nK:C\n(3CDE F2|(5CDEFG A2|C>D E<F|C>>D E2|\n");
    let notes = played(&t);
    let durs: Vec<&str> = notes.iter().map(|n| n.1.as_str()).collect();
    assert_eq!(
        durs,
        [
            "1/12", "1/12", "1/12", "1/4", // (3 in the time of 2
            "1/20", "1/20", "1/20", "1/20", "1/20", "1/4", // (5 in simple time: 5 in 2
            "3/16", "1/16", "1/16", "3/16", // > and <
            "7/32", "1/32", "1/4", // >>
        ]
    );
    for bar in &t.voices[0].bars {
        assert_eq!(bar.duration, Frac::new(1, 2));
    }
    // (3:2:4 – three in the time of two, for four notes; in 6/8 (5 takes three beats).
    let t = tune("X:1\nM:6/8\nL:1/8\nK:C\n(5CDEFG z|\n");
    assert_eq!(played(&t)[0].1, "3/40");
}

#[test]
fn repeats_and_endings_expand_in_performance_order() {
    let t = tune("X:1\nL:1/4\nK:C\n|:C|D:|\n|:E|1F:|2G|]\n");
    assert_eq!(midis_of(&t), vec![60, 62, 60, 62, 64, 65, 64, 67]);
    // A repeat without a start sign goes back to the start of the tune.
    let t = tune("X:1\nL:1/4\nK:C\nC|D:|E|]\n");
    assert_eq!(midis_of(&t), vec![60, 62, 60, 62, 64]);
    // `::` ends one repeat and starts the next.
    let t = tune("X:1\nL:1/4\nK:C\n|:C::D:|\n");
    assert_eq!(midis_of(&t), vec![60, 60, 62, 62]);
}

fn midis_of(t: &jamsesh_abc::Tune) -> Vec<i32> {
    played(t).into_iter().map(|n| n.2).collect()
}

#[test]
fn parts_play_in_header_order() {
    let t = tune("X:1\nL:1/4\nP:ABA\nK:C\nP:A\nC|\nP:B\nD|\n");
    assert_eq!(midis_of(&t), vec![60, 62, 60]);
}

#[test]
fn chord_symbols_keep_their_time() {
    let t = tune("X:1\nM:4/4\nL:1/4\nK:C\n\"C\"C E \"G7/B\"G2|\"Am\"A4|\n");
    let chords: Vec<(String, String, usize)> = t.voices[0]
        .chord_symbols
        .iter()
        .map(|c| (c.onset.to_string(), c.symbol.clone(), c.bar))
        .collect();
    assert_eq!(
        chords,
        vec![
            ("0".into(), "C".into(), 0),
            ("1/2".into(), "G7/B".into(), 0),
            ("1".into(), "Am".into(), 1),
        ]
    );
}

#[test]
fn voices_are_separate_and_keep_their_clefs() {
    let t = tune(
        "X:1\nT:Two voices\nM:2/4\nL:1/8\nV:S name=\"Soprano\"\nV:B clef=bass octave=-1\nK:G\nV:S\nd2 B2|\nV:B\nG,4|\n[V:S] c4|\n[V:B] D,4|\n",
    );
    assert_eq!(t.voices.len(), 2);
    assert_eq!(t.voices[0].name.as_deref(), Some("Soprano"));
    assert_eq!(t.voices[1].key.clef, "bass");
    let perf = t.performance();
    assert_eq!(
        perf[0].notes.iter().map(|n| n.midi).collect::<Vec<_>>(),
        [74, 71, 72]
    );
    // octave=-1 sounds an octave lower than written.
    assert_eq!(
        perf[1].notes.iter().map(|n| n.midi).collect::<Vec<_>>(),
        [43, 38]
    );
    assert_eq!(perf[1].notes[1].onset, Frac::new(1, 2));
}

#[test]
fn overlays_share_the_bar() {
    let t = tune("X:1\nM:2/4\nL:1/8\nK:C\nc2 d2 & E4|c4|\n");
    let bar = &t.voices[0].bars[0];
    assert_eq!(bar.duration, Frac::new(1, 2));
    assert_eq!(bar.events.iter().filter(|e| e.overlay == 1).count(), 1);
    let notes = played(&t);
    assert_eq!(notes[0], ("0".into(), "1/2".into(), 64));
    assert_eq!(notes.last().unwrap().0, "1/2");
}

#[test]
fn meter_unit_and_key_changes_inside_the_tune() {
    let t = tune("X:1\nM:3/4\nK:C\nF6|[M:2/4][L:1/4][K:F]B2|\n");
    let bars = &t.voices[0].bars;
    // M:3/4 without L: gives L:1/8 (3/4 is not below 0.75).
    assert_eq!(bars[0].duration, Frac::new(3, 4));
    assert_eq!(bars[1].duration, Frac::new(1, 2));
    assert_eq!(
        bars[1].meter,
        jamsesh_abc::MeterSpec::Fraction {
            numerators: vec![2],
            denominator: 4
        }
    );
    assert_eq!(midis_of(&t), vec![65, 70]);
    // M:2/4 without L: gives L:1/16.
    let t = tune("X:1\nM:2/4\nK:C\nC8|\n");
    assert_eq!(t.voices[0].bars[0].duration, Frac::new(1, 2));
}

#[test]
fn rests_grace_notes_and_multibar_rests() {
    let t = tune("X:1\nM:4/4\nL:1/4\nK:C\n{/d}C z x2|Z2|C4|\n");
    let bar0 = &t.voices[0].bars[0];
    assert!(bar0.events[0]
        .grace
        .as_ref()
        .is_some_and(|g| g.acciaccatura && g.notes[0][0].midi == 74));
    assert!(matches!(
        bar0.events[1].kind,
        EventKind::Rest { visible: true }
    ));
    assert!(matches!(
        bar0.events[2].kind,
        EventKind::Rest { visible: false }
    ));
    let bar1 = &t.voices[0].bars[1];
    assert_eq!(bar1.duration, Frac::new(2, 1));
    assert!(matches!(
        bar1.events[0].kind,
        EventKind::MultiBarRest {
            bars: 2,
            visible: true
        }
    ));
    // Grace notes take no time and are not played as notes.
    assert_eq!(
        played(&t),
        vec![("0".into(), "1/4".into(), 60), ("3".into(), "1".into(), 60)]
    );
}

#[test]
fn wrong_bar_lengths_are_reported_where_they_are() {
    let src = "X:1\nM:3/4\nL:1/4\nK:C\nC D E|F G A B|C D E|C2|\n";
    let (_, diags) = jamsesh_abc::parse_tunes(src);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let text = diags.render("t.abc", src);
    assert!(
        text.starts_with(
            "t.abc:5:7: warning: bar 2 of voice 1 lasts 1 but the meter 3/4 asks for 3/4"
        ),
        "{text}"
    );
}

#[test]
fn field_continuations_and_beam_groups() {
    let t = tune("X:1\nT:A long\n+:title\nL:1/8\nK:C\nCDEF GABc|\nw:do re mi\n+:fa so\n");
    assert_eq!(t.title, "A long title");
    assert_eq!(t.voices[0].lyrics, vec![(0, "do re mi fa so".to_string())]);
    let breaks: Vec<bool> = t.voices[0].bars[0]
        .events
        .iter()
        .map(|e| e.beam_break)
        .collect();
    assert_eq!(
        breaks,
        [true, false, false, false, true, false, false, false]
    );
}

#[test]
fn slurs_start_and_end_on_their_notes_across_bar_lines() {
    let t = tune("X:1\nL:1/4\nK:C\n(C D) ((E F|G) A B c)|\n");
    let starts: Vec<u8> = t.voices[0]
        .bars
        .iter()
        .flat_map(|b| b.events.iter().map(|e| e.slurs_start))
        .collect();
    let ends: Vec<u8> = t.voices[0]
        .bars
        .iter()
        .flat_map(|b| b.events.iter().map(|e| e.slurs_end))
        .collect();
    assert_eq!(starts, vec![1, 0, 2, 0, 0, 0, 0, 0]);
    assert_eq!(ends, vec![0, 1, 0, 0, 1, 0, 0, 1]);
}

#[test]
fn a_clef_given_in_the_body_holds_from_the_voices_first_bar() {
    let t = tune("X:1\nL:1/4\nK:G\nV:1\nV:2 clef=bass\n[V:1] d2 B|c3|\n[V:2] G,,2 D,|C,3|\n");
    let bass = &t.voices[1];
    assert_eq!(bass.key.clef, "bass");
    assert!(bass.bars.iter().all(|b| b.key.clef == "bass"));
}
