//! The compact outline codec keeps any integer SVG path exactly, and no byte string makes its
//! decoder panic.

use jamsesh_render::outline::{encode, SvgPath};
use proptest::prelude::*;

/// One command with its points, as SVG path text.
fn command() -> impl Strategy<Value = String> {
    let coordinate = -100_000i32..100_000;
    let point = (coordinate.clone(), coordinate).prop_map(|(x, y)| format!("{x} {y}"));
    (
        prop::sample::select(vec!['M', 'L', 'Q', 'C', 'Z']),
        prop::collection::vec(point, 3),
    )
        .prop_map(|(letter, points)| {
            let count = match letter {
                'Z' => 0,
                'M' | 'L' => 1,
                'Q' => 2,
                _ => 3,
            };
            format!("{letter}{}", points[..count].join(" "))
        })
}

proptest! {
    #[test]
    fn any_integer_path_round_trips(commands in prop::collection::vec(command(), 0..40)) {
        let path = commands.concat();
        let bytes = encode(&path).unwrap();
        prop_assert_eq!(SvgPath(&bytes).to_string(), path);
    }

    #[test]
    fn any_bytes_decode_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = SvgPath(&bytes).to_string();
        prop_assert!(text.len() <= bytes.len() * 12);
    }
}
