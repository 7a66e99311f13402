//! Spreadsheets and course-system exports (CSV).
//!
//! Separator `;`, `,` or tab (whichever the header line uses most), UTF-8 with or
//! without byte-order mark or Windows-1252 ([`crate::text::decode`]), quoted fields
//! that may hold separators, quotes (`""`) and line breaks. The header line names the
//! columns; [`Field::ALIASES`] lists the names each column may have. One row is one
//! course; a row with a problem is skipped with a message naming file, line and column,
//! the other rows are imported.

use lernort_catalogue::{Availability, Course, Session, Timestamp, Venue, When};
use lernort_time::{Date, TimeOfDay};

use crate::report::FileSummary;
use crate::source::{apply_price, apply_target_group, tidy_sessions, FileContext};
use crate::text::{
    decode, key, language_code, parse_german_date, parse_price, parse_time, parse_weekday,
    plain_description, slugify, Encoding, Price,
};

/// A column the import understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The provider's course number (`Kursnummer`); makes the course id stable.
    Id,
    /// The title (required).
    Title,
    /// A second line under the title.
    Subtitle,
    /// The description.
    Description,
    /// Subject labels, mapped to categories by `import.json`.
    Category,
    /// The target group in words (audiences, ages, level are read from it).
    Audience,
    /// The first date (required unless [`Field::Dates`] is given).
    Start,
    /// The last date.
    End,
    /// Start time of each session.
    StartTime,
    /// End time of each session.
    EndTime,
    /// How many sessions.
    Count,
    /// The weekday (checked against the start date).
    Weekday,
    /// All session dates, separated by commas, semicolons or `|`.
    Dates,
    /// The place: a venue's name or street, `online`, or both (`… / online`).
    Place,
    /// The room.
    Room,
    /// The venue's street and number (with [`Field::PostalCode`] and [`Field::Town`] it
    /// makes a venue that import.json does not list, as a JSON-LD `PostalAddress` does).
    Street,
    /// The venue's postcode.
    PostalCode,
    /// The venue's town.
    Town,
    /// Whether the venue is step-free: yes or no, in the provider's words.
    StepFree,
    /// The price.
    Price,
    /// The reduced price.
    ReducedPrice,
    /// Number of places.
    Capacity,
    /// Places still free.
    PlacesLeft,
    /// Booking state in words.
    Status,
    /// Where to book.
    Booking,
    /// The course's page.
    Url,
    /// Who teaches.
    Instructor,
    /// What to bring.
    Bring,
    /// The language.
    Language,
    /// The level.
    Level,
    /// The ages, `10-13`, `ab 60`.
    Ages,
}

impl Field {
    /// Every field with the header names it is known by (compared without case, accents,
    /// spaces and punctuation: `Freie Plätze` = `freie_plaetze`).
    pub const ALIASES: &'static [(Field, &'static [&'static str])] = &[
        (
            Field::Id,
            &[
                "Kursnummer",
                "Kursnr",
                "Kurs-Nr.",
                "Nr",
                "Nummer",
                "Veranstaltungsnummer",
                "id",
                "course number",
                "number",
            ],
        ),
        (
            Field::Title,
            &[
                "Titel",
                "Kurstitel",
                "Veranstaltung",
                "Kursname",
                "title",
                "name",
            ],
        ),
        (Field::Subtitle, &["Untertitel", "Zusatz", "subtitle"]),
        (
            Field::Description,
            &[
                "Beschreibung",
                "Kursbeschreibung",
                "Inhalt",
                "Text",
                "Details",
                "description",
            ],
        ),
        (
            Field::Category,
            &[
                "Fachbereich",
                "Programmbereich",
                "Kategorie",
                "Kategorien",
                "Thema",
                "Bereich",
                "category",
                "categories",
                "topic",
            ],
        ),
        (
            Field::Audience,
            &["Zielgruppe", "Für wen", "audience", "target group"],
        ),
        (
            Field::Start,
            &[
                "Beginn",
                "Kursbeginn",
                "Datum",
                "Startdatum",
                "Erster Termin",
                "date",
                "start date",
            ],
        ),
        (
            Field::End,
            &["Ende", "Kursende", "Enddatum", "Letzter Termin", "end date"],
        ),
        (
            Field::StartTime,
            &[
                "Uhrzeit von",
                "Zeit von",
                "von",
                "Beginn Uhrzeit",
                "Uhrzeit",
                "start",
                "start time",
                "from",
            ],
        ),
        (
            Field::EndTime,
            &[
                "Uhrzeit bis",
                "Zeit bis",
                "bis",
                "Ende Uhrzeit",
                "end",
                "end time",
                "to",
            ],
        ),
        (
            Field::Count,
            &["Termine", "Anzahl Termine", "Terminanzahl", "sessions"],
        ),
        (Field::Weekday, &["Wochentag", "Tag", "weekday", "day"]),
        (
            Field::Dates,
            &[
                "Einzeltermine",
                "Termindaten",
                "Alle Termine",
                "dates",
                "all dates",
            ],
        ),
        (
            Field::Place,
            &[
                "Ort",
                "Veranstaltungsort",
                "Kursort",
                "venue",
                "location",
                "place",
            ],
        ),
        (Field::Room, &["Raum", "room"]),
        (
            Field::Street,
            &[
                "Straße",
                "Strasse",
                "Str.",
                "Straße und Hausnummer",
                "Anschrift",
                "Adresse",
                "street",
                "street address",
                "address",
            ],
        ),
        (
            Field::PostalCode,
            &[
                "PLZ",
                "Postleitzahl",
                "postal code",
                "postcode",
                "zip",
                "zip code",
            ],
        ),
        (
            Field::Town,
            &["Stadt", "Gemeinde", "Ortschaft", "town", "city", "locality"],
        ),
        (
            Field::StepFree,
            &[
                "Barrierefrei",
                "barrierefrei zugänglich",
                "Barrierefreiheit",
                "rollstuhlgerecht",
                "stufenlos",
                "stufenlos erreichbar",
                "step-free",
                "step free",
                "wheelchair accessible",
            ],
        ),
        (
            Field::Price,
            &[
                "Entgelt",
                "Preis",
                "Kosten",
                "Gebühr",
                "Teilnahmegebühr",
                "price",
                "fee",
                "cost",
            ],
        ),
        (
            Field::ReducedPrice,
            &[
                "Entgelt ermäßigt",
                "ermäßigt",
                "Preis ermäßigt",
                "ermäßigter Preis",
                "reduced price",
                "reduced",
            ],
        ),
        (
            Field::Capacity,
            &[
                "Plätze",
                "Max. Teilnehmende",
                "Teilnehmende max.",
                "Teilnehmer max.",
                "max. Plätze",
                "capacity",
                "places",
            ],
        ),
        (
            Field::PlacesLeft,
            &[
                "Freie Plätze",
                "noch frei",
                "Restplätze",
                "free places",
                "places left",
                "available",
            ],
        ),
        (
            Field::Status,
            &["Status", "Buchungsstatus", "Anmeldestatus", "availability"],
        ),
        (
            Field::Booking,
            &[
                "Anmeldung",
                "Anmeldelink",
                "Link zur Anmeldung",
                "Buchung",
                "booking",
                "booking url",
                "registration",
            ],
        ),
        (
            Field::Url,
            &["Link", "Webseite", "Website", "Kursseite", "url"],
        ),
        (
            Field::Instructor,
            &[
                "Dozent",
                "Dozentin",
                "Dozent/in",
                "Kursleitung",
                "Leitung",
                "Referent",
                "Referentin",
                "Referent/in",
                "speaker",
                "instructor",
                "teacher",
            ],
        ),
        (
            Field::Bring,
            &["Mitbringen", "Bitte mitbringen", "bring", "what to bring"],
        ),
        (Field::Language, &["Sprache", "Kurssprache", "language"]),
        (Field::Level, &["Niveau", "Stufe", "level"]),
        (
            Field::Ages,
            &[
                "Alter",
                "Altersgruppe",
                "ages",
                "age range",
                "typical age range",
            ],
        ),
    ];

    /// Every field with the name `import.json`'s `columns` map uses for it.
    pub const NAMES: &'static [(Field, &'static str)] = &[
        (Field::Id, "id"),
        (Field::Title, "title"),
        (Field::Subtitle, "subtitle"),
        (Field::Description, "description"),
        (Field::Category, "category"),
        (Field::Audience, "audience"),
        (Field::Start, "date"),
        (Field::End, "endDate"),
        (Field::StartTime, "startTime"),
        (Field::EndTime, "endTime"),
        (Field::Count, "sessionCount"),
        (Field::Weekday, "weekday"),
        (Field::Dates, "dates"),
        (Field::Place, "place"),
        (Field::Room, "room"),
        (Field::Street, "street"),
        (Field::PostalCode, "postalCode"),
        (Field::Town, "town"),
        (Field::StepFree, "stepFree"),
        (Field::Price, "price"),
        (Field::ReducedPrice, "reducedPrice"),
        (Field::Capacity, "capacity"),
        (Field::PlacesLeft, "placesLeft"),
        (Field::Status, "status"),
        (Field::Booking, "bookingUrl"),
        (Field::Url, "url"),
        (Field::Instructor, "instructor"),
        (Field::Bring, "bring"),
        (Field::Language, "language"),
        (Field::Level, "level"),
        (Field::Ages, "ages"),
    ];

    /// The field a `columns` map names (`"date"`, `"placesLeft"`…), exactly as written.
    ///
    /// ```
    /// use lernort_import::csv::Field;
    /// assert_eq!(Field::named("date"), Some(Field::Start));
    /// assert_eq!(Field::named("Datum"), None);
    /// ```
    pub fn named(name: &str) -> Option<Field> {
        Field::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(field, _)| *field)
    }

    /// The names a `columns` map may use, for messages: `id, title, …, ages`.
    pub fn names() -> String {
        let names: Vec<&str> = Field::NAMES.iter().map(|(_, n)| *n).collect();
        names.join(", ")
    }

    /// The field a header names, as exports write headers: the name itself, or the name
    /// with a qualifier in parentheses or brackets (`Preis (€)`, `Datum (TT.MM.JJJJ)`,
    /// `Plätze [max.]`) or a unit after it (`Preis in €`, `Entgelt EUR`).
    ///
    /// ```
    /// use lernort_import::csv::Field;
    /// assert_eq!(Field::for_header("Freie Plätze"), Some(Field::PlacesLeft));
    /// assert_eq!(Field::for_header("booking url"), Some(Field::Booking));
    /// assert_eq!(Field::for_header("Datum (TT.MM.JJJJ)"), Some(Field::Start));
    /// assert_eq!(Field::for_header("Preis (€)"), Some(Field::Price));
    /// assert_eq!(Field::for_header("Preis in EUR"), Some(Field::Price));
    /// assert_eq!(Field::for_header("max. Teilnehmende"), Some(Field::Capacity));
    /// assert_eq!(Field::for_header("Bemerkung"), None);
    /// assert_eq!(Field::for_header("(intern)"), None);
    /// ```
    pub fn for_header(header: &str) -> Option<Field> {
        let named = |text: &str| {
            let wanted = key(text);
            Field::ALIASES
                .iter()
                .find(|(_, names)| !wanted.is_empty() && names.iter().any(|n| key(n) == wanted))
                .map(|(field, _)| *field)
        };
        named(header).or_else(|| named(&without_qualifier(header)))
    }
}

/// A header without what exports add to a field's name: parts in parentheses or brackets
/// and a trailing unit (`€`, `EUR`, `Euro`, `in €`).
fn without_qualifier(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let mut words: Vec<&str> = out.split_whitespace().collect();
    while let Some(last) = words.last() {
        let unit = ["€", "eur", "euro", "in"].contains(&last.to_lowercase().as_str());
        if !unit || words.len() == 1 {
            break;
        }
        words.pop();
    }
    words.join(" ")
}

/// The columns of one file: which field is in which column, and the header as written.
struct Columns {
    index: Vec<(Field, usize, String)>,
}

impl Columns {
    fn find(&self, field: Field) -> Option<(usize, &str)> {
        self.index
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, i, h)| (*i, h.as_str()))
    }
}

/// One row: its fields by column, its line, and the header names for messages.
struct Row<'r> {
    record: &'r ::csv::StringRecord,
    columns: &'r Columns,
    line: usize,
}

impl Row<'_> {
    /// The trimmed value of a field ("" when the column is missing or the row short).
    fn get(&self, field: Field) -> &str {
        self.columns
            .find(field)
            .and_then(|(i, _)| self.record.get(i))
            .map_or("", str::trim)
    }

    /// The header the file uses for a field (for messages), or the first alias.
    fn name(&self, field: Field) -> String {
        match self.columns.find(field) {
            Some((_, header)) => header.to_string(),
            None => Field::ALIASES
                .iter()
                .find(|(f, _)| *f == field)
                .map_or("?", |(_, names)| names[0])
                .to_string(),
        }
    }
}

/// Guesses the separator from the header line: `;`, `,` or tab, whichever appears most
/// often outside quotes (`;` on a tie).
///
/// ```
/// use lernort_import::csv::detect_separator;
/// assert_eq!(detect_separator("Titel;Beginn;Ort\n"), b';');
/// assert_eq!(detect_separator("title,date,\"venue; room\"\n"), b',');
/// ```
pub fn detect_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b';', b',', b'\t'][best]
}

/// Reads one CSV file into the context's courses and messages.
pub fn read(ctx: &mut FileContext, bytes: &[u8]) -> FileSummary {
    let (text, encoding) = decode(bytes);
    let separator = detect_separator(&text);
    let format = format!(
        "CSV ({}, '{}')",
        match encoding {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
        },
        if separator == b'\t' {
            "tab".to_string()
        } else {
            (separator as char).to_string()
        }
    );
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let summary = |ctx: &FileContext| FileSummary {
        file: ctx.file.to_string(),
        provider: ctx.provider.provider.id.clone(),
        format: format.clone(),
        imported: ctx.courses.len(),
        skipped: ctx.skipped,
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            ctx.reject(
                Some(1),
                None,
                format!("the header line cannot be read: {e}"),
            );
            return summary(ctx);
        }
    };
    let mut columns = Columns { index: Vec::new() };
    let provider = ctx.provider.provider.id.clone();
    for (i, header) in headers.iter().enumerate() {
        let header = header.trim();
        // The provider's own map in import.json first, then the names exports use.
        let mapped = ctx.provider.column(header);
        match mapped.or_else(|| Field::for_header(header).map(Some)) {
            Some(Some(field)) if columns.find(field).is_some() => ctx.warn(
                Some(1),
                Some(header),
                format!(
                    "a second column for the same field; the first one is used (to use this \
                     one, map the other to \"ignore\" in import.json's \"columns\" for \
                     provider \"{provider}\")"
                ),
            ),
            Some(Some(field)) => columns.index.push((field, i, header.to_string())),
            Some(None) => {} // mapped to "ignore"
            None if header.is_empty() => {}
            None => ctx.warn(
                Some(1),
                Some(header),
                format!(
                    "unknown column, not imported; to import it, add to provider \
                     \"{provider}\" in import.json \"columns\": {{\"{header}\": \"<field>\"}} \
                     with one of {}; \"ignore\" silences this warning",
                    Field::names()
                ),
            ),
        }
    }
    let missing = |what: &str, examples: &str, field: &str| {
        format!(
            "no {what} column ({examples}); nothing imported from this file. If the export \
             names it otherwise, add to provider \"{provider}\" in import.json \"columns\": \
             {{\"<its header>\": \"{field}\"}}"
        )
    };
    if columns.find(Field::Title).is_none() {
        let message = missing("title", "Titel, Veranstaltung, title…", "title");
        ctx.reject(Some(1), None, message);
        return summary(ctx);
    }
    if columns.find(Field::Start).is_none() && columns.find(Field::Dates).is_none() {
        let message = missing("date", "Beginn, Datum, date, Einzeltermine…", "date");
        ctx.reject(Some(1), None, message);
        return summary(ctx);
    }
    let mut record = ::csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                ctx.reject(Some(line), None, format!("the row cannot be read: {e}"));
                ctx.skip();
                // The reader cannot resume reliably after a broken quote: stop here.
                break;
            }
        }
        // The reader's own line count misses line breaks inside quotes; count them.
        let line = record.position().map_or(line, |p| {
            // With CRLF ends the reader's offset points at the '\n' before the record.
            let bytes = text.as_bytes();
            let mut at = (p.byte() as usize).min(bytes.len());
            while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                at += 1;
            }
            bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
        });
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let row = Row {
            record: &record,
            columns: &columns,
            line,
        };
        let before = ctx.messages.len();
        match read_row(ctx, &row) {
            Some(course) if !has_rejections(ctx, before) => ctx.courses.push(course),
            _ => ctx.skip(),
        }
    }
    summary(ctx)
}

fn has_rejections(ctx: &FileContext, since: usize) -> bool {
    ctx.messages[since..]
        .iter()
        .any(|m| m.severity == crate::report::Severity::Skipped)
}

/// One row as a course; `None` (with messages) when a required field is wrong.
fn read_row(ctx: &mut FileContext, row: &Row) -> Option<Course> {
    let line = Some(row.line);
    let title = row.get(Field::Title);
    if title.is_empty() {
        ctx.reject(line, Some(&row.name(Field::Title)), "missing");
    }
    let source_id = match row.get(Field::Id) {
        "" => None,
        id => Some(id.to_string()),
    };
    let dates = row_dates(ctx, row);
    let times = row_times(ctx, row);
    let mut course = ctx.course(source_id.as_deref().unwrap_or(""), title);

    // Place: the place text, or the address columns, as a JSON-LD PostalAddress.
    read_place(ctx, row, &mut course);

    // Price.
    let price_text = row.get(Field::Price);
    let reduced_text = row.get(Field::ReducedPrice);
    let price = parse_price(price_text);
    let reduced = parse_price(reduced_text);
    if price.is_none() {
        ctx.warn(
            line,
            Some(&row.name(Field::Price)),
            format!(
                "'{price_text}' is not a price like 49,00 €; shown as 'Preis beim Anbieter erfragen'"
            ),
        );
    }
    if reduced.is_none() {
        ctx.warn(
            line,
            Some(&row.name(Field::ReducedPrice)),
            format!("'{reduced_text}' is not a price like 29,00 €; left out"),
        );
    }
    if let (Some(Price::Cents(p)), Some(Price::Cents(r))) = (price, reduced) {
        if r > p {
            ctx.warn(
                line,
                Some(&row.name(Field::ReducedPrice)),
                format!("'{reduced_text}' is above the price; left out"),
            );
        }
    }
    let price = price.unwrap_or(Price::Empty);
    let reduced = reduced.unwrap_or(Price::Empty);
    let free = "the source can write 0 or 'kostenfrei' for a free course";
    if let Some(warning) = apply_price(&mut course, price, reduced, ctx.provider, Some(free)) {
        // An unreadable price has had its own warning.
        if price_text.is_empty() {
            ctx.warn(line, Some(&row.name(Field::Price)), warning);
        }
    }

    let (dates, times) = (dates?, times?);
    if title.is_empty() {
        return None;
    }

    course.sessions = dates
        .iter()
        .map(|&date| match times {
            Some((start, end)) => Session {
                start_date: When::Time(Timestamp::from_berlin(date, start)),
                end_date: When::Time(Timestamp::from_berlin(date, end)),
            },
            None => Session {
                start_date: When::Day(date),
                end_date: When::Day(date),
            },
        })
        .collect();
    tidy_sessions(&mut course.sessions);
    if source_id.is_none() {
        // Without a course number, the title and first date make the id.
        course.id = format!(
            "{}:{}-{}",
            course.provider,
            crate::text::slugify(title),
            lernort_catalogue::IsoDate(dates[0])
        );
    }

    course.subtitle = Some(row.get(Field::Subtitle))
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    course.description = plain_description(row.get(Field::Description));

    let category = row.get(Field::Category);
    let labels: Vec<String> = category
        .split(['|', ','])
        .map(|s| s.trim().to_string())
        .collect();
    // A single label may itself contain a comma; prefer the whole text when it maps.
    let labels = if ctx.config.category_for(category).is_some() {
        vec![category.to_string()]
    } else {
        labels
    };
    ctx.apply_labels(&mut course, &labels, line, &row.name(Field::Category));

    let ages = row.get(Field::Ages);
    if !ages.is_empty() {
        match crate::text::age_range(ages).or_else(|| crate::text::age_range(&format!("{ages}-"))) {
            Some(range) => course.typical_age_range = Some(range),
            None => ctx.warn(
                line,
                Some(&row.name(Field::Ages)),
                format!("'{ages}' is not an age range like 10-13 or ab 60; left out"),
            ),
        }
    }
    apply_target_group(&mut course, row.get(Field::Audience));

    let level = row.get(Field::Level);
    if !level.is_empty() {
        match crate::source::level_in(level) {
            lernort_catalogue::Level::All if !matches!(key(level).as_str(), "alle" | "all" | "allelevel" | "jedesniveau") => ctx.warn(
                line,
                Some(&row.name(Field::Level)),
                format!("'{level}' is not a level (Einstieg, mit Vorkenntnissen, fortgeschritten); left out"),
            ),
            found => course.level = found,
        }
    }

    let language = row.get(Field::Language);
    if !language.is_empty() {
        match language_code(language) {
            Some(code) => course.in_language = code,
            None => ctx.warn(
                line,
                Some(&row.name(Field::Language)),
                format!("'{language}' is not a known language; German assumed"),
            ),
        }
    }

    read_places(ctx, row, &mut course);
    read_status(ctx, row, &mut course);

    for (field, target) in [(Field::Booking, 0), (Field::Url, 1)] {
        let url = row.get(field);
        if url.is_empty() {
            continue;
        }
        if url.starts_with("https://") || url.starts_with("http://") {
            let value = Some(url.to_string());
            if target == 0 {
                course.booking_url = value;
            } else {
                course.url = value;
            }
        } else {
            ctx.warn(
                line,
                Some(&row.name(field)),
                format!("'{url}' is not an https:// address; left out"),
            );
        }
    }
    course.instructor = Some(row.get(Field::Instructor))
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    course.bring = Some(row.get(Field::Bring))
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    Some(course)
}

/// Records that the row is not imported because of what its `field` holds; `None`, for
/// the caller to return.
fn reject<T>(ctx: &mut FileContext, row: &Row, field: Field, text: impl Into<String>) -> Option<T> {
    ctx.reject(Some(row.line), Some(&row.name(field)), text);
    None
}

/// [`reject`]: the `field` holds `text`, which is not a date.
fn not_a_date<T>(ctx: &mut FileContext, row: &Row, field: Field, text: &str) -> Option<T> {
    reject(ctx, row, field, format!("'{text}' is not a date"))
}

/// The session dates of a row: the date list, or start date, count and end date.
fn row_dates(ctx: &mut FileContext, row: &Row) -> Option<Vec<Date>> {
    let line = Some(row.line);
    let list = row.get(Field::Dates);
    if !list.is_empty() {
        let mut dates = Vec::new();
        for part in list.split([',', ';', '|', '\n']).map(str::trim) {
            if part.is_empty() {
                continue;
            }
            match parse_german_date(part) {
                Some(d) => dates.push(d),
                None => return not_a_date(ctx, row, Field::Dates, part),
            }
        }
        dates.sort_unstable();
        dates.dedup();
        if dates.len() > crate::schedule::MAX_OCCURRENCES {
            let message = format!("more than {} dates", crate::schedule::MAX_OCCURRENCES);
            return reject(ctx, row, Field::Dates, message);
        }
        if !dates.is_empty() {
            return Some(dates);
        }
    }
    let start_text = row.get(Field::Start);
    let end_text = row.get(Field::End);
    let count_text = row.get(Field::Count);
    let start = match parse_german_date(start_text) {
        Some(d) => Some(d),
        None if start_text.is_empty() => reject(ctx, row, Field::Start, "missing"),
        None => not_a_date(ctx, row, Field::Start, start_text),
    };
    let end = match parse_german_date(end_text) {
        Some(d) => Some(d),
        None if end_text.is_empty() => None,
        None => return not_a_date(ctx, row, Field::End, end_text),
    };
    let count: Option<u32> = match count_text {
        "" => None,
        text => match text.parse() {
            Ok(n) if (1..=crate::schedule::MAX_OCCURRENCES as u32).contains(&n) => Some(n),
            _ => {
                let max = crate::schedule::MAX_OCCURRENCES;
                let message = format!("'{text}' is not a number of sessions (1 to {max})");
                return reject(ctx, row, Field::Count, message);
            }
        },
    };
    let start = start?;
    if let Some(end) = end {
        if end < start {
            let message = format!("'{end_text}' is before the start {start}");
            return reject(ctx, row, Field::End, message);
        }
    }
    let weekday_text = row.get(Field::Weekday);
    if let Some(day) = parse_weekday(weekday_text) {
        if day != start.weekday() {
            ctx.warn(
                line,
                Some(&row.name(Field::Weekday)),
                format!(
                    "'{weekday_text}' is not the weekday of the start date {start} ({})",
                    lernort_i18n::weekday_name(start.weekday(), lernort_i18n::Lang::De)
                ),
            );
        }
    }
    let span = end.map_or(0, |e| e.days_since_epoch() - start.days_since_epoch());
    let dates: Vec<Date> = match count {
        // A block on consecutive days (a holiday course): Beginn … Ende, one a day.
        Some(n) if n > 1 && span == i64::from(n) - 1 => {
            (0..i64::from(n)).map(|k| start.add_days(k)).collect()
        }
        Some(n) => {
            let dates: Vec<Date> = (0..i64::from(n)).map(|k| start.add_days(7 * k)).collect();
            if let (Some(end), Some(last)) = (end, dates.last()) {
                if *last != end {
                    ctx.warn(
                        line,
                        Some(&row.name(Field::End)),
                        format!(
                            "'{end_text}' is not the date of the {n}. weekly session ({last}); the weekly dates are used (list irregular dates in Einzeltermine)"
                        ),
                    );
                }
            }
            dates
        }
        None => {
            let weeks = span / 7;
            (0..=weeks).map(|k| start.add_days(7 * k)).collect()
        }
    };
    Some(dates)
}

/// Start and end time of a row's sessions; `Some(None)` for all-day sessions.
fn row_times(ctx: &mut FileContext, row: &Row) -> Option<Option<(TimeOfDay, TimeOfDay)>> {
    let (from_text, to_text) = (row.get(Field::StartTime), row.get(Field::EndTime));
    if from_text.is_empty() && to_text.is_empty() {
        return Some(None);
    }
    // "18:00-20:15" in one column.
    let (from_text, to_text) = match (from_text.split_once(['-', '–']), to_text.is_empty()) {
        (Some((a, b)), true) => (a.trim(), b.trim()),
        _ => (from_text, to_text),
    };
    let mut parse = |text: &str, field: Field| match parse_time(text) {
        Some(t) => Some(t),
        None if text.is_empty() => reject(ctx, row, field, "missing"),
        None => reject(
            ctx,
            row,
            field,
            format!("'{text}' is not a time like 18:00"),
        ),
    };
    let from = parse(from_text, Field::StartTime);
    let to = parse(to_text, Field::EndTime);
    let (from, to) = (from?, to?);
    if to < from {
        let message = format!("'{to_text}' is before the start time {from}");
        return reject(ctx, row, Field::EndTime, message);
    }
    Some(Some((from, to)))
}

/// Where: a venue the place text (and the address columns) name, else a new venue from
/// the address columns; whether it is step-free, when a column says.
fn read_place(ctx: &mut FileContext, row: &Row, course: &mut Course) {
    let line = Some(row.line);
    let (place, room) = (row.get(Field::Place), row.get(Field::Room));
    let (street, postal_code, town) = (
        row.get(Field::Street),
        row.get(Field::PostalCode),
        row.get(Field::Town),
    );
    let step_free = match row.get(Field::StepFree) {
        "" => None,
        value => match ctx.yes_no(value) {
            Ok(yes) => Some(yes),
            Err(message) => {
                ctx.warn(line, Some(&row.name(Field::StepFree)), message);
                None
            }
        },
    };
    let text: Vec<&str> = [place, street, postal_code, town]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    let name = if place.is_empty() { street } else { place };
    let new = (!name.is_empty() && !street.is_empty() && !town.is_empty()).then(|| Venue {
        id: slugify(name),
        name: name.to_string(),
        street: street.to_string(),
        postal_code: postal_code.to_string(),
        city: town.to_string(),
        step_free: step_free == Some(true),
        note: None,
    });
    let column = if place.is_empty() {
        Field::Street
    } else {
        Field::Place
    };
    let column = row.name(column);
    match ctx.apply_place_or_address(course, (&text.join(", "), room), new, (line, &column)) {
        Ok(_) => {}
        Err(e) => return ctx.reject(line, Some(&row.name(Field::Place)), e),
    }
    // A venue import.json lists keeps what import.json says; a row that disagrees is said.
    let listed = course.venue.as_deref().and_then(|id| ctx.config.venue(id));
    if let (Some(venue), Some(says)) = (listed, step_free) {
        if venue.venue.step_free != says {
            let words = |free| if free { "step-free" } else { "not step-free" };
            let message = format!(
                "the export says the venue '{}' is {}, import.json says it is {}; \
                 import.json is used (correct \"stepFree\" there if the export is right)",
                venue.venue.id,
                words(says),
                words(venue.venue.step_free),
            );
            ctx.warn(line, Some(&row.name(Field::StepFree)), message);
        }
    }
}

/// Capacity and places left.
fn read_places(ctx: &mut FileContext, row: &Row, course: &mut Course) {
    let line = Some(row.line);
    for field in [Field::Capacity, Field::PlacesLeft] {
        let text = row.get(field);
        if text.is_empty() {
            continue;
        }
        match text.parse::<u32>() {
            Ok(n) if field == Field::Capacity => course.capacity = Some(n),
            Ok(n) => course.places_left = Some(n),
            Err(_) => ctx.warn(
                line,
                Some(&row.name(field)),
                format!("'{text}' is not a number; left out"),
            ),
        }
    }
    if let (Some(left), Some(capacity)) = (course.places_left, course.capacity) {
        if left > capacity {
            ctx.warn(
                line,
                Some(&row.name(Field::PlacesLeft)),
                format!("{left} is more than the {capacity} places; {capacity} used"),
            );
            course.places_left = Some(capacity);
        }
    }
}

/// The booking state in words, as course systems and spreadsheets write it.
///
/// ```
/// use lernort_import::csv::availability_in;
/// use lernort_catalogue::Availability;
/// assert_eq!(availability_in("Warteliste"), Some(Availability::Waitlist));
/// assert_eq!(availability_in("Kurs fällt aus"), Some(Availability::Cancelled));
/// assert_eq!(availability_in("few places"), Some(Availability::Few));
/// assert_eq!(availability_in("Anmeldung ab 01.12.2026"), Some(Availability::NotYetOpen));
/// assert_eq!(availability_in("verschoben"), Some(Availability::Postponed));
/// assert_eq!(availability_in("vielleicht"), None);
/// ```
pub fn availability_in(status: &str) -> Option<Availability> {
    let w = crate::text::words(status);
    let has = |stem: &str| w.contains(&format!(" {stem}"));
    let is = |word: &str| w.contains(&format!(" {word} "));
    let state = if has("verschoben") || has("postponed") || has("neuer termin folgt") {
        Availability::Postponed
    } else if has("abgesagt")
        || has("entfaellt")
        || has("faellt aus")
        || has("storniert")
        || has("cancel")
        || has("abgebrochen")
    {
        Availability::Cancelled
    } else if has("warteliste") || has("waiting") || has("waitlist") {
        Availability::Waitlist
    } else if has("ausgebucht") || is("belegt") || is("voll") || is("full") || has("sold out") {
        Availability::Full
    } else if has("wenig")
        || has("restplaetze")
        || has("fast ausgebucht")
        || is("few")
        || has("limited")
        || is("low")
    {
        Availability::Few
    } else if has("anmeldung ab")
        || has("buchbar ab")
        || has("noch nicht")
        || has("demnaechst")
        || has("not yet")
        || is("soon")
        || is("opens")
    {
        Availability::NotYetOpen
    } else if w.trim().is_empty()
        || has("anmeldung moeglich")
        || has("freie plaetze")
        || has("plaetze frei")
        || has("offen")
        || has("buchbar")
        || is("open")
        || has("available")
        || is("ok")
        || is("ja")
    {
        Availability::Available
    } else {
        return None;
    };
    Some(state)
}

/// The booking state: the status column, corrected by the places left (none left →
/// full; three or fewer → few).
fn read_status(ctx: &mut FileContext, row: &Row, course: &mut Course) {
    let status = row.get(Field::Status);
    let own = ctx
        .provider
        .status_words
        .iter()
        .find(|(word, _)| key(word) == key(status))
        .map(|(_, state)| *state);
    let state = match own.or_else(|| availability_in(status)) {
        Some(state) => state,
        None => {
            ctx.warn(
                Some(row.line),
                Some(&row.name(Field::Status)),
                format!(
                    "'{status}' is not a known status; the places left decide (to say what it \
                     means, add to provider \"{}\" in import.json \"statusWords\": \
                     {{\"{status}\": \"available\"}} or few, waitlist, full, notYetOpen, \
                     cancelled)",
                    ctx.provider.provider.id
                ),
            );
            Availability::Available
        }
    };
    if state == Availability::NotYetOpen {
        course.availability_starts = status
            .split_whitespace()
            .find_map(parse_german_date)
            .map(When::Day);
    }
    course.availability = match (state, course.places_left) {
        (Availability::Available | Availability::Few, Some(0)) => Availability::Full,
        (Availability::Available, Some(n)) if n <= 3 && course.capacity.is_none_or(|c| c > 3) => {
            Availability::Few
        }
        (state, _) => state,
    };
}

#[cfg(test)]
mod tests {
    use super::Field;

    /// The header names and the `columns` names list the same fields, in the same order:
    /// a new field needs both (and the docs' table).
    #[test]
    fn every_field_has_header_names_and_a_columns_name() {
        let with_aliases: Vec<Field> = Field::ALIASES.iter().map(|(f, _)| *f).collect();
        let with_names: Vec<Field> = Field::NAMES.iter().map(|(f, _)| *f).collect();
        assert_eq!(with_aliases, with_names);
    }
}
