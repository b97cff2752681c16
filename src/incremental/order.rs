//! The order of a language's actors and its lists, kept between rebuilds: when a few actors'
//! sort keys change, they are moved to their new places instead of sorting everything again.

use crate::model::Actor;
use crate::render::pages::lists::{listed, sorted, Lists};

/// Brings `order` ([`sorted`] of `keys` before the keys of `moved` changed) up to date: the
/// actors of `moved` are taken out and put in at their new places. The same as [`sorted`] of
/// the new keys, which are all different (they end in the slug); cheaper for a few.
pub fn move_to_place(order: &mut Vec<usize>, keys: &[(String, String)], moved: &[usize]) {
    if moved.len() > 64 || order.len() != keys.len() {
        *order = sorted(keys);
        return;
    }
    order.retain(|i| !moved.contains(i));
    for &i in moved {
        let at = order.partition_point(|j| keys[*j] < keys[i]);
        order.insert(at, i);
    }
}

/// Brings every list up to date after the actors of `moved` (positions among the site's
/// `actors`) changed their keys but not the lists they are in (their type, sectors and
/// campuses), `order` being [`sorted`] of the new `keys`: they are taken out of their lists
/// and put in at their new places. The same as [`crate::render::pages::lists::Items::all_lists`] made again, which
/// puts an actor in a list as many times as its record names the list's sector or campus;
/// says `false` (and changes nothing) for such an actor.
pub fn move_in_lists(
    lists: &mut Lists,
    actors: &[Actor],
    keys: &[(String, String)],
    order: &[usize],
    moved: &[usize],
) -> bool {
    let once = |names: &[String]| {
        names
            .iter()
            .enumerate()
            .all(|(k, n)| !names[..k].contains(n))
    };
    if moved.iter().any(|i| {
        actors
            .get(*i)
            .is_none_or(|a| !once(&a.sectors) || !once(&a.campuses))
    }) {
        return false;
    }
    let every = lists
        .types
        .values_mut()
        .chain(lists.sectors.values_mut())
        .chain(
            lists
                .campuses
                .values_mut()
                .flat_map(|by_type| by_type.values_mut()),
        );
    for list in every {
        let mine: Vec<usize> = moved.iter().copied().filter(|i| list.contains(i)).collect();
        if mine.is_empty() {
            continue;
        }
        list.retain(|j| !mine.contains(j));
        for i in mine {
            let at = list.partition_point(|j| keys[*j] < keys[i]);
            list.insert(at, i);
        }
    }
    lists.all = listed(actors, order);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pages::lists::Items;
    use std::path::Path;

    #[test]
    fn moving_actors_to_their_places_sorts_as_sorting_does() {
        let mut keys: Vec<(String, String)> = (0..50)
            .map(|i| (format!("{}", (i * 37) % 50), format!("s{i:02}")))
            .collect();
        let mut order = sorted(&keys);
        for (step, i) in [3usize, 17, 42, 0, 49, 17].into_iter().enumerate() {
            keys[i].0 = format!("{}", step * 11 % 60);
            move_to_place(&mut order, &keys, &[i]);
            assert_eq!(order, sorted(&keys), "step {step}");
        }
        keys[1].0 = "zz".into();
        keys[2].0 = String::new();
        keys[30].0 = keys[31].0.clone();
        move_to_place(&mut order, &keys, &[1, 2, 30]);
        assert_eq!(order, sorted(&keys));
    }

    /// Lists that follow moved actors are the lists made again; an actor named twice in a list
    /// is left to making them again.
    #[test]
    fn moving_actors_in_their_lists_lists_as_listing_again_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let config = crate::config::SiteConfig::load(&root).expect("config");
        let (mut site, _) = crate::load::load_site(&root, config);
        let model = site.actors[0].clone();
        let types: Vec<String> = site.config.actor_types.keys().cloned().collect();
        let sectors: Vec<String> = site.config.sectors.keys().cloned().collect();
        let campuses: Vec<String> = site.campuses.iter().map(|c| c.slug.clone()).collect();
        site.actors = (0..40)
            .map(|i| {
                let mut a = model.clone();
                a.slug = format!("s{i:02}");
                a.kind = types[i % types.len()].clone();
                a.sectors = vec![sectors[i % sectors.len()].clone()];
                if i % 3 == 0 {
                    a.sectors.push(sectors[(i + 1) % sectors.len()].clone());
                }
                a.campuses = campuses.iter().skip(i % 2).step_by(2).cloned().collect();
                a
            })
            .collect();
        let mut keys: Vec<(String, String)> = (0..40)
            .map(|i| (format!("{}", (i * 37) % 40), format!("s{i:02}")))
            .collect();
        let html = vec![String::new(); 40];
        let all = |keys: &[(String, String)]| Items::from_parts(&site, &html[..], keys).all_lists();
        let mut lists = all(&keys);
        let mut order = sorted(&keys);
        for (step, moved) in [vec![3usize], vec![17, 2], vec![39, 0, 21], vec![3]]
            .into_iter()
            .enumerate()
        {
            for (n, i) in moved.iter().enumerate() {
                keys[*i].0 = format!("{}", (step * 13 + n * 7) % 45);
            }
            move_to_place(&mut order, &keys, &moved);
            assert!(move_in_lists(
                &mut lists,
                &site.actors,
                &keys,
                &order,
                &moved
            ));
            assert_eq!(lists, all(&keys), "step {step}");
        }
        let twice = site.actors[5].campuses[0].clone();
        site.actors[5].campuses.push(twice);
        let before = lists.clone();
        assert!(!move_in_lists(
            &mut lists,
            &site.actors,
            &keys,
            &order,
            &[5]
        ));
        assert_eq!(lists, before);
    }
}
