//! Any bytes as ABC through the engraver and the players: no panic, well-formed SVG.
#![no_main]

use jamsesh_render::{engrave, MidiOptions, SvgOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = jamsesh_abc::decode(data);
    let (tunes, _) = jamsesh_abc::parse_tunes(&src);
    // Narrow and wide pages, chosen by the input, so line breaking is exercised too.
    let width = 200.0 + f32::from(data.first().copied().unwrap_or(0)) * 12.0;
    for t in tunes.iter().take(4) {
        let e = engrave(
            t,
            &SvgOptions {
                width,
                ..SvgOptions::default()
            },
        );
        assert!(e.svg.starts_with("<svg") && e.svg.trim_end().ends_with("</svg>"));
        let _ = jamsesh_render::tune_to_midi(t, &MidiOptions::default());
        let _ = jamsesh_render::playback(t, &MidiOptions::default());
    }
});
