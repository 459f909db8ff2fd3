//! Values computed once per key for a whole scan, with a bound on how many are kept.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use tokio::sync::{Mutex, OnceCell};

/// Values computed once per key for the whole scan; later askers wait for the first.
/// Clones share the map, as the prober's clones share one scan.
///
/// A sweep reaches tens of thousands of endpoints, so the map keeps at most `capacity`
/// values: past it, the least recently used finished value that nobody is waiting on is
/// dropped. A key that comes back after that is computed again: slower, never wrong. The
/// endpoints worth keeping (a hosting or mail provider's) are the ones asked for again and
/// again, so they stay.
pub(crate) struct OnceMap<K, V> {
    cells: Arc<Mutex<Cells<K, V>>>,
    capacity: usize,
}

struct Cells<K, V> {
    map: HashMap<K, (Arc<OnceCell<V>>, u64)>,
    tick: u64,
}

impl<K, V> Clone for OnceMap<K, V> {
    fn clone(&self) -> Self {
        OnceMap {
            cells: self.cells.clone(),
            capacity: self.capacity,
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> OnceMap<K, V> {
    pub(crate) fn new(capacity: usize) -> Self {
        OnceMap {
            cells: Arc::new(Mutex::new(Cells {
                map: HashMap::new(),
                tick: 0,
            })),
            capacity: capacity.max(1),
        }
    }

    pub(crate) async fn get_or_init(&self, key: K, init: impl Future<Output = V>) -> V {
        let cell = {
            let mut cells = self.cells.lock().await;
            cells.tick += 1;
            let tick = cells.tick;
            let entry = cells
                .map
                .entry(key)
                .or_insert_with(|| (Arc::new(OnceCell::new()), tick));
            entry.1 = tick;
            let cell = entry.0.clone();
            if cells.map.len() > self.capacity {
                cells.evict_one();
            }
            cell
        };
        cell.get_or_init(|| init).await.clone()
    }

    #[cfg(test)]
    async fn len(&self) -> usize {
        self.cells.lock().await.map.len()
    }
}

impl<K: Eq + Hash + Clone, V> Cells<K, V> {
    /// Drop the least recently used value that is finished and held by no one else.
    fn evict_one(&mut self) {
        let oldest = self
            .map
            .iter()
            .filter(|(_, (cell, _))| cell.initialized() && Arc::strong_count(cell) == 1)
            .min_by_key(|(_, (_, used))| *used)
            .map(|(key, _)| key.clone());
        if let Some(key) = oldest {
            self.map.remove(&key);
        }
    }
}

impl<K, V> std::fmt::Debug for OnceMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnceMap")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn computes_once_and_keeps_the_recently_used_within_capacity() {
        let map: OnceMap<u32, u32> = OnceMap::new(3);
        let calls = std::sync::atomic::AtomicU32::new(0);
        let calls = &calls;
        // Counts computations, not futures made: a future that is not polled costs nothing.
        let compute = |v: u32| async move {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            v * 10
        };
        for key in [1, 2, 3, 1, 1] {
            assert_eq!(map.get_or_init(key, compute(key)).await, key * 10);
        }
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 3);
        // A fourth key drops the least recently used (2), not the busy provider (1).
        map.get_or_init(4, compute(4)).await;
        assert_eq!(map.len().await, 3);
        map.get_or_init(1, compute(1)).await;
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 4);
        map.get_or_init(2, compute(2)).await;
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 5);
    }
}
