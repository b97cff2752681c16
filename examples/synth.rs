//! A synthetic ecoatlas site of any size, for benchmarks and load tests.
//!
//! ```sh
//! cargo run --release --example synth -- --actors 10000 --seed 42 OUT_DIR
//! ```
//!
//! Writes a complete site into `OUT_DIR`: `site.yaml` (Swedish and English, the shipped site's
//! vocabularies), campuses as polygons around the Stockholm–Uppsala region, and `--actors`
//! actors, each as a Swedish record (`<slug>.md`) with an English translation (`<slug>.en.md`):
//! names with Swedish letters, one or two sectors, a campus and/or an own position, tags,
//! services (more for research infrastructures), `access.open_to` (about a third open to SMEs),
//! relations to other actors, key figures and a Markdown body of 100–300 words.
//!
//! `--shape grouped` makes the worst case for lists instead of the spread one: every actor a
//! research infrastructure (so also in the guide), in the one sector `academia`, and on one of
//! the first two campuses, so that the list of a type, of a sector, of a campus and the guide each
//! hold every actor (or half of them). The rest (names, texts, positions) is drawn as for
//! `--shape spread`, the default.
//!
//! The output depends only on the arguments: the same `--actors` and `--seed` give the same
//! bytes (a small xorshift generator, no system randomness). `OUT_DIR` must be empty, missing,
//! or a folder written by this program before (its `content/` is then replaced).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const MARKER: &str = ".ecoatlas-synth";

fn main() {
    if let Err(e) = run() {
        eprintln!("synth: {e}");
        std::process::exit(2);
    }
}

struct Args {
    actors: usize,
    campuses: usize,
    seed: u64,
    /// Every actor in one type, one sector and two campuses (`--shape grouped`)?
    grouped: bool,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut actors = 10_000;
    let mut campuses = 30;
    let mut seed = 42;
    let mut grouped = false;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value"))
                .and_then(|v| {
                    v.parse::<u64>()
                        .map_err(|_| format!("{name}: `{v}` is not a number"))
                })
        };
        match arg.as_str() {
            "--actors" => actors = value("--actors")? as usize,
            "--campuses" => campuses = value("--campuses")? as usize,
            "--seed" => seed = value("--seed")?,
            "--shape" => {
                grouped = match it.next().as_deref() {
                    Some("spread") => false,
                    Some("grouped") => true,
                    other => {
                        return Err(format!(
                            "--shape: `{}` is not `spread` or `grouped`",
                            other.unwrap_or("")
                        ))
                    }
                }
            }
            "-h" | "--help" => {
                println!(
                    "usage: synth [--actors N] [--campuses N] [--seed N] [--shape spread|grouped] OUT_DIR\n\
                     Writes a deterministic synthetic ecoatlas site (default 10000 actors, 30 campuses, seed 42,\n\
                     spread over types, sectors and campuses; grouped: all in one type, one sector, two campuses)."
                );
                std::process::exit(0);
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            s => out = Some(PathBuf::from(s)),
        }
    }
    let out = out.ok_or("missing OUT_DIR (see --help)")?;
    if campuses == 0 || campuses > 200 {
        return Err("--campuses must be between 1 and 200".into());
    }
    if grouped && campuses < 2 {
        return Err("--shape grouped needs at least 2 campuses".into());
    }
    Ok(Args {
        actors,
        campuses,
        seed,
        grouped,
        out,
    })
}

/// xorshift64*: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Never zero, and different seeds spread out.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03 | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// 0 ≤ n < bound.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
    /// A float in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// `n` distinct indices below `len`, in increasing order.
    fn distinct(&mut self, n: usize, len: usize) -> Vec<usize> {
        let mut set = BTreeSet::new();
        while set.len() < n.min(len) {
            set.insert(self.below(len));
        }
        set.into_iter().collect()
    }
}

/// Places in the region (Swedish spelling), used for campus and actor names.
const PLACES: [&str; 40] = [
    "Södertälje",
    "Järfälla",
    "Täby",
    "Solna",
    "Sundbyberg",
    "Nacka",
    "Huddinge",
    "Sollentuna",
    "Väsby",
    "Märsta",
    "Enköping",
    "Knivsta",
    "Österåker",
    "Vällingby",
    "Älvsjö",
    "Hägersten",
    "Lidingö",
    "Vaxholm",
    "Tyresö",
    "Haninge",
    "Botkyrka",
    "Norrtälje",
    "Sigtuna",
    "Håbo",
    "Strängnäs",
    "Västerås",
    "Eskilstuna",
    "Nyköping",
    "Örsundsbro",
    "Bålsta",
    "Kungsängen",
    "Danderyd",
    "Vallentuna",
    "Åkersberga",
    "Gustavsberg",
    "Skärholmen",
    "Flemingsberg",
    "Kista",
    "Ultuna",
    "Gränby",
];

const SURNAMES: [&str; 30] = [
    "Lindqvist",
    "Åberg",
    "Öhman",
    "Bergström",
    "Sjöberg",
    "Lundgren",
    "Holmér",
    "Ekström",
    "Näslund",
    "Wåhlin",
    "Strömberg",
    "Källström",
    "Forsén",
    "Hägg",
    "Dahlén",
    "Söderlund",
    "Nyström",
    "Blomqvist",
    "Engström",
    "Fältskog",
    "Grönvall",
    "Hellström",
    "Isaksson",
    "Jönsson",
    "Karlén",
    "Löfgren",
    "Mårtensson",
    "Norén",
    "Palmér",
    "Rydén",
];

/// Word stems for names.
const NAME_STEMS: [&str; 36] = [
    "Bio",
    "Cell",
    "Gen",
    "Med",
    "Pharma",
    "Diagnostik",
    "Omics",
    "Vax",
    "Protein",
    "Neuro",
    "Onko",
    "Immun",
    "Kardio",
    "Derma",
    "Peptid",
    "Enzym",
    "Lab",
    "Scan",
    "Vision",
    "Sense",
    "Cura",
    "Vita",
    "Nova",
    "Thera",
    "Genomik",
    "Bioteknik",
    "Medicinteknik",
    "Analys",
    "Life",
    "Helix",
    "Syntes",
    "Kemi",
    "Antikropp",
    "Stamcell",
    "Regen",
    "Data",
];

/// (key, colour, symbol, Swedish label, English label), as on the shipped site.
const TYPES: [(&str, &str, &str, &str, &str); 8] = [
    (
        "university",
        "#1d4e89",
        "U",
        "Universitet och högskola",
        "University",
    ),
    ("hospital", "#b0172a", "H", "Sjukhus", "Hospital"),
    ("company", "#6a3d9a", "C", "Företag", "Company"),
    (
        "infrastructure",
        "#0b6e4f",
        "R",
        "Forskningsinfrastruktur och core facility",
        "Research infrastructure and core facility",
    ),
    (
        "innovation",
        "#a34700",
        "I",
        "Innovationsnod, science park och inkubator",
        "Innovation node, science park and incubator",
    ),
    (
        "cluster",
        "#00637a",
        "N",
        "Klusterorganisation och nätverk",
        "Cluster organisation and network",
    ),
    ("investor", "#7a5c00", "V", "Investerare", "Investor"),
    (
        "public",
        "#4a4a4a",
        "P",
        "Myndighet och region",
        "Public body and region",
    ),
];

/// The marker shape of each type, as on the shipped site.
fn shape_of(kind: &str) -> &'static str {
    match kind {
        "university" | "public" => "square",
        "hospital" => "pentagon",
        "infrastructure" => "hexagon",
        "innovation" => "diamond",
        "investor" => "triangle",
        _ => "circle",
    }
}

/// How often each type occurs, per mille, in the order of `TYPES`.
const TYPE_WEIGHTS: [usize; 8] = [40, 30, 600, 120, 70, 40, 50, 50];

fn name_suffixes(kind: &str) -> &'static [&'static str] {
    match kind {
        "university" => &["högskola", "institutet", "universitet"],
        "hospital" => &["sjukhus", "klinik", "vårdcentrum"],
        "company" => &["AB", "AB", "AB", "Sverige AB", "Nordic AB"],
        "infrastructure" => &["Core Facility", "plattform", "laboratorium", "centrum"],
        "innovation" => &["Science Park", "inkubator", "innovationshus"],
        "cluster" => &["nätverk", "forum", "kluster"],
        "investor" => &["Invest", "Kapital", "Ventures"],
        _ => &["myndighet", "kommun", "regionkontor"],
    }
}

const SECTORS: [(&str, &str, &str); 4] = [
    ("academia", "Akademi", "Academia"),
    ("healthcare", "Hälso- och sjukvård", "Healthcare"),
    ("industry", "Näringsliv", "Industry"),
    ("public", "Offentlig sektor", "Public sector"),
];

fn sector_of(kind: &str) -> usize {
    match kind {
        "university" | "infrastructure" => 0,
        "hospital" => 1,
        "company" | "investor" | "innovation" => 2,
        _ => 3,
    }
}

const RELATIONS: [(&str, &str, &str, &str, &str); 4] = [
    (
        "member-of",
        "medlem i",
        "member of",
        "har som medlem",
        "has member",
    ),
    (
        "partner-of",
        "samarbetar med",
        "partner of",
        "samarbetar med",
        "partner of",
    ),
    ("owned-by", "ägs av", "owned by", "äger", "owns"),
    ("part-of", "del av", "part of", "omfattar", "includes"),
];

const TAGS: [&str; 48] = [
    "forskning",
    "utbildning",
    "läkemedel",
    "medicinteknik",
    "diagnostik",
    "cellterapi",
    "genterapi",
    "ATMP",
    "bioprocess",
    "tillverkning",
    "klinisk forskning",
    "kliniska prövningar",
    "digital hälsa",
    "AI",
    "bildanalys",
    "mikroskopi",
    "proteomik",
    "genomik",
    "sekvensering",
    "bioinformatik",
    "antikroppar",
    "vaccin",
    "onkologi",
    "neurologi",
    "sällsynta sjukdomar",
    "infektion",
    "riskkapital",
    "start-ups",
    "inkubator",
    "laboratorier",
    "core facility",
    "infrastruktur",
    "GMP",
    "regulatoriskt stöd",
    "export",
    "hållbarhet",
    "folkhälsa",
    "vård",
    "e-hälsa",
    "biobank",
    "djurförsök",
    "flödescytometri",
    "masspektrometri",
    "strukturbiologi",
    "kemi",
    "nutrition",
    "veterinärmedicin",
    "växtbiologi",
];

/// (Swedish, English) services.
const SERVICES: [(&str, &str); 40] = [
    ("DNA-sekvensering", "DNA sequencing"),
    ("Mikroskopi och bildanalys", "Microscopy and image analysis"),
    (
        "Flödescytometri och cellsortering",
        "Flow cytometry and cell sorting",
    ),
    ("Proteomik", "Proteomics"),
    ("Masspektrometri", "Mass spectrometry"),
    ("Bioinformatiskt stöd", "Bioinformatics support"),
    ("GMP-tillverkning", "GMP manufacturing"),
    ("Processutveckling", "Process development"),
    ("Kliniska prövningar", "Clinical trials"),
    ("Regulatorisk rådgivning", "Regulatory advice"),
    ("Labbplatser att hyra", "Lab benches to rent"),
    ("Kontor och coworking", "Offices and co-working"),
    ("Affärsrådgivning", "Business advice"),
    ("Finansiering i tidiga skeden", "Early-stage funding"),
    ("Mötesrum och evenemang", "Meeting rooms and events"),
    (
        "Strukturbestämning av proteiner",
        "Protein structure determination",
    ),
    ("Kryoelektronmikroskopi", "Cryo-electron microscopy"),
    ("Biobanksprover", "Biobank samples"),
    ("Djurmodeller", "Animal models"),
    ("Kemisk syntes", "Chemical synthesis"),
    ("Läkemedelsscreening", "Drug screening"),
    ("Cellodling i stor skala", "Large-scale cell culture"),
    ("Virusvektorer", "Viral vectors"),
    ("Antikroppsutveckling", "Antibody development"),
    ("Medicinsk bilddiagnostik", "Medical imaging"),
    ("Testbädd för vården", "Healthcare test bed"),
    (
        "Utbildning i laboratorieteknik",
        "Training in laboratory techniques",
    ),
    ("Kvalitetssäkring", "Quality assurance"),
    ("Dataanalys och AI", "Data analysis and AI"),
    ("Patentrådgivning", "Patent advice"),
    ("Nätverksträffar", "Networking events"),
    ("Exportstöd", "Export support"),
    ("Prototyptillverkning", "Prototyping"),
    (
        "Sterilisering och validering",
        "Sterilisation and validation",
    ),
    ("Metabolomik", "Metabolomics"),
    ("Genomredigering", "Genome editing"),
    ("Organoider", "Organoids"),
    ("Statistisk konsultation", "Statistical consulting"),
    ("Provtagning och logistik", "Sampling and logistics"),
    ("Analys av livsmedel", "Food analysis"),
];

/// (Swedish, English) fields of work, for summaries and bodies.
const FIELDS: [(&str, &str); 24] = [
    ("cancerbehandling", "cancer treatment"),
    ("diagnostik av infektioner", "diagnosis of infections"),
    (
        "behandling av sällsynta sjukdomar",
        "treatment of rare diseases",
    ),
    ("cell- och genterapi", "cell and gene therapy"),
    ("medicinsk bildbehandling", "medical imaging"),
    ("vaccinutveckling", "vaccine development"),
    ("neurologiska sjukdomar", "neurological diseases"),
    ("hjärt- och kärlsjukdomar", "cardiovascular disease"),
    ("digital vård", "digital care"),
    ("precisionsmedicin", "precision medicine"),
    ("antibiotikaresistens", "antibiotic resistance"),
    ("diabetes", "diabetes"),
    ("hudsjukdomar", "skin diseases"),
    ("åldrande och demens", "ageing and dementia"),
    ("bioprocessteknik", "bioprocess engineering"),
    ("proteinanalys", "protein analysis"),
    ("klinisk nutrition", "clinical nutrition"),
    ("strålbehandling", "radiotherapy"),
    ("folkhälsa", "public health"),
    ("reumatiska sjukdomar", "rheumatic diseases"),
    ("ögonsjukdomar", "eye diseases"),
    ("smärtbehandling", "pain treatment"),
    ("livsmedelssäkerhet", "food safety"),
    ("djurhälsa", "animal health"),
];

/// (Swedish, English) what an actor of a type does, with `{f}` for a field of work.
fn activity(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "university" => (
            "bedriver forskning och utbildning inom {f}",
            "carries out research and education in {f}",
        ),
        "hospital" => (
            "ger specialiserad vård och driver klinisk forskning inom {f}",
            "provides specialised care and clinical research in {f}",
        ),
        "company" => (
            "utvecklar produkter och tjänster för {f}",
            "develops products and services for {f}",
        ),
        "infrastructure" => (
            "erbjuder avancerad utrustning och expertis för forskning inom {f}",
            "offers advanced equipment and expertise for research in {f}",
        ),
        "innovation" => (
            "hjälper nystartade bolag inom {f} att växa",
            "helps start-ups in {f} to grow",
        ),
        "cluster" => (
            "samlar företag, vård och akademi kring {f}",
            "brings companies, healthcare and academia together around {f}",
        ),
        "investor" => (
            "investerar i tidiga bolag inom {f}",
            "invests in early-stage companies in {f}",
        ),
        _ => (
            "arbetar med tillsyn, finansiering och samordning inom {f}",
            "works on oversight, funding and coordination in {f}",
        ),
    }
}

/// (Swedish, English) sentences for bodies; `{n}` is the actor's name, `{f}` a field, `{p}` a
/// place, `{y}` a year, `{k}` a number.
const BODY: [(&str, &str); 16] = [
    (
        "{n} grundades {y} och har sedan dess vuxit till en etablerad aktör inom {f}.",
        "{n} was founded in {y} and has since grown into an established player in {f}.",
    ),
    (
        "Verksamheten finns i {p} och samarbetar nära med lärosäten och regioner i Stockholm–Uppsala.",
        "The organisation is based in {p} and works closely with universities and regions in Stockholm–Uppsala.",
    ),
    (
        "Omkring {k} medarbetare arbetar med forskning, utveckling och kundstöd.",
        "About {k} people work on research, development and customer support.",
    ),
    (
        "Ett viktigt mål är att korta tiden från upptäckt till nytta för patienter inom {f}.",
        "An important aim is to shorten the time from discovery to benefit for patients in {f}.",
    ),
    (
        "Samarbeten med små och medelstora företag är en central del av arbetet.",
        "Working with small and medium-sized companies is a central part of the work.",
    ),
    (
        "Under de senaste åren har satsningar gjorts på digitalisering och datadriven forskning.",
        "In recent years there has been investment in digitalisation and data-driven research.",
    ),
    (
        "Lokalerna i {p} rymmer laboratorier, kontor och mötesplatser för externa partner.",
        "The premises in {p} house laboratories, offices and meeting places for external partners.",
    ),
    (
        "Projekten finansieras bland annat av forskningsråd, regioner och EU-program.",
        "Projects are funded by research councils, regions and EU programmes, among others.",
    ),
    (
        "Den som vill samarbeta kan boka ett första möte för att diskutera behov och möjligheter.",
        "Anyone who wants to collaborate can book a first meeting to discuss needs and options.",
    ),
    (
        "Kvalitetsarbetet följer internationella standarder, och flera av processerna är certifierade.",
        "Quality work follows international standards, and several of the processes are certified.",
    ),
    (
        "Resultaten publiceras öppet och delas med nätverk i hela Norden.",
        "Results are published openly and shared with networks across the Nordic countries.",
    ),
    (
        "Utbildningar och seminarier om {f} hålls flera gånger per år.",
        "Courses and seminars on {f} are held several times a year.",
    ),
    (
        "Verksamheten har vuxit med nya grupper och ny utrustning sedan {y}.",
        "The organisation has grown with new groups and new equipment since {y}.",
    ),
    (
        "Närheten till sjukhus och universitet gör det lätt att pröva nya idéer i praktiken.",
        "Being close to hospitals and universities makes it easy to try new ideas in practice.",
    ),
    (
        "En styrgrupp med representanter från akademi, vård och näringsliv sätter riktningen.",
        "A steering group with members from academia, healthcare and industry sets the direction.",
    ),
    (
        "Målet för de kommande åren är att bli en självklar partner inom {f} i hela regionen.",
        "The goal for the coming years is to become an obvious partner in {f} across the region.",
    ),
];

/// The site's region: west, south, east, north.
const BOUNDS: [f64; 4] = [16.8, 58.95, 18.9, 60.05];

struct Campus {
    slug: String,
    name_sv: String,
    name_en: String,
    place: &'static str,
    lat: f64,
    lon: f64,
    /// Radius of the outline in degrees of latitude.
    radius: f64,
}

struct Actor {
    slug: String,
    name: String,
    kind: usize,
    place: &'static str,
}

/// A made-up word that reads like a brand (`Vexolin`, `Karimed`): two or three syllables.
fn brand(rng: &mut Rng) -> String {
    const ONSETS: [&str; 18] = [
        "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "kl",
        "st",
    ];
    const VOWELS: [&str; 7] = ["a", "e", "i", "o", "u", "y", "ä"];
    const ENDINGS: [&str; 10] = ["", "n", "x", "s", "l", "m", "ra", "ix", "on", "ia"];
    let mut word = String::new();
    for _ in 0..2 + rng.below(2) {
        word.push_str(ONSETS[rng.below(ONSETS.len())]);
        word.push_str(VOWELS[rng.below(VOWELS.len())]);
    }
    word.push_str(ENDINGS[rng.below(ENDINGS.len())]);
    capitalise(&word)
}

/// The file-name slug of a name (lower-case ASCII, Swedish letters transliterated).
fn slugify(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn yaml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| yaml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn fill(template: &str, name: &str, field: &str, place: &str, year: u32, k: u32) -> String {
    template
        .replace("{n}", name)
        .replace("{f}", field)
        .replace("{p}", place)
        .replace("{y}", &year.to_string())
        .replace("{k}", &k.to_string())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn prepare(out: &Path) -> Result<(), String> {
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .map_err(|e| format!("reading {}: {e}", out.display()))?
            .next()
            .is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(format!(
                "{} is not empty and was not written by synth; choose an empty or new folder",
                out.display()
            ));
        }
        let content = out.join("content");
        if content.exists() {
            std::fs::remove_dir_all(&content)
                .map_err(|e| format!("removing {}: {e}", content.display()))?;
        }
    }
    for dir in ["content/actors", "content/campuses"] {
        std::fs::create_dir_all(out.join(dir))
            .map_err(|e| format!("creating {}: {e}", out.join(dir).display()))?;
    }
    write(
        &out.join(MARKER),
        "A synthetic ecoatlas site written by `cargo run --example synth`.\n",
    )
}

fn site_yaml() -> String {
    let mut s = String::new();
    s.push_str("# A synthetic site written by `cargo run --example synth`.\n");
    s.push_str("title: {sv: \"Syntetisk ekosystemkarta\", en: \"Synthetic ecosystem map\"}\n");
    s.push_str("description: {sv: \"En stor påhittad karta för prestandamätningar.\", en: \"A large made-up map for performance measurements.\"}\n");
    s.push_str("base_url: \"/\"\nlanguages: [sv, en]\n");
    let _ = writeln!(
        s,
        "map:\n  center: {{lat: 59.5, lon: 17.85}}\n  zoom: 8\n  min_zoom: 5\n  max_zoom: 18\n  bounds: {{west: {}, south: {}, east: {}, north: {}}}",
        BOUNDS[0], BOUNDS[1], BOUNDS[2], BOUNDS[3]
    );
    s.push_str("actor_types:\n");
    for (key, colour, symbol, sv, en) in TYPES {
        let _ = writeln!(
            s,
            "  {key}: {{label: {{sv: {}, en: {}}}, colour: \"{colour}\", symbol: {symbol}, shape: {}}}",
            yaml_str(sv),
            yaml_str(en),
            shape_of(key)
        );
    }
    s.push_str("sectors:\n");
    for (key, sv, en) in SECTORS {
        let _ = writeln!(
            s,
            "  {key}: {{label: {{sv: {}, en: {}}}}}",
            yaml_str(sv),
            yaml_str(en)
        );
    }
    s.push_str("relation_types:\n");
    for (key, sv, en, rsv, ren) in RELATIONS {
        let _ = writeln!(
            s,
            "  {key}: {{label: {{sv: {}, en: {}}}, reverse: {{sv: {}, en: {}}}}}",
            yaml_str(sv),
            yaml_str(en),
            yaml_str(rsv),
            yaml_str(ren)
        );
    }
    s
}

fn campuses(rng: &mut Rng, n: usize) -> Vec<Campus> {
    let kinds = [
        ("Campus {p}", "{p} Campus"),
        ("{p} Science Park", "{p} Science Park"),
        ("Kunskapsstråket {p}", "{p} Knowledge Quarter"),
        ("Forskningsbyn {p}", "{p} Research Village"),
    ];
    let mut out: Vec<Campus> = Vec::new();
    let mut slugs = BTreeSet::new();
    let mut i = 0;
    while out.len() < n {
        let place = PLACES[i % PLACES.len()];
        let (sv, en) = kinds[(i / PLACES.len()) % kinds.len()];
        i += 1;
        let name_sv = sv.replace("{p}", place);
        let slug = slugify(&name_sv);
        if !slugs.insert(slug.clone()) {
            continue;
        }
        // Inside the region, away from its edges.
        let lat = BOUNDS[1] + 0.1 + rng.unit() * (BOUNDS[3] - BOUNDS[1] - 0.2);
        let lon = BOUNDS[0] + 0.1 + rng.unit() * (BOUNDS[2] - BOUNDS[0] - 0.2);
        out.push(Campus {
            slug,
            name_en: en.replace("{p}", place),
            name_sv,
            place,
            lat,
            lon,
            radius: 0.004 + rng.unit() * 0.008,
        });
    }
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    out
}

fn campus_geojson(c: &Campus, rng: &mut Rng) -> String {
    // An irregular octagon; longitude degrees are shorter this far north.
    let stretch = 1.0 / c.lat.to_radians().cos();
    let mut ring = Vec::new();
    for k in 0..8 {
        let angle = std::f64::consts::TAU * k as f64 / 8.0;
        let r = c.radius * (0.75 + 0.5 * rng.unit());
        ring.push([c.lon + r * stretch * angle.cos(), c.lat + r * angle.sin()]);
    }
    ring.push(ring[0]);
    let coords: Vec<String> = ring
        .iter()
        .map(|[x, y]| format!("[{x:.5}, {y:.5}]"))
        .collect();
    let field = rng.pick(&FIELDS);
    format!(
        "{{\n  \"type\": \"Feature\",\n  \"properties\": {{\n    \"name\": {{\"sv\": {}, \"en\": {}}},\n    \"summary\": {{\"sv\": {}, \"en\": {}}},\n    \"specialties\": {{\"sv\": [{}], \"en\": [{}]}},\n    \"municipality\": {},\n    \"approximate\": true\n  }},\n  \"geometry\": {{\"type\": \"Polygon\", \"coordinates\": [[{}]]}}\n}}\n",
        json_str(&c.name_sv),
        json_str(&c.name_en),
        json_str(&format!("Ett kunskapsområde i {} med forskning och företag inom {}.", c.place, field.0)),
        json_str(&format!("A knowledge district in {} with research and companies in {}.", c.place, field.1)),
        json_str(&capitalise(field.0)),
        json_str(&capitalise(field.1)),
        json_str(c.place),
        coords.join(", ")
    )
}

fn json_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn pick_type(rng: &mut Rng) -> usize {
    let total: usize = TYPE_WEIGHTS.iter().sum();
    let mut x = rng.below(total);
    for (i, w) in TYPE_WEIGHTS.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    TYPE_WEIGHTS.len() - 1
}

fn actor_names(rng: &mut Rng, n: usize) -> Vec<Actor> {
    let mut slugs = BTreeSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let kind = pick_type(rng);
        let key = TYPES[kind].0;
        let place = *rng.pick(&PLACES);
        let stem = *rng.pick(&NAME_STEMS);
        let suffix = *rng.pick(name_suffixes(key));
        // Real names are varied; a made-up brand word stands in for the many one-off names.
        let base = match rng.below(6) {
            0 => format!("{place} {stem} {suffix}"),
            1 => format!("{} {stem} {suffix}", rng.pick(&SURNAMES)),
            2 => format!("{stem}{} {suffix}", rng.pick(&NAME_STEMS).to_lowercase()),
            3 => format!("{place}{} {suffix}", stem.to_lowercase()),
            4 => format!("{} {suffix}", brand(rng)),
            _ => format!("{} {stem}", brand(rng)),
        };
        let mut name = base.clone();
        let mut k = 2;
        while slugs.contains(&slugify(&name)) {
            name = format!("{base} {k}");
            k += 1;
        }
        slugs.insert(slugify(&name));
        out.push(Actor {
            slug: slugify(&name),
            name,
            kind,
            place,
        });
    }
    out
}

fn body(
    rng: &mut Rng,
    name: &str,
    field: (&str, &str),
    place: &str,
    english: bool,
    words: usize,
) -> String {
    let year = 1950 + rng.below(74) as u32;
    let k = 5 + rng.below(800) as u32;
    let mut text = String::new();
    let mut count = 0;
    let mut in_paragraph = 0;
    while count < words {
        let (sv, en) = BODY[rng.below(BODY.len())];
        let sentence = fill(
            if english { en } else { sv },
            name,
            if english { field.1 } else { field.0 },
            place,
            year,
            k,
        );
        count += sentence.split_whitespace().count();
        if in_paragraph > 0 {
            text.push(' ');
        }
        text.push_str(&sentence);
        in_paragraph += 1;
        if in_paragraph >= 3 + rng.below(3) {
            text.push_str("\n\n");
            in_paragraph = 0;
        }
    }
    text.trim_end().to_string() + "\n"
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let mut rng = Rng::new(args.seed);
    prepare(&args.out)?;
    write(&args.out.join("site.yaml"), &site_yaml())?;

    let campuses = campuses(&mut rng, args.campuses);
    for c in &campuses {
        let text = campus_geojson(c, &mut rng);
        write(
            &args
                .out
                .join(format!("content/campuses/{}.geojson", c.slug)),
            &text,
        )?;
    }

    let mut actors = actor_names(&mut rng, args.actors);
    if args.grouped {
        let infrastructure = TYPES.iter().position(|t| t.0 == "infrastructure");
        for a in &mut actors {
            a.kind = infrastructure.unwrap_or(a.kind);
        }
    }
    for (i, a) in actors.iter().enumerate() {
        let (key, ..) = TYPES[a.kind];
        let main_sector = sector_of(key);
        let mut sectors = vec![SECTORS[main_sector].0];
        // Drawn in both shapes, so that the rest is drawn alike.
        if rng.chance(0.25) && !args.grouped {
            let other = SECTORS[rng.below(SECTORS.len())].0;
            if other != sectors[0] {
                sectors.push(other);
            }
        }
        let mut fm = String::from("---\n");
        let _ = writeln!(fm, "name: {}", yaml_str(&a.name));
        let _ = writeln!(fm, "type: {key}");
        let _ = writeln!(fm, "sectors: {}", yaml_list(&sectors));

        // 85 % on a campus (most of those with a position of their own), the rest anywhere.
        let mut campus = rng
            .chance(0.85)
            .then(|| &campuses[rng.below(campuses.len())]);
        if args.grouped {
            campus = Some(&campuses[i % 2]);
        }
        let mut place = a.place;
        match campus {
            Some(c) => {
                place = c.place;
                let _ = writeln!(fm, "campus: {}", c.slug);
                if rng.chance(0.6) {
                    let stretch = 1.0 / c.lat.to_radians().cos();
                    let angle = rng.unit() * std::f64::consts::TAU;
                    let r = c.radius * 0.7 * rng.unit().sqrt();
                    let _ = writeln!(
                        fm,
                        "location: {{lat: {:.5}, lon: {:.5}}}",
                        c.lat + r * angle.sin(),
                        c.lon + r * stretch * angle.cos()
                    );
                }
            }
            None => {
                let lat = BOUNDS[1] + 0.05 + rng.unit() * (BOUNDS[3] - BOUNDS[1] - 0.1);
                let lon = BOUNDS[0] + 0.05 + rng.unit() * (BOUNDS[2] - BOUNDS[0] - 0.1);
                let approximate = rng.chance(0.3);
                let _ = writeln!(
                    fm,
                    "location: {{lat: {lat:.5}, lon: {lon:.5}{}}}",
                    if approximate {
                        ", approximate: true"
                    } else {
                        ""
                    }
                );
            }
        }
        let _ = writeln!(
            fm,
            "address: {}",
            yaml_str(&format!(
                "{}vägen {}, {}",
                a.place,
                1 + rng.below(120),
                place
            ))
        );
        let _ = writeln!(fm, "website: \"https://{}.example.org\"", a.slug);
        if rng.chance(0.5) {
            let _ = writeln!(fm, "email: \"info@{}.example.org\"", a.slug);
        }
        let field = *rng.pick(&FIELDS);
        let (act_sv, act_en) = activity(key);
        let summary_sv = format!("{} {}.", a.name, act_sv.replace("{f}", field.0));
        let summary_en = format!("{} {}.", a.name, act_en.replace("{f}", field.1));
        let second = rng.chance(0.7).then(|| {
            let other = rng.pick(&FIELDS);
            let product = brand(&mut rng);
            let year = 1990 + rng.below(35);
            match rng.below(4) {
                0 => (
                    format!(
                        " Verksamheten finns i {place} och har särskild kunskap om {}.",
                        other.0
                    ),
                    format!(
                        " It is based in {place} and has particular expertise in {}.",
                        other.1
                    ),
                ),
                1 => (
                    format!(
                        " Sedan {year} utvecklas plattformen {product}, som också används inom {}.",
                        other.0
                    ),
                    format!(
                        " Since {year} it has developed the {product} platform, also used in {}.",
                        other.1
                    ),
                ),
                2 => (
                    format!(" Produkten {product} testas på sjukhus i regionen."),
                    format!(" Its product {product} is being tested in hospitals in the region."),
                ),
                _ => (
                    format!(
                        " Samarbetar med {} i {place} kring {}.",
                        brand(&mut rng),
                        other.0
                    ),
                    format!(" Works with {} in {place} on {}.", brand(&mut rng), other.1),
                ),
            }
        });
        let (summary_sv, summary_en) = match &second {
            Some((s, e)) => (summary_sv + s, summary_en + e),
            None => (summary_sv, summary_en),
        };
        let _ = writeln!(fm, "summary: {}", yaml_str(&summary_sv));
        let n_tags = 1 + rng.below(4);
        let tags: Vec<&str> = rng
            .distinct(n_tags, TAGS.len())
            .into_iter()
            .map(|t| TAGS[t])
            .collect();
        let _ = writeln!(fm, "tags: {}", yaml_list(&tags));
        let n_services = match key {
            "infrastructure" => 2 + rng.below(4),
            "innovation" | "hospital" | "university" => rng.below(4),
            _ => usize::from(rng.chance(0.4)) * (1 + rng.below(2)),
        };
        let services = rng.distinct(n_services, SERVICES.len());
        if !services.is_empty() {
            let sv: Vec<&str> = services.iter().map(|&s| SERVICES[s].0).collect();
            let _ = writeln!(fm, "services: {}", yaml_list(&sv));
        }
        let open_to_sme = match key {
            "infrastructure" | "innovation" => rng.chance(0.7),
            "company" => rng.chance(0.15),
            _ => rng.chance(0.35),
        };
        let how_sv = "Kontakta oss för ett första möte om villkor och pris.";
        let how_en = "Contact us for a first meeting about terms and prices.";
        if open_to_sme {
            let _ = writeln!(
                fm,
                "access: {{open_to: [sme, academia, industry], how: {}}}",
                yaml_str(how_sv)
            );
        } else if rng.chance(0.2) {
            let _ = writeln!(
                fm,
                "access: {{open_to: [academia], how: {}}}",
                yaml_str(how_sv)
            );
        }
        if i > 0 && rng.chance(0.4) {
            let mut relations = Vec::new();
            let mut targets = BTreeSet::new();
            for _ in 0..1 + rng.below(3) {
                let target = &actors[rng.below(i)];
                if targets.insert(target.slug.as_str()) {
                    relations.push(format!(
                        "{{type: {}, target: {}}}",
                        RELATIONS[rng.below(RELATIONS.len())].0,
                        target.slug
                    ));
                }
            }
            let _ = writeln!(fm, "relations: [{}]", relations.join(", "));
        }
        let _ = writeln!(
            fm,
            "figures: {{employees: {}, founded: {}}}",
            3 + rng.below(3000),
            1900 + rng.below(124)
        );
        fm.push_str("---\n");
        let words = 100 + rng.below(201);
        let body_seed = rng.next();
        let mut body_rng = Rng::new(body_seed);
        let sv = fm + &body(&mut body_rng, &a.name, field, place, false, words);
        let mut body_rng = Rng::new(body_seed);
        let mut en = String::from("---\n");
        let _ = writeln!(en, "name: {}", yaml_str(&a.name));
        let _ = writeln!(en, "summary: {}", yaml_str(&summary_en));
        if !services.is_empty() {
            let list: Vec<&str> = services.iter().map(|&s| SERVICES[s].1).collect();
            let _ = writeln!(en, "services: {}", yaml_list(&list));
        }
        if open_to_sme {
            let _ = writeln!(en, "access: {{how: {}}}", yaml_str(how_en));
        }
        en.push_str("---\n");
        en.push_str(&body(&mut body_rng, &a.name, field, place, true, words));
        write(&args.out.join(format!("content/actors/{}.md", a.slug)), &sv)?;
        write(
            &args.out.join(format!("content/actors/{}.en.md", a.slug)),
            &en,
        )?;
    }
    println!(
        "synth: wrote {} actors and {} campuses to {}",
        actors.len(),
        campuses.len(),
        args.out.display()
    );
    Ok(())
}
