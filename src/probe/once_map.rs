//! Values computed once per key for a whole scan.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use tokio::sync::{Mutex, OnceCell};

/// Values computed once per key for the whole scan; later askers wait for the first.
/// Clones share the map, as the prober's clones share one scan.
pub(crate) struct OnceMap<K, V> {
    cells: Arc<Mutex<HashMap<K, Arc<OnceCell<V>>>>>,
}

impl<K, V> Clone for OnceMap<K, V> {
    fn clone(&self) -> Self {
        OnceMap {
            cells: self.cells.clone(),
        }
    }
}

impl<K: Eq + Hash, V: Clone> OnceMap<K, V> {
    pub(crate) fn new() -> Self {
        OnceMap {
            cells: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    pub(crate) async fn get_or_init(&self, key: K, init: impl Future<Output = V>) -> V {
        let cell = self.cells.lock().await.entry(key).or_default().clone();
        cell.get_or_init(|| init).await.clone()
    }
}

impl<K: Eq + Hash, V: Clone> Default for OnceMap<K, V> {
    fn default() -> Self {
        OnceMap::new()
    }
}

impl<K, V> std::fmt::Debug for OnceMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnceMap")
    }
}
