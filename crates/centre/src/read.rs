//! Reading `centre.json` with the small reader of `lernort-json`, for the app and the tools
//! alike.
//!
//! Why not serde: the config is the one file every bundle of the app reads, and serde's
//! JSON reader with the derived deserialisers cost each bundle KiBs of wasm; with this
//! reader no serde code is left in the app at all. The types keep their serde derives
//! (the tools write configs with them, and the tests check that both readers agree).
//! Like the serde attributes say: unknown fields are refused, except in `colours` and in
//! an opening period, where they are skipped.

use lernort_i18n::{Lang, Localized};
use lernort_json::{Reader, Result};
use lernort_time::{TimeOfDay, Weekday};

use crate::colour::{Colours, Rgb};
use crate::hours::{OpeningHours, OpeningPeriod};
use crate::{Address, Centre, Contact, Gateway, Legal, Logo, Section, Sources};

/// Reads a whole config (not yet checked: see `Centre::problems`).
pub(crate) fn centre(json: &str) -> Result<Centre> {
    let mut r = Reader::new(json);
    let (mut id, mut name, mut tagline, mut description, mut logo) = (None, None, None, None, None);
    let (mut colours, mut address, mut contact, mut hours, mut languages) =
        (None, None, None, None, None);
    let (mut sources, mut gateway, mut legal, mut site_url) = (None, None, None, None);
    r.object(|r, key| {
        match key {
            "id" => id = Some(r.string()?),
            "name" => name = Some(r.string()?),
            "tagline" => tagline = Some(Localized::read(r)?),
            "description" => description = Some(r.list(Localized::read)?),
            "logo" => logo = Some(read_logo(r)?),
            "colours" => colours = Some(read_colours(r)?),
            "address" => address = Some(read_address(r)?),
            "contact" => contact = Some(read_contact(r)?),
            "opening_hours" => hours = Some(OpeningHours(r.list(read_period)?)),
            "languages" => {
                languages = Some(r.list(|r| r.word(&["de", "en"], &[Lang::De, Lang::En]))?)
            }
            "sources" => sources = Some(read_sources(r)?),
            "gateway" => gateway = Some(read_gateway(r)?),
            "legal" => legal = Some(read_legal(r)?),
            "site_url" => site_url = r.optional(Reader::string)?,
            other => return Err(unknown(r, other)),
        }
        Ok(())
    })?;
    r.end()?;
    Ok(Centre {
        id: r.need(id, "id")?,
        name: r.need(name, "name")?,
        tagline: r.need(tagline, "tagline")?,
        description: r.need(description, "description")?,
        logo: r.need(logo, "logo")?,
        colours: r.need(colours, "colours")?,
        address: r.need(address, "address")?,
        contact: r.need(contact, "contact")?,
        opening_hours: r.need(hours, "opening_hours")?,
        languages: r.need(languages, "languages")?,
        sources: r.need(sources, "sources")?,
        gateway: r.need(gateway, "gateway")?,
        legal: r.need(legal, "legal")?,
        site_url,
    })
}

fn unknown(r: &Reader, field: &str) -> lernort_json::Error {
    r.error(&format!("unknown field `{field}`"))
}

fn read_logo(r: &mut Reader) -> Result<Logo> {
    let (mut src, mut alt) = (None, None);
    r.object(|r, key| {
        match key {
            "src" => src = Some(r.string()?),
            "alt" => alt = Some(Localized::read(r)?),
            other => return Err(unknown(r, other)),
        }
        Ok(())
    })?;
    Ok(Logo {
        src: r.need(src, "src")?,
        alt: r.need(alt, "alt")?,
    })
}

fn read_colours(r: &mut Reader) -> Result<Colours> {
    let mut c: [Option<Rgb>; 8] = [None; 8];
    const NAMES: [&str; 8] = [
        "background",
        "surface",
        "text",
        "muted_text",
        "primary",
        "on_primary",
        "link",
        "focus",
    ];
    r.object(|r, key| {
        match NAMES.iter().position(|n| *n == key) {
            Some(i) => c[i] = Some(r.parsed(|t| t.parse().ok(), "a colour like \"#0a5c8a\"")?),
            None => r.skip()?,
        }
        Ok(())
    })?;
    let [background, surface, text, muted_text, primary, on_primary, link, focus] = c;
    Ok(Colours {
        background: r.need(background, "background")?,
        surface: r.need(surface, "surface")?,
        text: r.need(text, "text")?,
        muted_text: r.need(muted_text, "muted_text")?,
        primary: r.need(primary, "primary")?,
        on_primary: r.need(on_primary, "on_primary")?,
        link: r.need(link, "link")?,
        focus: r.need(focus, "focus")?,
    })
}

fn read_address(r: &mut Reader) -> Result<Address> {
    let (mut building, mut street, mut postal_code, mut city, mut directions) =
        (None, None, None, None, Vec::new());
    r.object(|r, key| {
        match key {
            "building" => building = r.optional(Reader::string)?,
            "street" => street = Some(r.string()?),
            "postal_code" => postal_code = Some(r.string()?),
            "city" => city = Some(r.string()?),
            "directions" => directions = r.list(Localized::read)?,
            other => return Err(unknown(r, other)),
        }
        Ok(())
    })?;
    Ok(Address {
        building,
        street: r.need(street, "street")?,
        postal_code: r.need(postal_code, "postal_code")?,
        city: r.need(city, "city")?,
        directions,
    })
}

fn read_contact(r: &mut Reader) -> Result<Contact> {
    let (mut email, mut phone) = (None, None);
    r.object(|r, key| {
        match key {
            "email" => email = Some(r.string()?),
            "phone" => phone = r.optional(Reader::string)?,
            other => return Err(unknown(r, other)),
        }
        Ok(())
    })?;
    Ok(Contact {
        email: r.need(email, "email")?,
        phone,
    })
}

fn read_period(r: &mut Reader) -> Result<OpeningPeriod> {
    let (mut days, mut opens, mut closes) = (None, None, None);
    let time = |r: &mut Reader| r.parsed(TimeOfDay::parse, "a time of day like \"08:00\"");
    r.object(|r, key| {
        match key {
            "days" => {
                days = Some(r.list(|r| {
                    r.word(
                        &["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                        &Weekday::ALL,
                    )
                })?)
            }
            "opens" => opens = Some(time(r)?),
            "closes" => closes = Some(time(r)?),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(OpeningPeriod {
        days: r.need(days, "days")?,
        opens: r.need(opens, "opens")?,
        closes: r.need(closes, "closes")?,
    })
}

fn read_sources(r: &mut Reader) -> Result<Sources> {
    let (mut catalogue, mut coworking) = (None, None);
    r.object(|r, key| {
        match key {
            "catalogue" => catalogue = Some(r.string()?),
            "coworking" => coworking = Some(r.string()?),
            other => return Err(unknown(r, other)),
        }
        Ok(())
    })?;
    Ok(Sources {
        catalogue: r.need(catalogue, "catalogue")?,
        coworking: r.need(coworking, "coworking")?,
    })
}

fn read_gateway(r: &mut Reader) -> Result<Gateway> {
    let mut websocket_url = None;
    r.object(|r, key| {
        match key {
            "websocket_url" => websocket_url = Some(r.string()?),
            other => return Err(unknown(r, other)),
        }
        Ok(())
    })?;
    Ok(Gateway {
        websocket_url: r.need(websocket_url, "websocket_url")?,
    })
}

fn read_legal(r: &mut Reader) -> Result<Legal> {
    let (mut imprint, mut privacy, mut accessibility) = (None, None, None);
    r.object(|r, key| {
        match key {
            "imprint" => imprint = Some(r.list(read_section)?),
            "privacy" => privacy = Some(r.list(read_section)?),
            "accessibility" => accessibility = Some(r.list(read_section)?),
            other => return Err(unknown(r, other)),
        }
        Ok(())
    })?;
    Ok(Legal {
        imprint: r.need(imprint, "imprint")?,
        privacy: r.need(privacy, "privacy")?,
        accessibility: r.need(accessibility, "accessibility")?,
    })
}

fn read_section(r: &mut Reader) -> Result<Section> {
    let (mut heading, mut paragraphs) = (None, None);
    r.object(|r, key| {
        match key {
            "heading" => heading = Some(Localized::read(r)?),
            "paragraphs" => paragraphs = Some(r.list(Localized::read)?),
            other => return Err(unknown(r, other)),
        }
        Ok(())
    })?;
    Ok(Section {
        heading: r.need(heading, "heading")?,
        paragraphs: r.need(paragraphs, "paragraphs")?,
    })
}

#[cfg(test)]
mod tests {
    use crate::Centre;

    const CONFIGS: [&str; 2] = [
        include_str!("../../../centres/dilas-soest/centre.json"),
        include_str!("../../../centres/netzwerk-gt/centre.json"),
    ];

    /// Both readers on `json`: the same config or both an error.
    fn agree(json: &str) {
        let ours = super::centre(json);
        let serde: Result<Centre, _> = serde_json::from_str(json);
        match (&ours, &serde) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(_), Err(_)) => {}
            (Ok(_), Err(e)) if e.to_string().contains("duplicate field") => {}
            _ => panic!("the readers disagree on {json}:\nours:  {ours:?}\nserde: {serde:?}"),
        }
    }

    #[test]
    fn the_bundled_configs_read_alike() {
        for json in CONFIGS {
            assert!(super::centre(json).is_ok());
            agree(json);
        }
    }

    /// One-character edits of the bundled configs.
    #[test]
    fn edited_configs_read_alike() {
        for json in CONFIGS {
            for edited in lernort_json::one_char_edits(json, 3_000, 0x9E37_79B9_7F4A_7C15) {
                agree(&edited);
            }
        }
    }
}
