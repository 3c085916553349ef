//! Did-you-mean for misspelt fields, values, tags and watchlist terms: the closest
//! candidate if it is close enough to be a typo (the rule the config's key errors use).

/// The candidate nearest to `unknown` (case ignored), within a third of its length in
/// edits (at least one).
pub fn closest<'c>(unknown: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<String> {
    let unknown = unknown.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&unknown, &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|&(distance, candidate)| {
            distance > 0 && distance <= (candidate.chars().count() / 3).max(1)
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word_and_strangers_find_nothing() {
        let fields = ["topic", "source", "tag", "watch"];
        assert_eq!(closest("topci", fields).as_deref(), Some("topic"));
        assert_eq!(closest("SORCE", fields).as_deref(), Some("source"));
        assert_eq!(closest("tags", fields).as_deref(), Some("tag"));
        assert_eq!(closest("colour", fields), None);
        assert_eq!(closest("chna", ["us", "china"]).as_deref(), Some("china"));
    }
}
