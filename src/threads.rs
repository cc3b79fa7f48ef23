//! A few threads of our own taking items in turn, for work that must not run
//! on the rayon pool: processes (the PDF's browsers) and whole plans
//! (`compare`), whose own stages use the pool — a pool thread waiting inside
//! one would take the next item onto its stack.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// `work` on each of `items` by `threads` threads (at 8 MB of stack, the
/// main thread's), the results in the items' order. `stop` says of a result
/// that the items not yet started are not needed (they are left `None`).
/// An item no thread took (none could start) is worked on here.
pub fn in_turn<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(usize, &T) -> R + Sync,
    stop: impl Fn(&R) -> bool + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let stopped = AtomicBool::new(false);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let taken: Vec<AtomicBool> = items.iter().map(|_| AtomicBool::new(false)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            let _ = std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(scope, || {
                    while !stopped.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        taken[i].store(true, Ordering::Relaxed);
                        let r = work(i, item);
                        if stop(&r) {
                            stopped.store(true, Ordering::Relaxed);
                        }
                        *slots[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
                    }
                });
        }
    });
    let stopped = stopped.into_inner();
    slots
        .into_iter()
        .zip(taken)
        .enumerate()
        .map(|(i, (slot, taken))| {
            let r = slot.into_inner().unwrap_or_else(|p| p.into_inner());
            match r {
                Some(r) => Some(r),
                None if !taken.into_inner() && !stopped => Some(work(i, &items[i])),
                None => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_and_a_stop_leaves_the_rest_undone() {
        let items: Vec<u32> = (0..50).collect();
        let out = in_turn(&items, 4, |_, n| n * 2, |_| false);
        assert_eq!(out, items.iter().map(|n| Some(n * 2)).collect::<Vec<_>>());
        // One thread, stopping at 3: 0..=3 done, the rest not started.
        let out = in_turn(&items, 1, |_, n| *n, |n| *n == 3);
        assert_eq!(out[..4], [Some(0), Some(1), Some(2), Some(3)]);
        assert!(out[4..].iter().all(Option::is_none));
    }
}
