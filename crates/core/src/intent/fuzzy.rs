//! Fuzzy matching: typos, held-down keys and one-letter slips.

/// Levenshtein distance, bounded: stops early once above `max`.
fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut before: Vec<usize> = prev.clone();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            // A swap of two neighbours ("bluse") is one slip, not two.
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                cur[j + 1] = cur[j + 1].min(before[j - 1] + 1);
            }
        }
        if cur.iter().min().is_some_and(|&m| m > max) {
            return max + 1;
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

/// The letters of a word with runs of one letter read once (`bluesss` → `blues`).
fn squeezed(word: &str) -> impl Iterator<Item = char> + '_ {
    let mut last = None;
    word.chars().filter(move |&c| last.replace(c) != Some(c))
}

/// True if the words are the same with runs of one letter read once (`skaa` is `ska`).
pub(super) fn same_squeezed(a: &str, b: &str) -> bool {
    squeezed(a).eq(squeezed(b))
}

/// True if `word` is `target` or a likely typo of it: a held-down key (`jazzz`, `jaz`) or,
/// for long enough words, one slip in four to six letters and two beyond.
pub(super) fn sounds_like(word: &str, target: &str) -> bool {
    if word == target {
        return true;
    }
    // Every reading below keeps the first letter: the cheap test goes first.
    if word.chars().next() != target.chars().next() {
        return false;
    }
    if word.chars().any(|c| c.is_ascii_alphabetic()) && same_squeezed(word, target) {
        return true;
    }
    let n = target.chars().count();
    let allowed = match n {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    };
    allowed > 0 && edit_distance(word, target, allowed) <= allowed
}
