//! Actor records as written: the default-language record ([`ActorRecord`], with its plain
//! [`Facts`]) and a translation ([`TranslationRecord`]), read by serde; turned into the
//! model's [`crate::model::Actor`] in [`super::actors`].

use super::sites::{ActorLocation, SiteRecord};
use crate::model::provenance::{FigureValue, YearValue};
use crate::model::{AccessContact, Contact, Figures, Relation, Source, Status, When};
use serde::Deserialize;

/// One or several values (`campus: solna` or `campus: [solna, kista]`).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(super) fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct Access {
    /// Who may use the services: sme, academia, industry, healthcare, public.
    #[serde(default)]
    #[schemars(extend("x-ecoatlas-names" = "audiences"))]
    pub(super) open_to: Vec<String>,
    /// How to start a collaboration.
    #[serde(default)]
    pub(super) how: Option<String>,
    /// How to start a collaboration, step by step.
    #[serde(default)]
    pub(super) steps: Vec<String>,
    /// Where to start: `{name, role, email, phone, url}`, at least one of email, phone, url.
    #[serde(default)]
    pub(super) contact: Option<AccessContact>,
}

/// Declares the record type together with the facts it hands on unchanged: the fields of
/// `facts Name { .. }` become fields of the record (serde reads them at its top level, the
/// schema lists them, each with its attributes) and of `Name`, a plain struct that the
/// pages and the exports serialise; `take_facts` moves them from one to the other. So a
/// plain fact is declared once, in the invocation below.
macro_rules! record_with_facts {
    (
        $(#[$rmeta:meta])*
        $rvis:vis struct $record:ident {
            $( $(#[$rfmeta:meta])* $rfield:ident : $rty:ty ),* $(,)?
        }
        $(#[$fmeta:meta])*
        facts $facts:ident {
            $( $(#[$ffmeta:meta])* $ffield:ident : $fty:ty ),* $(,)?
        }
    ) => {
        $(#[$rmeta])*
        $rvis struct $record {
            $( $(#[$rfmeta])* pub(super) $rfield: $rty, )*
            $( $(#[$ffmeta])* pub(super) $ffield: $fty, )*
        }

        $(#[$fmeta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
        pub struct $facts {
            $( pub $ffield: $fty, )*
        }

        impl $facts {
            /// The facts' names, as a record writes them, in the order they are declared.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($ffield)),*];
        }

        impl $record {
            /// The record's plain facts, moved out of it.
            pub(super) fn take_facts(&mut self) -> $facts {
                $facts {
                    $( $ffield: std::mem::take(&mut self.$ffield), )*
                }
            }
        }
    };
}

record_with_facts! {
    /// An actor record as written in the default language.
    #[derive(Debug, Deserialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    // `location: unknown` says the actor stands nowhere on the map, which a campus contradicts.
    #[schemars(extend("not" = {"required": ["campus", "location"], "properties": {"location": {"const": "unknown"}}}))]
    pub(crate) struct ActorRecord {
        /// The organisation's name.
        name: String,
        /// A key of `actor_types` in site.yaml.
        #[serde(rename = "type")]
        #[schemars(extend("x-ecoatlas-names" = "actor_types"))]
        kind: String,
        /// Keys of `sectors` in site.yaml (at least one).
        #[schemars(length(min = 1), extend("x-ecoatlas-names" = "sectors"))]
        sectors: Vec<String>,
        /// The slug of the actor's campus, or a list of them.
        #[serde(default)]
        #[schemars(extend("x-ecoatlas-names" = "campuses"))]
        campus: OneOrMany,
        /// Where the actor is (WGS84); without it, the centre of its first campus; `unknown` when
        /// that has not been confirmed (the actor is then left off the map).
        #[serde(default)]
        location: Option<ActorLocation>,
        /// The actor's sites when it has several: each `{campus, label, location}`, with a campus,
        /// a location or both. Instead of `campus` and `location`.
        #[serde(default)]
        sites: Vec<SiteRecord>,
        /// One or two sentences on who they are and what they do (plain text).
        summary: String,
        /// Keywords: ids of `keywords` in site.yaml when the site has that vocabulary, else free text.
        #[serde(default)]
        #[schemars(extend("x-ecoatlas-names" = "keywords"))]
        tags: Vec<String>,
        /// What the actor offers others (for research infrastructures: their services).
        #[serde(default)]
        services: Vec<String>,
        /// Keys of `service_areas` in site.yaml (the guide groups infrastructures by these).
        #[serde(default)]
        #[schemars(extend("x-ecoatlas-names" = "service_areas"))]
        service_areas: Vec<String>,
        /// Instruments and facilities.
        #[serde(default)]
        equipment: Vec<String>,
        /// Who may use the actor's services, and how to start.
        #[serde(default)]
        access: Option<Access>,
        /// Terms of access: prices, agreements, confidentiality.
        #[serde(default)]
        terms: Option<String>,
        /// An image beside the record (path relative to the record's folder).
        #[serde(default)]
        logo: Option<String>,
        #[serde(default)]
        contacts: Vec<Contact>,
        /// Typed links to other actors (types from `relation_types` in site.yaml).
        #[serde(default)]
        relations: Vec<Relation>,
        /// Key figures.
        #[serde(default)]
        figures: Option<FiguresRecord>,
        /// Where the record's facts come from: `{title, url, publisher, date}` each.
        #[serde(default)]
        sources: Vec<Source>,
        /// The day an editor last checked the record (yyyy-mm-dd; not after the day of the build).
        #[serde(default)]
        reviewed: Option<String>,
        /// active (the default), closed, merged or acquired.
        #[serde(default)]
        status: Option<Status>,
        /// When it closed, merged or was bought: a year or a day.
        #[serde(default)]
        closed: Option<When>,
        /// The slug of the actor it became (merged into, or was replaced by).
        #[serde(default)]
        #[schemars(extend("x-ecoatlas-names" = "actors"))]
        successor: Option<String>,
        /// The slug of the actor that bought it.
        #[serde(default)]
        #[schemars(extend("x-ecoatlas-names" = "actors"))]
        acquired_by: Option<String>,
        /// The body, in a plain YAML record.
        #[serde(default)]
        description: Option<String>,
    }

    /// An actor's plain facts: fields that the pages and the exports show as the record writes
    /// them. Each is declared here once, read at the top level of the record like its other
    /// fields, and kept in [`crate::model::Actor::facts`].
    facts Facts {
        /// The postal or visiting address, as written.
        #[serde(default)]
        address: Option<String>,
        /// The organisation's own website (http or https).
        #[serde(default)]
        #[schemars(regex(pattern = crate::validate::LINK_PATTERN))]
        website: Option<String>,
        /// A public e-mail address.
        #[serde(default)]
        #[schemars(email)]
        email: Option<String>,
    }
}

/// `figures:`: each a plain number, or `{value, year, source}`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct FiguresRecord {
    /// The number of employees, or `{value: 1200, year: 2024, source: {title, url}}`.
    #[serde(default)]
    pub(super) employees: Option<FigureValue<u64>>,
    /// The year founded, or `{value: 1810, source: {title, url}}`.
    #[serde(default)]
    pub(super) founded: Option<YearValue>,
}

impl FiguresRecord {
    pub(super) fn into_figures(self) -> Figures {
        let (employees, employees_note) = self.employees.map(FigureValue::split).unzip();
        let (founded, founded_note) = self.founded.map(YearValue::split).unzip();
        Figures {
            employees,
            founded,
            employees_note: employees_note.flatten(),
            founded_note: founded_note.flatten(),
        }
    }
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct TranslatedAccess {
    #[serde(default)]
    pub(super) how: Option<String>,
    #[serde(default)]
    pub(super) steps: Option<Vec<String>>,
}

/// What a translation may say: only text for readers.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TranslationRecord {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) summary: Option<String>,
    #[serde(default)]
    pub(super) services: Option<Vec<String>>,
    #[serde(default)]
    pub(super) equipment: Option<Vec<String>>,
    #[serde(default)]
    pub(super) access: Option<TranslatedAccess>,
    #[serde(default)]
    pub(super) terms: Option<String>,
    #[serde(default)]
    pub(super) description: Option<String>,
}
