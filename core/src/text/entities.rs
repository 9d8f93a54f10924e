//! HTML character references (`&amp;`, `&#x4e2d;`, `&eacute;` …) decoded as the HTML standard
//! decodes them in text, for the references mail actually uses: numeric ones (with the
//! Windows-1252 meaning of 128–159 that the standard keeps), the named ones of mail templates,
//! and the few legacy names browsers still read without their `;` (`&nbsp`, `&copy`).
//! Written here rather than taken from a crate: the full table (2,231 names) would cost the
//! bundle ~30 KB for names mail does not use.

/// Decodes the character references in `s`; anything that is not one stays as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `s` (which starts with `&`) stands for, and the
/// reference's length in bytes. Every length returned ends at an ASCII byte, so at a char boundary.
fn reference(s: &str) -> Option<(char, usize)> {
    // Byte search: `;` is ASCII, so where it is found is a char boundary whatever precedes it.
    if let Some(semi) = s.bytes().take(12).position(|b| b == b';') {
        let name = &s[1..semi];
        let c = match name.strip_prefix('#') {
            Some(num) => numeric(num),
            None => named(name),
        };
        if let Some(c) = c {
            return Some((c, semi + 1));
        }
    }
    let name_len = s[1..].bytes().take_while(u8::is_ascii_alphanumeric).count();
    LEGACY.iter().filter(|(k, _)| k.len() <= name_len && s[1..].starts_with(k)).max_by_key(|(k, _)| k.len()).map(|(k, c)| (*c, k.len() + 1))
}

/// `#123` or `#x7b` without the `#`.
fn numeric(num: &str) -> Option<char> {
    let code = match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => num.parse().ok()?,
    };
    match code {
        0 => Some('\u{fffd}'),
        0x80..=0x9f => Some(WINDOWS_1252[(code - 0x80) as usize]),
        _ => char::from_u32(code),
    }
}

/// What 128–159 mean in mail from Windows (the HTML standard's table; unassigned ones stay).
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–',
    '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Names browsers decode in text even without the `;` (a subset of the standard's legacy list:
/// the ones people type).
const LEGACY: &[(&str, char)] = &[("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'), ("nbsp", '\u{a0}'), ("copy", '©'), ("reg", '®')];

/// The named character references that mail templates use. `Eacute` is found as the capital of
/// `eacute`.
fn named(name: &str) -> Option<char> {
    const TABLE: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{a0}'),
        ("times", '×'),
        ("divide", '÷'),
        ("copy", '©'),
        ("reg", '®'),
        ("trade", '™'),
        ("mdash", '—'),
        ("ndash", '–'),
        ("hellip", '…'),
        ("lsquo", '‘'),
        ("rsquo", '’'),
        ("sbquo", '‚'),
        ("ldquo", '“'),
        ("rdquo", '”'),
        ("bdquo", '„'),
        ("laquo", '«'),
        ("raquo", '»'),
        ("lsaquo", '‹'),
        ("rsaquo", '›'),
        ("bull", '•'),
        ("middot", '·'),
        ("minus", '−'),
        ("prime", '′'),
        ("permil", '‰'),
        ("hearts", '♥'),
        ("spades", '♠'),
        ("clubs", '♣'),
        ("diams", '♦'),
        ("star", '☆'),
        ("starf", '★'),
        ("loz", '◊'),
        ("euro", '€'),
        ("pound", '£'),
        ("yen", '¥'),
        ("cent", '¢'),
        ("curren", '¤'),
        ("sect", '§'),
        ("para", '¶'),
        ("deg", '°'),
        ("plusmn", '±'),
        ("frac12", '½'),
        ("frac14", '¼'),
        ("frac34", '¾'),
        ("iexcl", '¡'),
        ("iquest", '¿'),
        ("shy", '\u{ad}'),
        ("zwnj", '\u{200c}'),
        ("zwj", '\u{200d}'),
        ("lrm", '\u{200e}'),
        ("rlm", '\u{200f}'),
        ("ensp", '\u{2002}'),
        ("emsp", '\u{2003}'),
        ("thinsp", '\u{2009}'),
        ("rarr", '→'),
        ("larr", '←'),
        ("uarr", '↑'),
        ("darr", '↓'),
        ("harr", '↔'),
        ("check", '✓'),
        ("dagger", '†'),
        ("le", '≤'),
        ("ge", '≥'),
        ("ne", '≠'),
        ("infin", '∞'),
        ("micro", 'µ'),
        ("ordm", 'º'),
        ("ordf", 'ª'),
        ("sup1", '¹'),
        ("sup2", '²'),
        ("sup3", '³'),
        ("not", '¬'),
        ("brvbar", '¦'),
        ("acute", '´'),
        ("uml", '¨'),
        ("aacute", 'á'),
        ("agrave", 'à'),
        ("acirc", 'â'),
        ("auml", 'ä'),
        ("atilde", 'ã'),
        ("aring", 'å'),
        ("aelig", 'æ'),
        ("ccedil", 'ç'),
        ("eacute", 'é'),
        ("egrave", 'è'),
        ("ecirc", 'ê'),
        ("euml", 'ë'),
        ("iacute", 'í'),
        ("igrave", 'ì'),
        ("icirc", 'î'),
        ("iuml", 'ï'),
        ("ntilde", 'ñ'),
        ("oacute", 'ó'),
        ("ograve", 'ò'),
        ("ocirc", 'ô'),
        ("ouml", 'ö'),
        ("otilde", 'õ'),
        ("oslash", 'ø'),
        ("uacute", 'ú'),
        ("ugrave", 'ù'),
        ("ucirc", 'û'),
        ("uuml", 'ü'),
        ("yacute", 'ý'),
        ("yuml", 'ÿ'),
        ("szlig", 'ß'),
    ];
    let find = |n: &str| TABLE.iter().find(|(k, _)| *k == n).map(|(_, c)| *c);
    find(name).or_else(|| {
        let mut chars = name.chars();
        let first = chars.next().filter(char::is_ascii_uppercase)?;
        let lower = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
        find(&lower).filter(|c| c.is_alphabetic()).and_then(|c| c.to_uppercase().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_entities_of_mail_templates() {
        assert_eq!(
            decode_entities("2 &times; rolls &mdash; &euro;5 &Eacute;t&eacute; &copy; &hearts; &rsaquo; &minus;1"),
            "2 × rolls — €5 Été © ♥ › −1"
        );
        assert_eq!(decode_entities("&Times; &AMP;"), "&Times; &AMP;", "not a letter: no capital form invented");
    }

    #[test]
    fn entities_that_are_not_entities_stay() {
        assert_eq!(decode_entities("AT&T &bogus; &#xZZ; & a R&D"), "AT&T &bogus; &#xZZ; & a R&D");
    }

    #[test]
    fn legacy_names_without_a_semicolon_and_windows_numbers() {
        assert_eq!(decode_entities("Regards,&nbspJohn &copy 2024 a&ltb"), "Regards,\u{a0}John © 2024 a<b");
        assert_eq!(decode_entities("We&#146;re &#150; &#128;5 &#0;"), "We’re – €5 \u{fffd}");
    }

    #[test]
    fn multibyte_text_after_an_ampersand_never_panics() {
        assert_eq!(decode_entities("&مرحبا بكم"), "&مرحبا بكم");
        assert_eq!(decode_entities("R&D 研发部门的报告;"), "R&D 研发部门的报告;");
        assert_eq!(decode_entities("&nbsp; مرحبا، أرسلوا"), "\u{a0} مرحبا، أرسلوا");
    }
}
