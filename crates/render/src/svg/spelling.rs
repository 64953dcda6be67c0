//! Chord symbols spelled for the eye: flats and sharps as the musical signs (`Bb7b9` → `B♭7♭9`).

/// A chord symbol with flats and sharps as the musical signs: the accidentals of the root and
/// of a slash bass (a pair as the double sign, `Cbb7` → `C𝄫7`), a `b` before a digit
/// (`7b9` → `7♭9`) and every other `#`.
pub(crate) fn chord_text(symbol: &str) -> String {
    let chars: Vec<char> = symbol.chars().collect();
    let mut out = String::with_capacity(symbol.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let starts_note = matches!(ch, 'A'..='G') && (i == 0 || chars[i - 1] == '/');
        out.push(ch);
        i += 1;
        if starts_note {
            let run = chars[i..]
                .iter()
                .take_while(|c| matches!(c, '#' | 'b'))
                .count();
            for pair in chars[i..i + run].chunks(2) {
                match pair {
                    ['#', '#'] => out.push('𝄪'),
                    ['b', 'b'] => out.push('𝄫'),
                    _ => out.extend(pair.iter().map(|&c| if c == '#' { '♯' } else { '♭' })),
                }
            }
            i += run;
            continue;
        }
        if ch == '#' || (ch == 'b' && chars.get(i).is_some_and(char::is_ascii_digit)) {
            out.pop();
            out.push(if ch == '#' { '♯' } else { '♭' });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::chord_text;
    #[test]
    fn chord_symbols_use_flat_and_sharp_signs() {
        assert_eq!(chord_text("Bb7b9"), "B♭7♭9");
        assert_eq!(chord_text("F#m7b5/E"), "F♯m7♭5/E");
        assert_eq!(chord_text("Ebmaj7/Bb"), "E♭maj7/B♭");
        assert_eq!(chord_text("Cdim"), "Cdim");
        assert_eq!(chord_text("Asus4add9"), "Asus4add9");
        assert_eq!(chord_text("Bbbmaj7/Abb"), "B𝄫maj7/A𝄫");
        assert_eq!(chord_text("F##7(#11)"), "F𝄪7(♯11)");
        assert_eq!(chord_text("Bbm(maj7)"), "B♭m(maj7)");
        assert_eq!(chord_text("Cb"), "C♭");
    }
}
