//! Stable sorting through one shared, non-generic sort of positions.
//!
//! The standard library's sorts are compiled anew for every element type and comparator: each
//! `sort_by_key` call site costs the browser widget about 3 KB of WebAssembly. These functions
//! sort the positions `0..len` once (one compiled sort for the whole program) and then move
//! the items into that order, so a call site costs only its comparator. Use them in code the
//! widget runs; elsewhere the standard sorts are as good.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, like `slice::sort_by`.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(order, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` stably by `key`, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order, stably, like `slice::sort`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the order `compare` puts them, equal ones kept in place.
#[inline(never)]
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the item at `order[i]` to position `i`, for every `i`, by swaps (one cycle at a time).
#[inline(never)]
fn permute(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            // `at` takes its item; the item that was at `at` (the cycle's first) moves on.
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_by_key_keeping_equal_items_in_order() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "plum", "date"];
        sort_by_key(&mut words, |w| w.len());
        assert_eq!(words, ["fig", "pear", "kiwi", "plum", "date", "apple"]);
    }

    #[test]
    fn sorts_nothing_and_one() {
        let mut empty: Vec<u8> = vec![];
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut one = vec![7];
        sort(&mut one);
        assert_eq!(one, [7]);
    }

    proptest! {
        /// The standard library's stable sort is the reference: same order, ties included.
        #[test]
        fn agrees_with_the_standard_stable_sort(pairs in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = pairs.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std_sorted = pairs;
            std_sorted.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std_sorted);
        }
    }
}
