//! The reader's rules, with expected values a musician writes by hand.

use super::filler::FILLER;
use super::key::parse_key;
use super::lists::Mood;
use super::model::{Intent, IntentError, Overrides};
use super::reader::parse;

fn p(prompt: &str) -> Intent {
    parse(prompt, &Overrides::default()).unwrap()
}

fn key_of(i: &Intent) -> String {
    format!("{} {}", i.key.tonic, i.key.mode.name())
}

#[test]
fn key_options_are_strict_and_say_where_and_why() {
    // Keys as musicians write them, and the key each names (hand-labelled).
    for (text, key) in [
        ("Bb", "Bb major"),
        ("F#m", "F# minor"),
        ("D dorian", "D dorian"),
        ("a minor", "A minor"),
        ("Es-Dur", "Eb major"),
        ("fis-Moll", "F# minor"),
        ("E flat", "Eb major"),
        ("C♯ minor", "C# minor"),
        ("la bémol", "Ab major"),
        ("Ebmaj", "Eb major"),
        ("G mixolydian", "G mixolydian"),
        ("  A  ", "A major"),
    ] {
        let k = parse_key(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(format!("{} {}", k.tonic, k.mode.name()), key, "{text}");
    }
    // Keys that are not keys: the word at fault, where it starts and why (hand-written).
    for (text, why) in [
        (
            "E##### locrian####",
            "`E#####` at character 1 has 5 sharps or flats",
        ),
        ("Cbbbb", "`Cbbbb` at character 1 has 4 sharps or flats"),
        (
            "E locrian####",
            "`locrian####` at character 3 is not a mode",
        ),
        ("D dorian7", "`dorian7` at character 3 is not a mode"),
        (
            "  G  major  minor",
            "`minor` at character 13 is one word too many",
        ),
        ("H#", "`H#` at character 1 is not a note name"),
        (
            "F#mx",
            "`F#mx` at character 1 is not a note name with a mode",
        ),
        (
            "Fis",
            "`Fis` at character 1 is a German note name without Dur or Moll",
        ),
        ("   ", "there is no note name"),
    ] {
        let e = parse_key(text).expect_err(text).to_string();
        assert!(
            e.starts_with(&format!("key `{}`: {why}", text.trim())),
            "{e}"
        );
    }
    // Through the options of a prompt, too.
    let bad_key = Overrides {
        key: Some("Cbbbb".into()),
        ..Default::default()
    };
    assert!(matches!(
        parse("blues", &bad_key),
        Err(IntentError::BadKey { .. })
    ));
}

#[test]
fn keys_as_musicians_write_them() {
    assert_eq!(key_of(&p("slow blues in E")), "E major");
    assert_eq!(key_of(&p("funky groove in Bb minor")), "Bb minor");
    assert_eq!(key_of(&p("jazz in the key of F sharp")), "F# major");
    assert_eq!(key_of(&p("something in D dorian")), "D dorian");
    // A# major would need double sharps: Bb major is the same sound.
    assert_eq!(key_of(&p("rock jam in A#")), "Bb major");
    assert_eq!(key_of(&p("rock jam in A# minor")), "A# minor");
    assert_eq!(key_of(&p("a sad song in C#m")), "C# minor");
    assert_eq!(key_of(&p("E flat minor ballad")), "Eb minor");
    assert_eq!(
        key_of(&p("a funky groove")).split(' ').nth(1),
        Some("dorian")
    );
    assert_eq!(
        key_of(&p("flamenco in A harmonic minor")),
        "A harmonic minor"
    );
    // D# major would need double sharps: Eb it is.
    assert_eq!(key_of(&p("pop in D#")), "Eb major");
}

#[test]
fn tempo_meter_bars_style_mood_instrument() {
    let i = p("punk in Db, 180 bpm");
    assert_eq!((i.tempo, i.style.id), (180, "punk"));
    assert_eq!(p("slow blues in E").tempo, 60);
    assert_eq!(p("allegro folk tune").tempo, 132);
    assert_eq!(p("a waltz").meter, (3, 4));
    assert_eq!(p("12/8 shuffle blues").meter, (12, 8));
    assert_eq!(p("16 bars of funk").bars, 16);
    assert_eq!(p("12-bar blues").bars, 12);
    assert_eq!(p("twelve bar blues").style.id, "blues");
    assert_eq!(p("bossa nova for flute").instrument.name, "flute");
    assert_eq!(p("dark cinematic theme").mood, Some(Mood::Dark));
    assert_eq!(p("reggae bass line").instrument.name, "bass");
    assert_eq!(p("tenor sax ballad").instrument.name, "tenor sax");
    assert_eq!(p("minor blues in G").style.id, "minor-blues");
    assert_eq!(p("jazz blues in F").style.id, "jazz-blues");
}

#[test]
fn a_stated_key_in_any_phrasing() {
    for (prompt, want) in [
        ("funk in Am", "A minor"),
        ("funk, A minor", "A minor"),
        ("jazz in the key of A minor", "A minor"),
        ("blues in A min", "A minor"),
        ("Amin groove", "A minor"),
        ("minor blues, A-, slow", "A minor"),
        ("reggae in F sharp minor", "F# minor"),
        ("lofi in f#m", "F# minor"),
        ("jam in Bb dorian", "Bb dorian"),
        ("fusion in B flat mixolydian", "Bb mixolydian"),
        ("Blues. Key: E.", "E major"),
        ("ballad, key of Eb", "Eb major"),
        ("Swing in B-Dur", "Bb major"),
        ("Jazz in H-Moll", "B minor"),
        ("Techno in f-Moll", "F minor"),
        ("Pop in Cis-Dur", "C# major"),
        ("Polka in Es-Dur", "Eb major"),
        ("Walzer in Fis", "F# major"),
        ("blues lento en mi menor", "E minor"),
        ("reel irlandais en ré majeur", "D major"),
        ("ambient in la minore", "A minor"),
        ("une valse en fa dièse mineur", "F# minor"),
        ("smooth jazz en Re bemol", "Db major"),
        ("bebop rapide en fa", "F major"),
        ("jazz modal em Ré dórico", "D dorian"),
        ("a blues in a for a beginner", "A major"),
        ("minor blues in C", "C minor"),
        // A named tonic is played as named: no mood overrules it, and a bare tonic takes
        // the style's own mode (a funk vamp on E is E dorian).
        ("sad blues in the key of B", "B major"),
        ("funk vamp on E", "E dorian"),
        ("metal in D# minor", "D# minor"),
        ("blues in E-flat", "Eb major"),
        ("ballad in F-sharp minor", "F# minor"),
        ("rock, key=G", "G major"),
    ] {
        assert_eq!(key_of(&p(prompt)), want, "{prompt}");
    }
    // Articles, possessives and conjunctions are not keys.
    for prompt in [
        "un blues para mi hermano",
        "a blues for a friend",
        "bossa nova em casa e na praia",
        "jazz in a dark club",
        "a tune like BB King",
        "I am in the mood for funk",
    ] {
        assert!(!p(prompt).explicit.key, "{prompt}");
    }
}

#[test]
fn genres_outrank_feel_words() {
    for (prompt, want) in [
        ("reggae groove", "reggae"),
        ("jazz jam session", "jazz"),
        ("bluegrass breakdown in G", "bluegrass"),
        ("electric blues jam", "blues"),
        ("funky reggae", "reggae"),
        ("bluesy rock in A", "rock"),
        ("country rock in G", "rock"),
        ("psychedelic cumbia", "cumbia"),
        ("country waltz", "waltz"),
        ("latin jazz montuno", "salsa"),
        ("jazz-funk for horns", "jazz-funk"),
        ("a manouche-style waltz", "waltz"),
        ("rock ballad", "rock-ballad"),
        ("jazz ballad", "jazz-ballad"),
        ("reggae with a bit of funk", "reggae"),
        (
            "i'm learning bebop, can u do rhythm changes in Bb",
            "rhythm-changes",
        ),
        ("bluesrock in A", "blues-rock"),
        ("hardbop groove", "hard-bop"),
        ("funky groove", "funk"),
    ] {
        assert_eq!(p(prompt).style.id, want, "{prompt}");
    }
}

#[test]
fn numbers_naming_or_counting_things_are_no_tempo() {
    for prompt in [
        "disco like studio 54",
        "top 40 pop hit",
        "route 66 style blues",
        "folk tune for 50 people",
        "jazz for my 60 years",
    ] {
        let i = p(prompt);
        assert_eq!(i.tempo, i.style.tempo.1, "{prompt}");
    }
    assert_eq!(p("blues at 66").tempo, 66);
    assert_eq!(p("rock 140").tempo, 140);
}

#[test]
fn tempo_words_move_within_the_style() {
    let usual = |prompt: &str| p(prompt).style.tempo.1;
    for prompt in [
        "reggae, laid-back",
        "mellow funk",
        "soothing bossa nova",
        "relaxed samba",
        "chill house",
    ] {
        assert!(p(prompt).tempo < usual(prompt), "{prompt}");
    }
    for prompt in [
        "upbeat bossa",
        "energetic rock",
        "driving techno",
        "fast-paced bluegrass",
        "high-energy funk",
    ] {
        assert!(p(prompt).tempo > usual(prompt), "{prompt}");
    }
    assert_eq!(p("chill bossa nova, 110 bpm").tempo, 110);
    assert_eq!(p("jazz standard q=132").tempo, 132);
    assert_eq!(p("funk, 90-100 bpm").tempo, 95);
    assert!(p("not too fast funk").tempo <= usual("funk"));
    assert_eq!(p("reel in D").meter, (4, 4));
    assert_eq!(p("slip jig in G").meter, (9, 8));
    assert_eq!(p("polka for accordion").meter, (2, 4));
    assert_eq!(p("reel in cut time").meter, (2, 2));
    assert_eq!(p("folk song in six-eight").meter, (6, 8));
    assert_eq!(p("blues in three four time").meter, (3, 4));
    assert_eq!(p("a 12/8-feel ballad").meter, (12, 8));
    assert_eq!(p("two-step shuffle").meter, (4, 4));
}

#[test]
fn typos_and_unknown_words_do_not_fail() {
    assert_eq!(p("bluse in A").style.id, "blues");
    assert_eq!(p("funcky grove").style.id, "funk");
    assert_eq!(p("raggae").style.id, "reggae");
    assert_eq!(key_of(&p("something in C minr")), "C minor");
    let i = p("zzqx wibble 🎸 ☕");
    assert_eq!(i.style.id, "pop");
    assert!(parse("   ", &Overrides::default()).is_err());
}

#[test]
fn word_lists_are_sorted_for_binary_search() {
    assert!(FILLER.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn overrides_win_and_are_checked() {
    let o = Overrides {
        key: Some("F#m".into()),
        tempo: Some(77),
        bars: Some(24),
        meter: Some("6/8".into()),
        style: Some("Bossa nova".into()),
    };
    let i = parse("blues in E at 120", &o).unwrap();
    assert_eq!(
        (key_of(&i).as_str(), i.tempo, i.bars, i.meter),
        ("F# minor", 77, 24, (6, 8))
    );
    // The chosen style leads; the blues the prompt names colours it (blue notes).
    assert_eq!(i.style.id, "bossa");
    assert_eq!(i.colour.map(|c| c.id), Some("blues"));
    assert_eq!(
        i.understood.style.as_ref().map(|r| r.words.as_str()),
        Some("option")
    );
    // A style the prompt does not name: no colour; by id, in any case.
    let chosen = |id: &str| Overrides {
        style: Some(id.into()),
        ..Default::default()
    };
    let i = parse("slow in D", &chosen("FUNK")).unwrap();
    assert_eq!((i.style.id, i.colour.map(|c| c.id)), ("funk", None));
    // Its tempo is the chosen style's own, not the prompt's default style's.
    let funk = crate::style::by_id("funk").unwrap();
    assert_eq!(parse("in D", &chosen("funk")).unwrap().tempo, funk.tempo.1);
    let bad = |o: Overrides| parse("blues", &o).unwrap_err();
    assert!(matches!(
        bad(Overrides {
            key: Some("H".into()),
            ..Default::default()
        }),
        IntentError::BadKey { .. }
    ));
    assert!(matches!(
        bad(Overrides {
            tempo: Some(5),
            ..Default::default()
        }),
        IntentError::BadTempo(5)
    ));
    assert!(matches!(
        bad(Overrides {
            bars: Some(500),
            ..Default::default()
        }),
        IntentError::BadBars(500)
    ));
    assert!(matches!(
        bad(Overrides {
            meter: Some("13/16".into()),
            ..Default::default()
        }),
        IntentError::BadMeter(_)
    ));
    assert!(matches!(
        bad(Overrides {
            style: Some("vaporwave".into()),
            ..Default::default()
        }),
        IntentError::BadStyle(_)
    ));
}
