//! The time forms of `since:` and `before:`: a period back from now (`30m`, `24h`, `7d`,
//! `2w`; minutes, hours, days, weeks: months and years vary in length, so they are written
//! in days or weeks), a day (`2026-11-01`, from midnight UTC, as `--since` reads it) or an
//! RFC 3339 time. Resolved against a `now` given by the caller.

use crate::model::UnixTime;

use super::ast::{TimeUnit, When};

/// The form written, or `None` when it is none of them (or a zero or absurd period).
pub fn parse_when(value: &str) -> Option<When> {
    if let Ok(day) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let midnight = day.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
        return Some(When::Day(midnight));
    }
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(value) {
        return Some(When::At(at.timestamp()));
    }
    let unit = match value.chars().next_back()? {
        'm' => TimeUnit::Minutes,
        'h' => TimeUnit::Hours,
        'd' => TimeUnit::Days,
        'w' => TimeUnit::Weeks,
        _ => return None,
    };
    let digits = &value[..value.len() - 1];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let amount: u64 = digits.parse().ok()?;
    // Zero is no period; more than 1000 years back is a typo, not a filter.
    let seconds = amount.checked_mul(unit.seconds())?;
    (amount > 0 && seconds <= 1_000 * 366 * 86_400).then_some(When::Ago { amount, unit })
}

/// The Unix time `when` names, `now` being now.
pub fn resolve(when: When, now: UnixTime) -> UnixTime {
    match when {
        When::Ago { amount, unit } => {
            let back = amount.saturating_mul(unit.seconds());
            now.saturating_sub(UnixTime::try_from(back).unwrap_or(UnixTime::MAX))
        }
        When::Day(at) | When::At(at) => at,
    }
}

/// How `when` is written back.
pub fn render(when: When) -> String {
    match when {
        When::Ago { amount, unit } => format!("{amount}{}", unit.suffix()),
        When::Day(at) => chrono::DateTime::from_timestamp(at, 0)
            .map_or_else(|| at.to_string(), |t| t.format("%Y-%m-%d").to_string()),
        When::At(at) => chrono::DateTime::from_timestamp(at, 0).map_or_else(
            || at.to_string(),
            |t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_days_and_times_are_read() {
        let ago = |amount, unit| Some(When::Ago { amount, unit });
        assert_eq!(parse_when("90m"), ago(90, TimeUnit::Minutes));
        assert_eq!(parse_when("24h"), ago(24, TimeUnit::Hours));
        assert_eq!(parse_when("7d"), ago(7, TimeUnit::Days));
        assert_eq!(parse_when("2w"), ago(2, TimeUnit::Weeks));
        assert_eq!(parse_when("1970-01-02"), Some(When::Day(86_400)));
        assert_eq!(parse_when("1970-01-01T01:00:00+01:00"), Some(When::At(0)));
        for bad in [
            "",
            "d",
            "0d",
            "7",
            "7y",
            "7 d",
            "-7d",
            "+7d",
            "2026-13-01",
            "99999999999999999999d",
            "400000w",
            "1h30m",
            "７d",
        ] {
            assert_eq!(parse_when(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_resolve_against_now_and_render_back() {
        let now = 1_000_000;
        assert_eq!(resolve(parse_when("1h").unwrap(), now), now - 3_600);
        assert_eq!(resolve(parse_when("2w").unwrap(), now), now - 14 * 86_400);
        assert_eq!(resolve(When::Day(86_400), now), 86_400);
        for text in [
            "90m",
            "24h",
            "7d",
            "2w",
            "2026-11-01",
            "2026-11-01T09:00:00Z",
        ] {
            assert_eq!(render(parse_when(text).unwrap()), text);
        }
        assert_eq!(
            render(parse_when("2026-11-01T09:00:00+08:00").unwrap()),
            "2026-11-01T01:00:00Z"
        );
    }
}
