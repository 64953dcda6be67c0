//! The whole real-world corpus (`scripts/setup-corpus`: music21's collections from PyPI and
//! the examples of Debian's abcmidi and abcm2ps, 13,000+ tunes) parses, and every tune that
//! gets an error is one whose source is broken, for a reason written down here.

mod common;

/// Files whose errors were examined one by one: what is wrong in the source.
const BROKEN_SOURCES: &[(&str, &str)] = &[
    (
        "americanfifeopus.abc",
        "notes written `A/` inside chords and `[A>e>]` chords, not ABC",
    ),
    ("book1.abc", "prose lines pasted into tune headers"),
    ("book2.abc", "a stray `\\` in the middle of a line"),
    ("book3.abc", "prose lines pasted into tune headers"),
    ("book4.abc", "prose lines pasted into tune headers"),
    ("book5.abc", "prose lines pasted into tune headers"),
    ("book6.abc", "a slur opened inside a chord"),
    (
        "0900-0950.abc",
        "`|]*`: stray asterisks after the final bar",
    ),
    ("0001-0050.abc", "`>` right before a bar line"),
    (
        "YoungAmericaHornpipe.abc",
        "`,F4`: an octave mark before the note",
    ),
    ("PaddysTheBoyJig.abc", "`,` before a note"),
    (
        "PaddyNowWontYouBeEasyJig.abc",
        "`|}`: an unopened grace group",
    ),
    (
        "MyLadysGoonHasGairsOntStrathspey.abc",
        "a `[\"Coda\"` ending label (abcm2ps only)",
    ),
    ("LillibulleroOrProtestantBoys.abc", "`:]` instead of `:|`"),
    (
        "HeadlightJig.abc",
        "`^3^FGA`: a caret typed for a tuplet paren",
    ),
    ("Eviction.abc", "a line starting with a bare length `2`"),
    (
        "CosmopolitanHornpipe.abc",
        "an accidental with no note after it",
    ),
    ("BrooksideHornpipe.abc", "a line starting with a bare digit"),
    (
        "BraesOfAuchentyreReel.abc",
        "a rest inside a chord `[C2z2]`",
    ),
    (
        "test1.abc",
        "music21's deliberately broken test file (`M: 2/2]`)",
    ),
    (
        "lot.abc",
        "Essen data with a stray length digit after a bar line",
    ),
    (
        "han2.abc",
        "Essen data with garbled lengths (`c22c2d2 | 8`)",
    ),
    (
        "folkHaydn.abc",
        "Essen data with a stray digit after a bar line",
    ),
    (
        "erk20.abc",
        "Essen data with a stray digit after a bar line",
    ),
    ("dva0.abc", "Essen data with a stray digit after a bar line"),
    (
        "temperament.abc",
        "abc2midi's microtone accidentals (`^/c`, `_22/100`), not ABC 2.1",
    ),
    ("demo.abc", "abc2midi's microtone accidentals (`_/e`)"),
    ("daramud.abc", "abc2midi's microtone accidentals (`_/e`)"),
    ("sample5.abc", "abcm2ps's own `M:c. C=4/4` meter syntax"),
    (
        "sample4.abc",
        "abcm2ps feature demo: `j` user symbols in chords, slurs in graces",
    ),
    (
        "sample3.abc",
        "abcm2ps feature demo: `[M:5/4 (2/4 3/4)]`, slurs in graces",
    ),
    (
        "sample2.abc",
        "abcm2ps feature demo: `M:2` and `*` placeholders",
    ),
    (
        "sample.abc",
        "abcm2ps feature demo: `z2>` before a bar line",
    ),
    ("deco.abc", "abcm2ps feature demo: `!hbar![]` empty chord"),
];

/// Emails turned into quoted-printable: `=20` for spaces and `=` at line ends.
fn quoted_printable_damage(tune: &str) -> bool {
    tune.contains("=20") || tune.lines().any(|l| l.ends_with('='))
}

#[test]
fn every_tune_of_the_corpus_parses_or_its_errors_are_explained() {
    let files = common::corpus_files();
    let (mut tunes, mut clean, mut damaged, mut explained) = (0, 0, 0, 0);
    let mut unexplained = Vec::new();
    for f in &files {
        let src = jamsesh_abc::decode(&std::fs::read(f).unwrap()).into_owned();
        let (parsed, _) = jamsesh_abc::parse_tunes(&src);
        for t in &parsed {
            tunes += 1;
            let _ = t.performance();
            let text = &src[t.span.start..t.span.end];
            let (_, diags) = jamsesh_abc::parse_tunes(text);
            if diags.is_clean() {
                clean += 1;
            } else if quoted_printable_damage(text) {
                damaged += 1;
            } else {
                let name = f.file_name().unwrap().to_str().unwrap();
                if BROKEN_SOURCES.iter().any(|(n, _)| *n == name) {
                    explained += 1;
                } else {
                    unexplained.push(format!("{}\n{}", f.display(), diags.render(name, text)));
                }
            }
        }
    }
    eprintln!(
        "corpus: {} files, {tunes} tunes: {clean} without errors, {damaged} with quoted-printable damage, {explained} in known-broken sources",
        files.len()
    );
    assert!(
        tunes >= 1000,
        "the corpus should hold at least 1,000 tunes, found {tunes}"
    );
    assert!(
        unexplained.is_empty(),
        "unexplained errors:\n{}",
        unexplained.join("\n")
    );
    assert!(
        clean * 100 >= tunes * 99,
        "fewer than 99% of tunes parse cleanly"
    );
}
