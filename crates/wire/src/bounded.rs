//! A fixed-capacity list for what a check finds (rule violations, LAG findings): no allocation,
//! `Copy`, in the order found; what does not fit is counted, not kept.

/// Up to `N` items in the order they were added; more are counted in [`Bounded::dropped`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounded<T: Copy, const N: usize> {
    items: [Option<T>; N],
    len: usize,
    dropped: usize,
}

impl<T: Copy, const N: usize> Default for Bounded<T, N> {
    fn default() -> Self {
        Bounded {
            items: [None; N],
            len: 0,
            dropped: 0,
        }
    }
}

impl<T: Copy, const N: usize> Bounded<T, N> {
    /// How many items are kept at most.
    pub const CAPACITY: usize = N;

    /// Adds an item; when the list is full it is counted in `dropped` instead.
    pub fn push(&mut self, item: T) {
        match self.items.get_mut(self.len) {
            Some(slot) => {
                *slot = Some(item);
                self.len += 1;
            }
            None => self.dropped = self.dropped.saturating_add(1),
        }
    }

    /// The items kept, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.items[..self.len].iter().flatten().copied()
    }

    /// How many are kept.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing was added.
    pub fn is_empty(&self) -> bool {
        self.len == 0 && self.dropped == 0
    }

    /// How many were added past the capacity and not kept.
    pub fn dropped(&self) -> usize {
        self.dropped
    }
}

#[cfg(test)]
mod tests {
    use super::Bounded;

    #[test]
    fn keeps_the_first_n_in_order_and_counts_the_rest() {
        let mut b = Bounded::<u8, 3>::default();
        assert!(b.is_empty());
        for i in 0..5 {
            b.push(i);
        }
        assert!(b.iter().eq([0, 1, 2]));
        assert_eq!((b.len(), b.dropped(), b.is_empty()), (3, 2, false));
        assert_eq!(Bounded::<u8, 3>::CAPACITY, 3);
    }
}
