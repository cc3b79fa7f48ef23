//! Memory freed by one stage given back before the next one grows: the
//! allocator keeps freed pages for reuse by the thread that made them, so a
//! large plan's resident memory would otherwise be the sum of its stages'.
//! The binary chooses the allocator and how to do this ([`set_release`]);
//! the library only says when.

use std::sync::OnceLock;

static RELEASE: OnceLock<fn()> = OnceLock::new();

/// Sets how freed memory is given back (once, at start-up).
pub fn set_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// A stage's large values are freed: give their memory back now.
pub fn release() {
    if let Some(release) = RELEASE.get() {
        release();
    }
}
