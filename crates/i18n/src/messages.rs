//! The fixed interface strings, German and English side by side.
//!
//! Add a key here and the compiler points at every `match` that must learn it;
//! `cargo test -p lernort-i18n` then checks that no text is empty or left untranslated.

use crate::Lang;

macro_rules! messages {
    ($($(#[$doc:meta])* $key:ident => $de:literal, $en:literal;)*) => {
        /// A fixed interface string. Its text depends on the language: [`Msg::text`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($(#[$doc])* $key,)*
        }

        impl Msg {
            /// Every key, in table order (for the completeness tests).
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            /// The text of this string in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::De => match self { $(Msg::$key => $de,)* },
                    Lang::En => match self { $(Msg::$key => $en,)* },
                }
            }
        }
    };
}

messages! {
    /// Skip link, first focusable element on every page.
    SkipToContent => "Zum Inhalt springen", "Skip to content";
    /// Accessible name of the main navigation.
    MainNavigation => "Hauptnavigation", "Main navigation";
    /// Accessible name of the footer navigation.
    FooterNavigation => "Rechtliches und Hilfe", "Legal and help";
    NavHome => "Start", "Start";
    NavCourses => "Kurse", "Courses";
    NavCoworking => "Co-Working", "Co-Working";
    NavFloor => "Sensorboden", "Sensor floor";
    NavKiosk => "Kiosk", "Kiosk";
    NavImprint => "Impressum", "Imprint";
    NavPrivacy => "Datenschutz", "Privacy notice";
    NavAccessibility => "Barrierefreiheit", "Accessibility";
    /// Label of the language switch group.
    LanguageSwitch => "Sprache wählen", "Choose language";
    /// Shown while the centre's settings load.
    Loading => "Wird geladen …", "Loading …";
    /// Link to the start page, with the logo.
    HomeLinkLabel => "zur Startseite", "to the start page";

    ConfigErrorTitle => "Die Seite kann gerade nicht angezeigt werden", "This page cannot be shown right now";
    ConfigErrorBody => "Die Einstellungen des Lernorts konnten nicht geladen werden. Das liegt nicht an Ihnen. Bitte versuchen Sie es in einigen Minuten noch einmal.", "The centre's settings could not be loaded. This is not your fault. Please try again in a few minutes.";
    ConfigErrorDetails => "Technische Angaben für die Betreiber", "Technical details for the operators";
    RetryButton => "Erneut versuchen", "Try again";

    NotFoundTitle => "Seite nicht gefunden", "Page not found";
    NotFoundBody => "Diese Adresse gibt es bei uns nicht. Vielleicht hat sich ein Tippfehler eingeschlichen, oder die Seite wurde verschoben.", "There is no page at this address. Perhaps there is a typo, or the page has moved.";
    NotFoundHome => "Zur Startseite", "Go to the start page";

    HomeOffersTitle => "Unser Angebot", "What we offer";
    HomeVisitTitle => "Besuch", "Visit us";
    HomeAddressTitle => "Adresse", "Address";
    HomeHoursTitle => "Öffnungszeiten", "Opening hours";
    HomeContactTitle => "Kontakt", "Contact";
    Closed => "geschlossen", "closed";
    PhoneLabel => "Telefon", "Phone";
    EmailLabel => "E-Mail", "Email";
    OfferCoursesText => "Kurse, Workshops und Vorträge zu KI, Smart Home und Programmieren – für jedes Alter.", "Courses, workshops and talks on AI, smart home and programming – for every age.";
    OfferCoworkingText => "Arbeitsplätze und Räume für mobiles Arbeiten: Sehen Sie, was jetzt frei ist.", "Desks and rooms for mobile work: see what is free right now.";
    OfferFloorText => "Unser Sensorboden zeigt live, wo im Haus gerade etwas los ist – ganz ohne Kameras.", "Our sensor floor shows live where in the building people are – without any cameras.";

    CoursesTitle => "Kursprogramm", "Course programme";
    CourseTitle => "Kurs", "Course";
    CourseNotFound => "Diesen Kurs finden wir nicht. Vielleicht ist er schon vorbei oder die Adresse ist nicht vollständig.", "We cannot find this course. It may be over, or the address may be incomplete.";
    BackToCourses => "Zum Kursprogramm", "To the course programme";
    CoworkingTitle => "Co-Working", "Co-Working";
    FloorTitle => "Sensorboden live", "Live sensor floor";
    // The live floor. `{}` marks where a value goes (lernort_i18n::fill), in order.
    /// Status line while the socket opens.
    FloorConnecting => "Verbindung wird aufgebaut …", "Connecting …";
    /// Status line while frames arrive; `{}` is the time of the latest, `12:00:03`.
    FloorLive => "Live – aktualisiert {}", "Live – updated {}";
    /// Status line when frames stopped while connected (the picture is dimmed).
    FloorStale => "Veraltet – keine neuen Daten", "Stale – no new data";
    /// Status line when the connection is lost.
    FloorOffline => "Offline – keine Verbindung, neuer Versuch läuft automatisch", "Offline – no connection, retrying automatically";
    /// Status line when the gateway speaks another protocol version.
    FloorIncompatible => "Die Daten des Sensorbodens haben ein Format, das diese Seite nicht lesen kann.", "The sensor floor sends data in a format this page cannot read.";
    /// Added to stale and offline status lines; `{}` is a time.
    FloorLastPicture => "letztes Bild von {}", "last picture from {}";
    /// Status line while paused; `{}` is the time of the frozen picture.
    FloorPausedAt => "Angehalten – Bild von {}", "Paused – picture from {}";
    /// Label while paused, before any picture arrived.
    FloorPaused => "Angehalten", "Paused";
    /// Button that stops the picture and counts from changing (WCAG 2.2.2).
    FloorPause => "Anhalten", "Pause";
    /// Button that lets the picture move again.
    FloorResume => "Fortsetzen", "Resume";
    /// Group label of the colour-scale choice.
    FloorColourScale => "Farbskala", "Colour scale";
    FloorViridis => "Viridis (Standard)", "Viridis (default)";
    FloorCividis => "Cividis (bei Farbfehlsichtigkeit)", "Cividis (for colour vision deficiency)";
    /// Legend heading: what the colours mean.
    FloorLegend => "Die Farbe zeigt, wie stark der Boden belastet ist:", "The colour shows how much weight is on the floor:";
    /// Legend, left end: intensity 0.
    FloorLegendLow => "ruhig", "quiet";
    /// Legend, right end: full intensity.
    FloorLegendHigh => "viel los", "busy";
    /// Summary before the first frame.
    FloorNoData => "Noch keine Daten vom Sensorboden.", "No data from the sensor floor yet.";
    /// Summary when no segment is active.
    FloorNobody => "Gerade ist niemand auf dem Sensorboden.", "Nobody is on the sensor floor right now.";
    FloorOnePerson => "Etwa eine Person im Haus", "About one person in the building";
    /// `{}` is the number of people.
    FloorPeople => "Etwa {} Personen im Haus", "About {} people in the building";
    /// A count the floor cannot tell exactly; `{}` are its lower and upper end.
    FloorRange => "{} bis {}", "{} to {}";
    /// Second part of the summary; `{}` are the zone's name and its people count.
    FloorBusiest => "am meisten los: {} ({})", "busiest: {} ({})";
    /// Caption of the per-zone table.
    FloorZones => "Personen je Bereich (geschätzt)", "People per area (estimated)";
    FloorZoneColumn => "Bereich", "Area";
    FloorPeopleColumn => "Personen", "People";
    /// Last row of the per-zone table.
    FloorTotal => "Insgesamt", "Total";
    /// Label over a stale picture.
    FloorBadgeStale => "Veraltet", "Stale";
    /// Label over the last picture while the connection is lost.
    FloorBadgeOffline => "Keine Verbindung", "No connection";
    /// How the count works, under the table.
    FloorCountNote => "Der Boden erkennt keine Personen, nur Druck: Schritte, die zusammengehören, werden als eine Person gezählt – eine Schätzung, bei engen Gruppen ungenau. Es werden keine Wege gespeichert.", "The floor does not recognise people, only pressure: steps that belong together are counted as one person – an estimate, less exact for close groups. No paths are stored.";
    KioskTitle => "Kiosk-Ansicht", "Kiosk view";
    KioskText => "Diese Ansicht ist für die Bildschirme im Haus gedacht.", "This view is meant for the screens in the building.";
    /// Heading of the kiosk's courses slide.
    KioskCoursesTitle => "Kurse heute und demnächst", "Courses today and coming up";
    /// Heading of the kiosk's information slide.
    KioskInfoTitle => "Öffnungszeiten und Anfahrt", "Opening hours and directions";
    /// Heading over the courses of the next days.
    KioskComingUp => "Demnächst", "Coming up";
    /// Heading over today's courses.
    KioskToday => "Heute", "Today";
    /// Beside a course that is going on now.
    KioskRunning => "läuft gerade", "on now";
    KioskNoCourses => "In den nächsten Tagen sind keine Kurse eingetragen.", "No courses are planned for the next days.";
    /// Beside a slide's QR code.
    KioskOpenOnPhone => "Auf dem Handy öffnen:", "Open on your phone:";
    /// A slide's source fails; `{}` is the time of the data shown.
    KioskOutage => "Gerade keine Verbindung. Sie sehen den Stand von {}. Die Anzeige versucht es weiter.", "No connection right now. You see the state of {}. The display keeps trying.";
    /// A slide's source failed before any data arrived.
    KioskNoData => "Die Daten sind gerade nicht erreichbar. Die Anzeige versucht es weiter.", "The data cannot be reached right now. The display keeps trying.";
    /// On the night slide, under the opening status.
    KioskNightText => "Kurse, Co-Working und Öffnungszeiten finden Sie jederzeit online:", "Courses, co-working and opening hours are online at any time:";
    /// Label of the list of the kiosk's views.
    KioskViews => "Ansichten", "Views";
    /// Label of the kiosk's controls (shown when focused).
    KioskControls => "Anzeige steuern", "Display controls";
    KioskPause => "Wechsel anhalten", "Pause rotation";
    KioskResume => "Wechsel fortsetzen", "Resume rotation";
    KioskPrevious => "Vorherige Ansicht", "Previous view";
    KioskNext => "Nächste Ansicht", "Next view";
    KioskKeys => "Tasten: Leertaste hält an, Pfeiltasten blättern.", "Keys: space pauses, arrow keys turn the page.";
    /// Before the address of the legal pages on the information slide.
    KioskLegal => "Rechtliches:", "Legal:";

    ImprintTitle => "Impressum", "Imprint";
    PrivacyTitle => "Datenschutzerklärung", "Privacy notice";
    AccessibilityTitle => "Erklärung zur Barrierefreiheit", "Accessibility statement";
    /// Shown on legal pages where the centre's config has no English version.
    GermanOnlyNotice => "Dieser Text liegt nur auf Deutsch vor.", "This text is available in German only.";

    OpenNow => "Jetzt geöffnet", "Open now";
    ClosedNow => "Jetzt geschlossen", "Closed now";
    Until => "bis", "until";
    OpensToday => "öffnet heute um", "opens today at";
    OpensTomorrow => "öffnet morgen um", "opens tomorrow at";
    OpensOn => "öffnet am", "opens on";
    At => "um", "at";
    /// Marks today's row in the opening-hours table.
    Today => "heute", "today";
    /// Caption of the opening-hours table's day column.
    DayColumn => "Tag", "Day";
    /// Caption of the opening-hours table's times column.
    HoursColumn => "Uhrzeit", "Hours";
    NoOpeningHours => "Öffnungszeiten auf Anfrage", "Opening hours on request";

    // The course catalogue, course pages and favourites. `{}` marks where a value goes.
    CatalogueLoading => "Das Kursprogramm wird geladen …", "Loading the course programme …";
    CatalogueError => "Das Kursprogramm kann gerade nicht geladen werden. Das liegt nicht an Ihnen. Bitte versuchen Sie es gleich noch einmal. Alle anderen Seiten funktionieren weiter.", "The course programme cannot be loaded right now. This is not your fault. Please try again in a moment. All other pages keep working.";
    CatalogueSearchLabel => "Kurse durchsuchen", "Search courses";
    CatalogueSearchHint => "Zum Beispiel: Smartphone, KI, Python. Groß- und Kleinschreibung und kleine Tippfehler sind egal.", "For example: smartphone, AI, Python. Capital letters and small typos do not matter.";
    /// Summary of the filter disclosure.
    CatalogueFilters => "Filter", "Filters";
    /// After the summary when filters are set; `{}` is how many.
    FiltersActive => "({} aktiv)", "({} active)";
    FilterCategory => "Thema", "Topic";
    FilterProvider => "Anbieter", "Provider";
    FilterAudience => "Für wen", "For whom";
    FilterDates => "Zeitraum", "Dates";
    FilterFrom => "Von", "From";
    FilterTo => "Bis", "To";
    FilterWeekday => "Wochentag", "Day of the week";
    FilterTimeOfDay => "Tageszeit", "Time of day";
    FilterLanguage => "Kurssprache", "Course language";
    FilterAttendance => "Teilnahme", "Taking part";
    FilterAttendanceAny => "Vor Ort und online", "On site and online";
    FilterMore => "Weitere", "More";
    FilterFree => "Nur kostenlose Kurse", "Free courses only";
    FilterStepFree => "Nur stufenlos erreichbar", "Step-free access only";
    FilterHideFull => "Ausgebuchte Kurse ausblenden", "Hide fully booked courses";
    FilterShowPast => "Vergangene Kurse anzeigen", "Show past courses";
    SortLabel => "Sortierung", "Order";
    /// The one control that clears search text and every filter.
    ResetFilters => "Filter zurücksetzen", "Reset filters";
    ResultsNone => "Keine Kurse gefunden – versuchen Sie ein anderes Wort oder setzen Sie die Filter zurück.", "No courses found – try another word or reset the filters.";
    ResultsOne => "1 Kurs gefunden", "1 course found";
    /// `{}` is the number of courses.
    ResultsMany => "{} Kurse gefunden", "{} courses found";
    ShowMore => "Mehr anzeigen", "Show more";
    /// `{}` are the shown and the total number.
    ShownOf => "{} von {} angezeigt", "showing {} of {}";
    FactWhen => "Wann", "When";
    FactWhere => "Wo", "Where";
    FactPrice => "Preis", "Price";
    FactPlaces => "Plätze", "Places";
    /// The favourite toggle, not pressed.
    FavouriteAdd => "Merken", "Save";
    /// The favourite toggle, pressed.
    FavouriteSaved => "Gemerkt", "Saved";
    FavouritesTitle => "Merkliste", "Saved courses";
    FavouritesIntro => "Die Kurse, die Sie sich gemerkt haben. Die Liste wird nur auf diesem Gerät gespeichert, nicht bei uns.", "The courses you saved. The list is kept on this device only, not by us.";
    FavouritesEmpty => "Sie haben sich noch keine Kurse gemerkt. Im Kursprogramm können Sie Kurse mit „Merken“ hier sammeln.", "You have not saved any courses yet. In the course programme, “Save” collects courses here.";
    FavouriteGone => "Dieser Kurs ist nicht mehr im Kursprogramm.", "This course is no longer in the programme.";
    FavouriteRemove => "Entfernen", "Remove";
    CourseBackToResults => "Zurück zu den Suchergebnissen", "Back to the search results";
    CourseBook => "Zur Anmeldung", "Book a place";
    CourseWaitlist => "Auf die Warteliste", "Join the waiting list";
    /// Under the booking button; `{}` is the provider's name.
    CourseBookHint => "Sie melden sich auf der Website des Anbieters an: {}.", "You book on the website of the provider: {}.";
    CourseAddToCalendar => "In den Kalender eintragen", "Add to calendar";
    CourseShare => "Link teilen", "Share link";
    CourseLinkCopied => "Der Link ist kopiert. Sie können ihn jetzt einfügen und versenden.", "The link is copied. You can now paste and send it.";
    /// Followed by the course's address.
    CourseCopyFailed => "Der Link konnte nicht kopiert werden. Die Adresse lautet:", "The link could not be copied. The address is:";
    CourseSessions => "Termine", "Dates";
    /// Before a postponed course's old dates.
    CourseOriginallyPlanned => "Der neue Termin steht noch nicht fest. Ursprünglich geplant:", "The new date is not set yet. Originally planned:";
    /// After a session that has ended.
    CourseSessionOver => "vorbei", "over";
    CourseVenue => "Ort", "Place";
    CourseRoom => "Raum", "Room";
    PlaceOrOnline => "oder online", "or online";
    CourseStepFree => "Stufenlos erreichbar (ebenerdig, Rampe oder Aufzug)", "Step-free access (level entrance, ramp or lift)";
    CourseNotStepFree => "Nicht stufenlos erreichbar", "No step-free access";
    CourseDescription => "Beschreibung", "Description";
    CourseDetails => "Auf einen Blick", "At a glance";
    CourseNumber => "Kursnummer", "Course number";
    CourseAge => "Alter", "Age";
    /// `{}` is the lowest age.
    AgeFrom => "ab {} Jahren", "aged {} and over";
    /// `{}` are the lowest and highest age.
    AgeRange => "{} bis {} Jahre", "aged {} to {}";
    CourseLanguage => "Sprache", "Language";
    CourseLevel => "Niveau", "Level";
    CourseInstructor => "Kursleitung", "Instructor";
    CourseBring => "Bitte mitbringen", "Please bring";
    CourseCapacity => "Plätze insgesamt", "Places in total";
    CourseWebsite => "Kursseite des Anbieters", "Course page of the provider";
    LanguageDe => "Deutsch", "German";
    LanguageEn => "Englisch", "English";
    LanguageTr => "Türkisch", "Turkish";
    LanguageUk => "Ukrainisch", "Ukrainian";
    LanguageAr => "Arabisch", "Arabic";
    LanguageRu => "Russisch", "Russian";
    // Co-working. `{}` marks where a value goes.
    CoworkingLoading => "Die Belegung wird geladen …", "Loading what is free …";
    CoworkingError => "Die Belegung kann gerade nicht geladen werden. Das liegt nicht an Ihnen. Die Seite versucht es jede Minute wieder.", "What is free cannot be loaded right now. This is not your fault. The page tries again every minute.";
    CoworkingStale => "Die Anzeige wird gerade nicht aktualisiert. Sie sehen den Stand von {}. Die Seite versucht es weiter.", "The display is not being updated right now. You see the state of {}. The page keeps trying.";
    /// `{}` are the free and all desks.
    DesksFree => "{} von {} Plätzen frei", "{} of {} desks free";
    /// The same for exactly one desk in all.
    DeskFreeOfOne => "{} von {} Platz frei", "{} of {} desk free";
    /// `{}` is the closing time.
    OpenUntilTime => "Geöffnet bis {}", "Open until {}";
    /// `{}` is the reason, e.g. a holiday's name.
    ClosedToday => "Heute geschlossen ({})", "Closed today ({})";
    UpdatedAt => "Stand: {}", "As of {}";
    AutoUpdatePause => "Automatische Aktualisierung anhalten", "Pause automatic updates";
    AutoUpdateResume => "Automatische Aktualisierung fortsetzen", "Resume automatic updates";
    AutoUpdatePaused => "Automatische Aktualisierung angehalten.", "Automatic updates paused.";
    SpaceFree => "frei", "free";
    SpaceOccupied => "besetzt", "occupied";
    SpaceReserved => "reserviert", "reserved";
    SpaceOutOfService => "außer Betrieb", "out of service";
    /// `{}` is a time.
    SpaceUntil => "bis {}", "until {}";
    /// `{}` is a time: when the next booking starts.
    SpaceBookedFrom => "ab {} gebucht", "booked from {}";
    SpaceMonitor => "Monitor", "monitor";
    SpacePower => "Steckdose", "power socket";
    SpaceQuiet => "Ruhezone", "quiet zone";
    SpaceStepFree => "stufenlos erreichbar", "step-free";
    /// `{}` is the number of seats.
    SpaceSeats => "{} Sitzplätze", "{} seats";
    SpaceOneSeat => "1 Sitzplatz", "1 seat";
    SpaceDesk => "Arbeitsplatz", "Desk";
    SpaceRoom => "Raum", "Room";
    CoworkingPlanTitle => "Grundriss", "Floor plan";
    CoworkingPlanHint => "Wählen Sie einen Platz, um Einzelheiten zu sehen.", "Choose a space to see its details.";
    CoworkingListTitle => "Alle Plätze und Räume", "All desks and rooms";
    CoworkingTodayTitle => "Heute im Überblick", "Today at a glance";
    CoworkingTodayCaption => "Buchungen heute, Stunde für Stunde (■ gebucht, · frei, ✕ außer Betrieb)", "Bookings today, hour by hour (■ booked, · free, ✕ out of service)";
    CoworkingNoBookings => "Heute keine Buchungen", "No bookings today";
    /// `{}` is a list of time ranges.
    CoworkingBookedAt => "Gebucht: {}", "Booked: {}";
    CoworkingLoadTitle => "Wann ist es meist voll?", "When is it usually busy?";
    CoworkingLoadChart => "Typische Auslastung am {} nach Uhrzeit, in Prozent der Plätze", "Typical occupancy on {} by hour, in percent of the desks";
    CoworkingLoadDay => "Wochentag", "Weekday";
    /// `{}`: weekday, from hour, to hour, peak percent.
    CoworkingLoadPeak => "{}: am vollsten meist zwischen {} und {} Uhr (bis {} % der Plätze belegt).", "{}: usually busiest between {} and {} (up to {} % of desks taken).";
    /// `{}`: the hour from which it is quiet.
    CoworkingLoadQuiet => "Ab {} Uhr wird es meist ruhiger.", "From {} it usually gets quieter.";
    /// `{}` is the weekday.
    CoworkingLoadNone => "Für {} gibt es noch keine Auswertung.", "There are no figures for {} yet.";
    /// `{}` is the number of weeks.
    CoworkingLoadWeeks => "Ausgewertet: die letzten {} Wochen.", "Based on the last {} weeks.";
    CoworkingHowToBook => "So buchen Sie", "How to book";
    CoworkingBookOnline => "Online buchen", "Book online";
    CoworkingPhone => "Telefon", "Phone";
    CoworkingEmail => "E-Mail", "Email";
    // The page in Leichte Sprache (easy German: short sentences, one thought each, no
    // abbreviations, no passive) and its plain-English twin. `{}` marks the centre's name,
    // e-mail address, phone number or address.
    NavEasyLanguage => "Leichte Sprache", "Easy language";
    EasyTitle => "Leichte Sprache", "Easy language";
    EasyIntro => "Hier erklären wir diese Internet-Seite in Leichter Sprache.", "Here we explain this website in easy language.";
    EasyHomeLink => "Diese Seite in Leichter Sprache", "This website in easy language";
    EasyWhatTitle => "Was ist {}?", "What is {}?";
    EasyWhat1 => "{} ist ein Haus zum Lernen und zum Arbeiten.", "{} is a place to learn and to work.";
    EasyWhat2 => "Hier lernen Menschen etwas über Computer und das Internet.", "People learn about computers and the internet here.";
    EasyWhat3 => "Jeder Mensch darf kommen. Auch ältere Menschen. Auch junge Menschen.", "Everyone may come. Older people too. Young people too.";
    EasyCoursesTitle => "Kurse", "Courses";
    EasyCourses1 => "Ein Kurs ist ein Treffen zum Lernen.", "A course is a meeting where you learn something.";
    EasyCourses2 => "Auf der Seite Kurse finden Sie alle Kurse.", "You find all courses on the page Courses.";
    EasyCourses3 => "Dort steht: Wann ist der Kurs? Wo ist der Kurs? Was kostet der Kurs?", "It says: When is the course? Where is the course? What does the course cost?";
    EasyCourses4 => "Sie finden dort auch einen Knopf. Mit dem Knopf melden Sie sich an.", "You also find a button there. With the button you sign up.";
    EasyCoworkingTitle => "Arbeits-Plätze", "Desks";
    EasyCoworking1 => "Im Haus gibt es Tische zum Arbeiten. Das heißt Co-Working.", "There are desks to work at in the house. This is called co-working.";
    EasyCoworking2 => "Auf der Seite Co-Working sehen Sie: Welche Tische sind jetzt frei?", "On the page Co-Working you see: Which desks are free now?";
    EasyFloorTitle => "Der Sensor-Boden", "The sensor floor";
    EasyFloor1 => "Im Haus gibt es einen besonderen Fuß-Boden.", "There is a special floor in the house.";
    EasyFloor2 => "Der Boden merkt: Hier steht ein Mensch.", "The floor notices: a person stands here.";
    EasyFloor3 => "Auf der Seite Sensor-Boden sehen Sie ein Bild von dem Boden. Das Bild zeigt nur Farben. Das Bild zeigt keine Gesichter und keine Namen.", "On the page Sensor floor you see a picture of the floor. The picture shows only colours. It shows no faces and no names.";
    EasyDataTitle => "Ihre Daten", "Your data";
    EasyData1 => "Die Seite speichert nur 2 Dinge auf Ihrem Gerät: Ihre Sprache und Ihre gemerkten Kurse.", "The website keeps only 2 things on your device: your language and the courses you saved.";
    EasyData2 => "Das speichert die Seite nur, wenn Sie es wählen.", "It keeps them only when you choose them.";
    EasyHelpTitle => "Hilfe", "Help";
    EasyHelp1 => "Sie haben eine Frage? Dann schreiben Sie uns eine E-Mail: {}", "Do you have a question? Then write us an e-mail: {}";
    EasyHelp2 => "Oder rufen Sie uns an: {}", "Or call us: {}";
    EasyHelp3 => "Oder kommen Sie zu uns: {}", "Or come to us: {}";
}
