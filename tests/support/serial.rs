//! Turns for the tests of one process. The live tests are one binary, so the tests of all
//! its modules run side by side on the threads of one process. A few measure what this
//! process or the machine does while they run: the politeness statistics of the process
//! (polite), the datagrams the kernel drops at a DNS server's socket (dns_load), a scan's
//! time budget (ns_budget), a sweep's outage detection by a canary that must answer within
//! two seconds (faults). Each of those runs [`alone`]. What loads the machine or probes in
//! this process takes a [`shared`] turn: every run of `pastoe` through the helpers, the
//! in-process probes ([`super::in_process`]), the heavy oracles. A test that loads nothing
//! worth mentioning (a usage error) takes no turn.

use std::cell::Cell;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

static TURNS: RwLock<()> = RwLock::new(());

thread_local! {
    /// This thread holds a turn. A helper it calls then takes none: a shared turn asked for
    /// while an `alone` waits queues behind it, and the `alone` waits for this thread's turn.
    static HOLDS: Cell<bool> = const { Cell::new(false) };
}

/// A turn, given back when dropped. A thread that holds one must not wait for another
/// thread that may ask for one: not for threads of its own that run `pastoe` (let each of
/// them take its turn through the helpers instead), not for a shared fixture (a `OnceLock`)
/// that another test is making with the helpers. That other thread's turn would queue
/// behind a waiting `alone`, which waits for this one: a deadlock.
///
/// It is held across `.await` in the async tests on purpose: no task of theirs takes it.
pub struct Turn {
    shared: Option<RwLockReadGuard<'static, ()>>,
    alone: Option<RwLockWriteGuard<'static, ()>>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        if self.shared.is_some() || self.alone.is_some() {
            HOLDS.set(false);
        }
    }
}

/// The whole process for this test: it waits for every shared turn to end, and none
/// begins until it is dropped. (A test that failed while alone gives the turn back all
/// the same.)
pub fn alone() -> Turn {
    assert!(!HOLDS.get(), "this thread already holds a turn");
    let guard = TURNS.write().unwrap_or_else(PoisonError::into_inner);
    HOLDS.set(true);
    Turn {
        shared: None,
        alone: Some(guard),
    }
}

/// A turn beside other shared ones, never beside an [`alone`] one; nothing new if this
/// thread already holds a turn.
pub fn shared() -> Turn {
    if HOLDS.get() {
        return Turn {
            shared: None,
            alone: None,
        };
    }
    let guard = TURNS.read().unwrap_or_else(PoisonError::into_inner);
    HOLDS.set(true);
    Turn {
        shared: Some(guard),
        alone: None,
    }
}
