//! The checks of actors' lives (`status`, `closed`, `successor`, `acquired_by`) and of when
//! relations held (`since`, `until`), run with the other checks of the whole site
//! ([`crate::validate::validate_part`]).

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Actor, Site, Status, When};

/// The life of actor `a`: the actors it names exist, its status agrees with what it says,
/// it did not close before it was founded, and no relation ends before it began.
pub fn check(site: &Site, a: &Actor, diags: &mut Diagnostics) {
    let at = |field: &str, message: String| {
        Diagnostic::error(&*a.origin.file, message)
            .at(a.origin.line_of(field), 1)
            .field(field.to_string())
    };
    let life = &a.life;
    let named = [
        ("successor", life.successor.as_deref()),
        ("acquired_by", life.acquired_by.as_deref()),
    ];
    for (field, slug) in named {
        let Some(slug) = slug else { continue };
        if slug == a.slug {
            diags.push(at(field, format!("`{field}` names the actor itself")).text(slug));
        } else if site.actor(slug).is_none() && !site.unreadable.actors.contains_key(slug) {
            let known: Vec<&str> = site.actors.iter().map(|a| a.slug.as_str()).collect();
            diags.push(crate::validate::unknown(
                at(field, format!("`{slug}` is not an actor")),
                slug,
                &known,
                "content/actors/",
            ));
        }
    }
    let status = life.status;
    let mut wrong_status = |field: &str, message: &str, hint: &str| {
        diags.push(
            at(field, message.to_string())
                .text(field)
                .hint(hint.to_string()),
        );
    };
    if status == Status::Active {
        for (field, given) in [
            ("closed", life.closed.is_some()),
            ("successor", life.successor.is_some()),
            ("acquired_by", life.acquired_by.is_some()),
        ] {
            if given {
                wrong_status(
                    field,
                    &format!("an active actor has no `{field}`"),
                    "say what became of it: `status: closed`, `merged` or `acquired`",
                );
            }
        }
    }
    if status == Status::Merged && life.successor.is_none() {
        wrong_status(
            "status",
            "a merged actor names what it merged into",
            "add `successor: <the slug of that actor>`",
        );
    }
    if status == Status::Acquired && life.acquired_by.is_none() {
        wrong_status(
            "status",
            "an acquired actor names who bought it",
            "add `acquired_by: <the slug of the buyer>`",
        );
    }
    if status != Status::Acquired && life.acquired_by.is_some() && status != Status::Active {
        wrong_status(
            "acquired_by",
            &format!("a {} actor was not bought", status.as_str()),
            "write `status: acquired`, or name what it became as `successor`",
        );
    }
    if let (Some(closed), Some(founded)) = (life.closed, a.figures.founded) {
        if closed.surely_before(When::Year(founded)) {
            diags.push(
                at(
                    "closed",
                    format!("it closed ({closed}) before it was founded ({founded})"),
                )
                .text(closed.to_string())
                .hint(format!(
                    "check both: `closed` is when it ceased, `figures.founded` ({founded}) when it began"
                )),
            );
        }
    }
    for r in &a.relations {
        if let (Some(since), Some(until)) = (r.since, r.until) {
            if until.surely_before(since) {
                diags.push(
                    at(
                        "relations",
                        format!(
                            "the relation to `{}` ends ({until}) before it begins ({since})",
                            r.target
                        ),
                    )
                    .text(r.target.clone())
                    .hint("`since` is when it began, `until` when it ended"),
                );
            }
        }
    }
}
