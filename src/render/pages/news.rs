//! News and events: the news list (with the events that have not ended yet first) and a page
//! per item.

use crate::model::text_or_default;
use crate::render::templates::Strings;
use crate::render::views::{Lang, NewsCard};
use crate::render::{urls, Job};

/// The news items whose event has not ended by the build's "today", soonest first.
pub fn upcoming(l: &Lang<'_>) -> Vec<NewsCard> {
    let mut cards: Vec<NewsCard> = l
        .site
        .news
        .iter()
        .filter(|n| n.event.is_some())
        .map(|n| l.news_card(n))
        .filter(|c| c.event.as_ref().is_some_and(|e| e.upcoming))
        .collect();
    cards.sort_by(|a, b| {
        let day = |c: &NewsCard| c.event.as_ref().map(|e| e.date.clone());
        day(a).cmp(&day(b)).then_with(|| a.slug.cmp(&b.slug))
    });
    cards
}

pub fn jobs(l: &Lang<'_>, t: &Strings) -> Vec<Job<'static>> {
    let site = l.site;
    let mut jobs = Vec::new();
    let news: Vec<_> = site.news.iter().map(|n| l.news_card(n)).collect();
    let mut ctx = tera::Context::new();
    ctx.insert("news", &news);
    ctx.insert("upcoming", &upcoming(l));
    ctx.insert("today", &l.index.today);
    ctx.insert("feed_url", &l.urls.link(crate::render::data::feeds::PATH));
    jobs.push(Job {
        path: "news/".into(),
        template: "news_list.html",
        title: t.tr("news"),
        data: ctx,
        later: None,
        list: None,
        key: None,
    });
    for n in &site.news {
        let card = l.news_card(n);
        let text = text_or_default(&n.text, l.lang, l.default_lang)
            .cloned()
            .unwrap_or_default();
        let mut ctx = tera::Context::new();
        ctx.insert("item", &card);
        ctx.insert("body_html", &l.markdown(&text.body));
        ctx.insert(
            "actors",
            &n.actors
                .iter()
                .filter_map(|s| site.actor(s))
                .map(|a| l.actor_link(a))
                .collect::<Vec<_>>(),
        );
        ctx.insert(
            "campuses",
            &n.campuses
                .iter()
                .filter_map(|s| site.campus(s))
                .map(|c| l.campus_link(c))
                .collect::<Vec<_>>(),
        );
        let path = urls::news(&n.slug);
        ctx.insert(
            "edit",
            &l.edit_links(&text.body_source.file, &card.title, &path),
        );
        ctx.insert(
            "provenance",
            &crate::render::provenance::ProvenanceView::of(&n.provenance),
        );
        ctx.insert(
            crate::render::share::LD,
            &crate::render::share::news_ld(l, n),
        );
        if let Some(summary) = &text.summary {
            ctx.insert(crate::render::share::DESCRIPTION, summary);
        }
        jobs.push(Job {
            path,
            template: "news.html",
            title: card.title.clone(),
            data: ctx,
            later: None,
            list: None,
            key: None,
        });
    }
    jobs
}
