//! The session's records by id: entities, mentions, events and relations.

use std::collections::BTreeMap;
use std::collections::btree_map;
use std::fmt;
use std::ops::RangeBounds;
use std::sync::Arc;

/// Records by id, in id order, each held behind an `Arc`. A copy of the session for another
/// thread (a background save, the suggestions of a big article) then copies ids and pointers,
/// not the records: a 10 MB article's 250,000 mentions are shared, and a record is copied only
/// when it is changed while such a copy still holds it (`Arc::make_mut`).
pub struct Records<K, V>(BTreeMap<K, Arc<V>>);

impl<K, V> Clone for Records<K, V>
where
    K: Clone,
{
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<K, V> Default for Records<K, V> {
    fn default() -> Self {
        Self(BTreeMap::new())
    }
}

impl<K: Ord, V> Records<K, V> {
    pub fn new() -> Self {
        Self(BTreeMap::new())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, k: &K) -> Option<&V> {
        self.0.get(k).map(|v| &**v)
    }

    pub fn contains_key(&self, k: &K) -> bool {
        self.0.contains_key(k)
    }

    pub fn keys(&self) -> btree_map::Keys<'_, K, Arc<V>> {
        self.0.keys()
    }

    pub fn values(&self) -> Values<'_, K, V> {
        Values(self.0.values())
    }

    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter(self.0.iter())
    }

    pub fn range<R: RangeBounds<K>>(&self, r: R) -> impl DoubleEndedIterator<Item = (&K, &V)> {
        self.0.range(r).map(|(k, v)| (k, &**v))
    }

    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.0.first_key_value().map(|(k, v)| (k, &**v))
    }

    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.0.last_key_value().map(|(k, v)| (k, &**v))
    }

    /// Keep the records `keep` says yes to (it only reads them: nothing shared is copied).
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &V) -> bool) {
        self.0.retain(|k, v| keep(k, v));
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Whether both hold the very same records (a copy not changed since): equal without
    /// comparing them.
    pub fn same_records(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((a, x), (b, y))| a == b && Arc::ptr_eq(x, y))
    }
}

impl<K: Ord, V: Clone> Records<K, V> {
    /// The record to change: copied first if a copy of the session still shares it.
    pub fn get_mut(&mut self, k: &K) -> Option<&mut V> {
        self.0.get_mut(k).map(Arc::make_mut)
    }

    /// Every record to change (each copied first if shared): for edits that touch them all.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.values_mut().map(Arc::make_mut)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> {
        self.0.iter_mut().map(|(k, v)| (k, Arc::make_mut(v)))
    }

    /// Put `v` under `k`; the record it replaces, if any.
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        self.0.insert(k, Arc::new(v)).map(Arc::unwrap_or_clone)
    }

    pub fn remove(&mut self, k: &K) -> Option<V> {
        self.0.remove(k).map(Arc::unwrap_or_clone)
    }

    /// The records themselves, in id order (copied where still shared).
    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> {
        self.0.into_values().map(Arc::unwrap_or_clone)
    }
}

impl<K: Ord, V> std::ops::Index<&K> for Records<K, V> {
    type Output = V;

    /// The record with id `k`; like a map's index, for ids known to be there.
    fn index(&self, k: &K) -> &V {
        &self.0[k]
    }
}

/// The records' values in id order.
pub struct Values<'a, K, V>(btree_map::Values<'a, K, Arc<V>>);

impl<K, V> Clone for Values<'_, K, V> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<'a, K, V> Iterator for Values<'a, K, V> {
    type Item = &'a V;

    fn next(&mut self) -> Option<&'a V> {
        self.0.next().map(|v| &**v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Values<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|v| &**v)
    }
}

impl<K, V> ExactSizeIterator for Values<'_, K, V> {}

/// The records with their ids, in id order.
pub struct Iter<'a, K, V>(btree_map::Iter<'a, K, Arc<V>>);

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, &**v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, &**v))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

impl<'a, K: Ord, V> IntoIterator for &'a Records<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Ord, V: Clone> IntoIterator for Records<K, V> {
    type Item = (K, V);
    type IntoIter = std::iter::Map<btree_map::IntoIter<K, Arc<V>>, fn((K, Arc<V>)) -> (K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0
            .into_iter()
            .map(|(k, v)| (k, Arc::unwrap_or_clone(v)))
    }
}

impl<K: Ord, V> Records<K, V> {
    /// From records already shared (a loader's, made as they were read).
    pub(crate) fn from_shared(items: impl IntoIterator<Item = (K, Arc<V>)>) -> Self {
        Self(items.into_iter().collect())
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Records<K, V> {
    /// Built in one go (full tree nodes), the later of two records with one id kept.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(it: I) -> Self {
        Self(it.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}

impl<K: Ord, V> Extend<(K, V)> for Records<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, it: I) {
        self.0.extend(it.into_iter().map(|(k, v)| (k, Arc::new(v))));
    }
}

impl<K: Ord, V: PartialEq> PartialEq for Records<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((a, x), (b, y))| a == b && (Arc::ptr_eq(x, y) || x == y))
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Records<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Rec(String);

    #[test]
    fn a_copy_shares_its_records_until_one_is_changed() {
        let mut a: Records<u64, Rec> = (0..4).map(|i| (i, Rec(format!("r{i}")))).collect();
        let b = a.clone();
        assert!(a.same_records(&b));
        if let Some(r) = a.get_mut(&2) {
            r.0.push('!');
        }
        assert!(!a.same_records(&b), "the changed record was copied");
        assert_eq!(
            b.get(&2),
            Some(&Rec("r2".into())),
            "the copy still has the old one"
        );
        assert_eq!(a.get(&2), Some(&Rec("r2!".into())));
        // The others are still shared.
        assert!(Arc::ptr_eq(&a.0[&1], &b.0[&1]));
        assert_ne!(a, b);
        assert_eq!(a.remove(&2), Some(Rec("r2!".into())));
        assert_eq!(a.insert(2, Rec("r2".into())), None);
        assert_eq!(a, b, "equal by value");
        assert_eq!(a.values().next_back(), Some(&Rec("r3".into())));
        assert_eq!(a.iter().len(), 4);
        a.retain(|k, _| k % 2 == 0);
        assert_eq!(a.keys().copied().collect::<Vec<_>>(), [0, 2]);
    }
}
