//! Compact glyph outlines. The glyph tables hold about 280 outlines; as SVG path text they were
//! 41 KB of the browser widget's 273 KB gzipped download (23 KB as bytes), so they are stored as
//! bytes and written out as SVG path data only for the glyphs a page draws.
//!
//! The encoding: each command is its SVG letter (`M`, `L`, `Q`, `C`, `Z`) followed by its points;
//! each point is the difference from the previous point of the glyph (control points included,
//! starting at 0,0) as two zigzag LEB128 integers. Outlines must have integer coordinates, as
//! the CFF fonts the tables come from do.

use std::fmt::{self, Write as _};

/// Points each command carries.
fn points(command: u8) -> Option<usize> {
    match command {
        b'Z' => Some(0),
        b'M' | b'L' => Some(1),
        b'Q' => Some(2),
        b'C' => Some(3),
        _ => None,
    }
}

/// Encodes SVG path data such as `M10 -20L30 40Z` (absolute commands, integer coordinates).
pub fn encode(path: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(path.len() / 2);
    let mut previous = (0i32, 0i32);
    let mut rest = path.trim_start();
    while let Some(letter) = rest.bytes().next() {
        let count = points(letter)
            .ok_or_else(|| format!("unsupported path command {:?}", letter as char))?;
        out.push(letter);
        rest = &rest[1..];
        for _ in 0..count {
            let mut coordinate = || -> Result<i32, String> {
                rest = rest.trim_start_matches([' ', ',']);
                let end = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '-'))
                    .unwrap_or(rest.len());
                let (number, tail) = rest.split_at(end);
                rest = tail;
                number
                    .parse()
                    .map_err(|_| format!("expected an integer coordinate at {number:?}"))
            };
            let point = (coordinate()?, coordinate()?);
            let out_of_range = || format!("coordinates out of range in {path:?}");
            push_number(
                &mut out,
                point.0.checked_sub(previous.0).ok_or_else(out_of_range)?,
            );
            push_number(
                &mut out,
                point.1.checked_sub(previous.1).ok_or_else(out_of_range)?,
            );
            previous = point;
        }
        rest = rest.trim_start();
    }
    Ok(out)
}

fn push_number(out: &mut Vec<u8>, n: i32) {
    let mut zigzag = ((n << 1) ^ (n >> 31)) as u32;
    while zigzag >= 0x80 {
        out.push((zigzag as u8 & 0x7f) | 0x80);
        zigzag >>= 7;
    }
    out.push(zigzag as u8);
}

fn read_number(bytes: &mut &[u8]) -> Option<i32> {
    let mut zigzag = 0u32;
    for shift in (0..35).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        zigzag |= u32::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some((zigzag >> 1) as i32 ^ -((zigzag & 1) as i32));
        }
    }
    None
}

/// An encoded outline shown as SVG path data, exactly the text that was encoded (commands
/// directly followed by space-separated numbers). Malformed bytes end the path early.
#[derive(Clone, Copy)]
pub struct SvgPath<'a>(pub &'a [u8]);

impl fmt::Display for SvgPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = self.0;
        let mut point = (0i32, 0i32);
        while let Some((&letter, rest)) = bytes.split_first() {
            let Some(count) = points(letter) else {
                return Ok(());
            };
            bytes = rest;
            f.write_char(char::from(letter))?;
            for i in 0..count {
                let (Some(dx), Some(dy)) = (read_number(&mut bytes), read_number(&mut bytes))
                else {
                    return Ok(());
                };
                point = (point.0.wrapping_add(dx), point.1.wrapping_add(dy));
                let separator = if i == 0 { "" } else { " " };
                write!(f, "{separator}{} {}", point.0, point.1)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_round_trip_exactly() {
        for path in [
            "M376 415C374 427 376 428 382 434L0 -252Z",
            "M-32 -15L32 -15L252 737L188 737ZM1 2Q3 4 5 6Z",
            "M100000 -100000L-100000 100000Z",
            "",
        ] {
            let bytes = encode(path).unwrap();
            assert_eq!(SvgPath(&bytes).to_string(), path);
        }
    }

    #[test]
    fn encoding_is_smaller_than_the_text() {
        let path = "M97 -125C186 -125 295 -43 295 42C295 93 255 125 198 125C88 125 0 44 0 -42C0 -94 43 -125 97 -125Z";
        assert!(encode(path).unwrap().len() * 2 < path.len());
    }

    #[test]
    fn fractional_or_unknown_input_is_refused() {
        assert!(encode("M1.5 2Z").unwrap_err().contains("integer"));
        assert!(encode("A1 2 3 4 5 6 7").unwrap_err().contains("command"));
        assert!(encode("M1").is_err());
    }

    #[test]
    fn malformed_bytes_end_the_path_without_panicking() {
        assert_eq!(SvgPath(b"M\x02").to_string(), "M");
        assert_eq!(SvgPath(b"M\x02\x04L\xff").to_string(), "M1 2L");
        assert_eq!(SvgPath(b"X").to_string(), "");
    }
}
