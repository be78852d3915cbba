//! How the figures write numbers and lists, in their labels and in their
//! words alike: one way to print a value, so that what the alt text says
//! is character for character what the drawing prints.

use ndarray::ArrayRef1;

/// `value` rounded to two decimals, without trailing zeros or "−0", with a
/// true minus sign: 2.5, −12600, 0.
pub fn short(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        format!("{rounded}").replace('-', "−")
    }
}

/// `value` with exactly `decimals` decimals and a true minus sign, never
/// "−0": 2.50, −1.30.
pub fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let unsigned = text.trim_start_matches('-');
    if unsigned.chars().all(|c| c == '0' || c == '.') {
        return unsigned.to_owned();
    }
    text.replace('-', "−")
}

/// `value` rounded to a whole number, with commas between thousands:
/// 74,245.
pub fn thousands(value: f64) -> String {
    let digits = format!("{}", value.round().abs() as u64);
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if value.round() < 0.0 {
        grouped.insert(0, '−');
    }
    grouped
}

/// A vector as the book writes it: (3, 2), (−1, 1.5).
pub fn vector(v: &ArrayRef1<f64>) -> String {
    let entries: Vec<String> = v.iter().map(|&x| short(x)).collect();
    format!("({})", entries.join(", "))
}

/// `items` as English lists them: "a", "a and b", "a, b and c".
pub fn listed(items: &[impl AsRef<str>]) -> String {
    match items {
        [] => String::new(),
        [only] => only.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// A count as the words write one they do not print: in words up to
/// twelve and for whole tens up to ninety, else in digits.
pub fn count_word(count: usize) -> String {
    const SMALL: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    const TENS: [&str; 10] = [
        "", "ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    match count {
        0..=12 => SMALL[count].to_owned(),
        _ if count < 100 && count.is_multiple_of(10) => TENS[count / 10].to_owned(),
        _ => count.to_string(),
    }
}

/// `text` with its first letter in upper case, to start a sentence.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn prints_numbers_one_way() {
        assert_eq!(short(-12600.0), "−12600");
        assert_eq!(short(-0.001), "0");
        assert_eq!(short(6.499), "6.5");
        assert_eq!(number(-0.004, 2), "0.00");
        assert_eq!(number(-1.3, 2), "−1.30");
        assert_eq!(thousands(74245.4), "74,245");
        assert_eq!(thousands(-1200.0), "−1,200");
        assert_eq!(vector(&array![-1.0, 1.5]), "(−1, 1.5)");
    }

    #[test]
    fn writes_lists_and_counts_in_english() {
        assert_eq!(listed(&["1", "3", "7", "12"]), "1, 3, 7 and 12");
        assert_eq!(listed(&["a"]), "a");
        assert_eq!(count_word(5), "five");
        assert_eq!(count_word(30), "thirty");
        assert_eq!(count_word(1225), "1225");
        assert_eq!(capitalised("über"), "Über");
    }
}
