//! Where two versions of a list differ, found by their common start and end: an edit,
//! an added or a removed record is a few records, whatever the size of the list. The
//! store's checks, its writer, undo and the overview's patch all compare versions so.

use std::ops::Range;

/// The parts of `old` and `new` that differ, their common start and end left out.
pub fn difference<T: PartialEq>(old: &[T], new: &[T]) -> (Range<usize>, Range<usize>) {
    let start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let end = old[start..]
        .iter()
        .rev()
        .zip(new[start..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (start..old.len() - end, start..new.len() - end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_difference_leaves_out_the_common_start_and_end() {
        assert_eq!(difference(&[1, 2, 3, 4], &[1, 9, 4]), (1..3, 1..2));
        assert_eq!(difference(&[1, 2], &[1, 2, 3]), (2..2, 2..3));
        assert_eq!(difference(&[1, 1], &[1]), (1..2, 1..1));
        assert_eq!(difference::<u8>(&[], &[]), (0..0, 0..0));
    }
}
